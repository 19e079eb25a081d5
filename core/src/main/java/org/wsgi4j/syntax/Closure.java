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
 */
public record Closure(Kind kind, Optional<String> sawName, SourceSpan at) {
  public enum Kind {
    CLOSED,
    MISMATCHED,
    UNCLOSED
  }

  public static Closure closed(SourceSpan at) {
    return new Closure(Kind.CLOSED, Optional.empty(), at);
  }

  public static Closure mismatched(String sawName, SourceSpan at) {
    return new Closure(Kind.MISMATCHED, Optional.of(sawName), at);
  }

  public static Closure unclosed(SourceSpan endOfFile) {
    return new Closure(Kind.UNCLOSED, Optional.empty(), endOfFile);
  }
}
