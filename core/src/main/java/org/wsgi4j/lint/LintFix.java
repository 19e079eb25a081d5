package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import org.wsgi4j.source.SourceSpan;

/**
 * A mechanical fix that {@code wsgi4j lint --fix} may apply: proven to change no decision.
 *
 * @param code the finding it resolves
 * @param where the section (or directive) it changes
 * @param description one line for the operator, e.g. "Order/Allow -> Require all granted"
 * @param edits the line replacements, at most one per line range
 */
public record LintFix(
    LintCode code, SourceSpan where, String description, ImmutableList<TextEdit> edits) {
  public LintFix {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(edits, "edits");
  }
}
