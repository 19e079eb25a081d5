package org.wsgi4j.regex;

/**
 * The literal text every match of an anchored expression starts with, found from the expression as
 * written: {@code ^/section12/(.*)$} gives {@code /section12/}. A subject that does not start with
 * it cannot match, which a router checks before running the regex (a configuration with a thousand
 * RewriteRules tries a thousand patterns on most requests).
 *
 * <p>Conservative on purpose: only an expression starting with {@code ^} and containing no {@code
 * |} anywhere has a prefix, only plain ASCII characters and escaped punctuation count as literals,
 * and a literal followed by a quantifier is dropped. Anything else gives the empty prefix (every
 * subject may match), never a wrong one.
 */
final class LiteralPrefix {
  /** Characters that stand for themselves outside a class in both PCRE and Java. */
  private static final String PLAIN = "/_-~%:,;=@!'\"<>&# ";

  /** Punctuation that stands for itself when escaped with a backslash. */
  private static final String ESCAPED = ".^$|?*+()[]{}\\/-#&~:;,=@!'\"<>% ";

  private LiteralPrefix() {}

  static String of(String source) {
    if (!source.startsWith("^") || source.indexOf('|') >= 0) {
      return "";
    }
    StringBuilder prefix = new StringBuilder();
    int i = 1;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (isAsciiLetterOrDigit(c) || PLAIN.indexOf(c) >= 0) {
        prefix.append(c);
        i++;
      } else if (c == '\\'
          && i + 1 < source.length()
          && ESCAPED.indexOf(source.charAt(i + 1)) >= 0) {
        prefix.append(source.charAt(i + 1));
        i += 2;
      } else {
        break;
      }
    }
    if (i < source.length() && prefix.length() > 0) {
      char next = source.charAt(i);
      if (next == '?' || next == '*' || next == '+' || next == '{') {
        // The last literal is optional or repeated: it is not part of every match.
        prefix.setLength(prefix.length() - 1);
      }
    }
    return prefix.toString();
  }

  /**
   * Whether {@code subject} starts with {@code prefix}; with {@code caseInsensitive}, ASCII letters
   * fold as Java's {@code CASE_INSENSITIVE} (without {@code UNICODE_CASE}) folds them.
   */
  static boolean startsWith(CharSequence subject, String prefix, boolean caseInsensitive) {
    if (subject.length() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      char p = prefix.charAt(i);
      char c = subject.charAt(i);
      if (c != p
          && !(caseInsensitive
              && isAsciiLetter(p)
              && isAsciiLetter(c)
              && (c | 0x20) == (p | 0x20))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9');
  }
}
