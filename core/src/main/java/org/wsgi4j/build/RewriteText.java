package org.wsgi4j.build;

/**
 * Writes RewriteRule and RewriteCond arguments for mod_rewrite's own splitter: an argument with
 * whitespace is quoted; mod_rewrite has no escape for a quote inside quotes, so such values are
 * rejected rather than silently changed.
 */
final class RewriteText {
  private RewriteText() {}

  static String join(String first, String second, String... flags) {
    StringBuilder out = new StringBuilder(quote(first)).append(' ').append(quote(second));
    if (flags.length > 0) {
      out.append(" [").append(String.join(",", flags)).append(']');
    }
    return out.toString();
  }

  static String quote(String value) {
    // A trailing backslash must not end the line, where it would join the next one.
    boolean needsQuotes =
        value.isEmpty()
            || value.chars().anyMatch(Character::isWhitespace)
            || value.startsWith("\"")
            || value.startsWith("'")
            || value.endsWith("\\");
    if (!needsQuotes) {
      return value;
    }
    if (value.indexOf('"') < 0) {
      return "\"" + value + "\"";
    }
    if (value.indexOf('\'') < 0) {
      return "'" + value + "'";
    }
    throw new IllegalArgumentException("mod_rewrite cannot express this argument: " + value);
  }
}
