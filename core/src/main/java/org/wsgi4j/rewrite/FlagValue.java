package org.wsgi4j.rewrite;

import java.util.Objects;
import org.wsgi4j.source.SourceSpan;

/**
 * The expanded value of a RewriteRule flag that acts on the response ({@code [CO]}, {@code [T]},
 * {@code [H]}), with the rule it came from for the trace.
 *
 * @param value the expanded value
 * @param origin the RewriteRule
 */
public record FlagValue(String value, SourceSpan origin) {
  public FlagValue {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(origin, "origin");
  }
}
