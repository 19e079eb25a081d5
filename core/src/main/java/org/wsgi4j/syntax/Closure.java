package org.wsgi4j.syntax;

import java.util.Optional;
import org.wsgi4j.source.SourceSpan;

/**
 * How a section ended.
 *
 * @param kind closed by its own tag, ended by the closing tag of an enclosing section, or not at
 *     all before the end of the file
 * @param sawName for {@link Kind#MISMATCHED}, the name in the closing tag that ended it
 * @param at the closing tag, or the end of the file
 * @param missingGt true when the closing tag has no {@code >} (httpd refuses that)
 */
public record Closure(Kind kind, Optional<String> sawName, SourceSpan at, boolean missingGt) {
  public enum Kind {
    CLOSED,
    MISMATCHED,
    UNCLOSED
  }

  public static Closure closed(SourceSpan at, boolean missingGt) {
    return new Closure(Kind.CLOSED, Optional.empty(), at, missingGt);
  }

  public static Closure mismatched(String sawName, SourceSpan at) {
    return new Closure(Kind.MISMATCHED, Optional.of(sawName), at, false);
  }

  public static Closure unclosed(SourceSpan endOfFile) {
    return new Closure(Kind.UNCLOSED, Optional.empty(), endOfFile, false);
  }
}
