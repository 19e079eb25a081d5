package org.wsgi4j.syntax;

/**
 * The value rules of httpd's {@code ap_getword_conf}: quotes are removed; inside quotes a backslash
 * escapes only a backslash or the same quote character; outside quotes {@code \\} still collapses
 * to one backslash; every other backslash is literal; an unterminated quote runs to the end of
 * line.
 */
public final class ArgumentValues {
  private ArgumentValues() {}

  /** The value of one token whose boundaries the lexer found. */
  public static String valueOf(String token) {
    if (token.isEmpty()) {
      return token;
    }
    char first = token.charAt(0);
    if (first == '"' || first == '\'') {
      int end = 1;
      while (end < token.length() && token.charAt(end) != first) {
        boolean escapePair =
            token.charAt(end) == '\\'
                && end + 1 < token.length()
                && (token.charAt(end + 1) == first || token.charAt(end + 1) == '\\');
        end += escapePair ? 2 : 1;
      }
      return unescape(token.substring(1, Math.min(end, token.length())), first);
    }
    return unescape(token, '\0');
  }

  public static Quoting quotingOf(String token) {
    if (token.startsWith("\"")) {
      return Quoting.DOUBLE;
    }
    return token.startsWith("'") ? Quoting.SINGLE : Quoting.NONE;
  }

  private static String unescape(String body, char quote) {
    if (body.indexOf('\\') < 0) {
      return body;
    }
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\'
          && i + 1 < body.length()
          && (body.charAt(i + 1) == '\\' || (quote != '\0' && body.charAt(i + 1) == quote))) {
        out.append(body.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Writes {@code value} so that {@link #valueOf} reads it back unchanged: bare when that is safe,
   * otherwise in double quotes with backslashes and quotes escaped.
   */
  public static String quoteIfNeeded(String value) {
    boolean bare =
        !value.isEmpty()
            && value.charAt(0) != '"'
            && value.charAt(0) != '\''
            && value.charAt(0) != '#'
            && value.charAt(0) != '<'
            && !value.contains("\\\\")
            // A backslash at the end of a line would join the next line (a continuation).
            && !value.endsWith("\\")
            && value.chars().noneMatch(ArgumentValues::isHttpdSpace);
    if (bare) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '"') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }

  /** Trims what httpd's {@code isspace} trims (not Unicode spaces, which httpd treats as data). */
  public static String trimHttpdSpace(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isHttpdSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isHttpdSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  /** httpd's {@code apr_isspace}: space, tab, newline, vertical tab, form feed, carriage return. */
  public static boolean isHttpdSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }
}
