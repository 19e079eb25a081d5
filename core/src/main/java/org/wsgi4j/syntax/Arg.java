package org.wsgi4j.syntax;

import java.util.Objects;
import org.wsgi4j.source.SourceSpan;

/**
 * One argument of a directive or section, as {@code ap_getword_conf} yields it.
 *
 * @param value the argument after quote removal and escape processing
 * @param raw the characters as written (after continuation lines are joined)
 * @param quoting whether it was quoted
 * @param span where it is
 */
public record Arg(String value, String raw, Quoting quoting, SourceSpan span) {
  public Arg {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(quoting, "quoting");
    Objects.requireNonNull(span, "span");
  }

  /** An argument made in code: written in the form that reads back as {@code value}. */
  public static Arg synthetic(String value, SourceSpan span) {
    String raw = ArgumentValues.quoteIfNeeded(value);
    return new Arg(value, raw, raw.startsWith("\"") ? Quoting.DOUBLE : Quoting.NONE, span);
  }
}
