package org.wsgi4j.regex;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates httpd's PCRE expressions into Java patterns, and refuses the ones Java would read
 * differently. Never approximates: an expression that cannot be expressed with the same meaning is
 * a load error, because a regex that matches differently in an access rule is a hole.
 *
 * <p>Differences handled: {@code $} outside a class becomes {@code \z} (PCRE with DOLLAR_ENDONLY
 * semantics is what httpd's path matching needs: a trailing newline must not satisfy it); POSIX
 * classes {@code [:alpha:]} inside brackets become Java's {@code \p{Alpha}} (Java would otherwise
 * read them as a set of letters); {@code (?P<name>} becomes {@code (?<name>}. Refused: branch reset
 * {@code (?|}, {@code \K}, recursion and subroutine calls, conditionals, callouts, and backtracking
 * verbs such as {@code (*SKIP)}.
 */
public final class PcreTranslator {
  /** The translation, or why there is none. */
  public record Result(Optional<ApacheRegex> regex, String problem) {
    public boolean failed() {
      return regex.isEmpty();
    }
  }

  private PcreTranslator() {}

  public static Result translate(String source, boolean caseInsensitive) {
    StringBuilder java = new StringBuilder(source.length() + 8);
    boolean inClass = false;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\\') {
        if (i + 1 >= source.length()) {
          return failure("trailing backslash");
        }
        char next = source.charAt(i + 1);
        if (next == 'K' || next == 'g' || next == 'R' || next == 'X' || next == 'C') {
          return failure("\\" + next + " has no Java equivalent");
        }
        java.append(c).append(next);
        i++;
        continue;
      }
      if (inClass) {
        if (c == '[' && source.startsWith("[:", i)) {
          int end = source.indexOf(":]", i + 2);
          if (end < 0) {
            return failure("unterminated POSIX class");
          }
          String posix = PosixClasses.toJava(source.substring(i + 2, end));
          if (posix == null) {
            return failure("unknown POSIX class " + source.substring(i, end + 2));
          }
          java.append(posix);
          i = end + 1;
          continue;
        }
        if (c == '[') {
          // A '[' inside a PCRE class is literal; in Java it would start a nested class.
          java.append("\\[");
          continue;
        }
        if (c == '&' && i + 1 < source.length() && source.charAt(i + 1) == '&') {
          java.append("\\&");
          continue;
        }
        if (c == ']' && !classJustOpened(java)) {
          inClass = false;
        }
        java.append(c);
        continue;
      }
      switch (c) {
        case '[' -> {
          inClass = true;
          java.append(c);
          if (i + 1 < source.length() && source.charAt(i + 1) == '^') {
            java.append('^');
            i++;
          }
          if (i + 1 < source.length() && source.charAt(i + 1) == ']') {
            // A ']' right after '[' or '[^' is literal in PCRE.
            java.append("\\]");
            i++;
          }
        }
        case '$' -> java.append("\\z");
        case '(' -> {
          String refused = refusedGroup(source, i);
          if (refused != null) {
            return failure(refused);
          }
          if (source.startsWith("(?P<", i)) {
            java.append("(?<");
            i += 3;
          } else {
            java.append(c);
          }
        }
        default -> java.append(c);
      }
    }
    if (inClass) {
      return failure("missing terminating ] for character class");
    }
    int flags = Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
    try {
      Pattern pattern = Pattern.compile(java.toString(), flags);
      int groups = pattern.matcher("").groupCount();
      return new Result(
          Optional.of(
              new ApacheRegex(source, caseInsensitive, pattern, groups, LiteralPrefix.of(source))),
          "");
    } catch (PatternSyntaxException e) {
      return failure(e.getDescription());
    }
  }

  private static boolean classJustOpened(StringBuilder java) {
    int length = java.length();
    return (length >= 1 && java.charAt(length - 1) == '[')
        || (length >= 2 && java.charAt(length - 1) == '^' && java.charAt(length - 2) == '[');
  }

  private static String refusedGroup(String source, int at) {
    if (source.startsWith("(?|", at)) {
      return "branch reset groups have no Java equivalent";
    }
    if (source.startsWith("(?R", at)
        || source.startsWith("(?&", at)
        || source.startsWith("(?P>", at)
        || (at + 2 < source.length()
            && source.charAt(at + 1) == '?'
            && (Character.isDigit(source.charAt(at + 2))
                || source.charAt(at + 2) == '+'
                || (source.charAt(at + 2) == '-'
                    && at + 3 < source.length()
                    && Character.isDigit(source.charAt(at + 3)))))) {
      return "recursion and subroutine calls have no Java equivalent";
    }
    if (source.startsWith("(?(", at)) {
      return "conditional groups have no Java equivalent";
    }
    if (source.startsWith("(?C", at)) {
      return "callouts have no Java equivalent";
    }
    if (source.startsWith("(*", at)) {
      return "backtracking control verbs have no Java equivalent";
    }
    return null;
  }

  private static Result failure(String problem) {
    return new Result(Optional.empty(), problem);
  }
}
