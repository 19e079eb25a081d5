package org.wsgi4j.rewrite;

/**
 * Escapes a path for a Location header as httpd's {@code ap_escape_uri} does (lower-case hex), so
 * that decoded bytes, spaces and control characters never reach a header raw.
 */
public final class UrlEscaping {
  private UrlEscaping() {}

  public static String escapePath(String path) {
    StringBuilder out = new StringBuilder(path.length() + 8);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (isPathSafe(c)) {
        out.append(c);
      } else {
        out.append('%')
            .append(Character.forDigit((c >> 4) & 0xf, 16))
            .append(Character.forDigit(c & 0xf, 16));
      }
    }
    return out.toString();
  }

  /** The query part: like a path, but '?' may stay, and '%' is always escaped. */
  public static String escapeQuery(String query) {
    StringBuilder out = new StringBuilder(query.length() + 8);
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (isPathSafe(c) || c == '?') {
        out.append(c);
      } else {
        out.append('%')
            .append(Character.forDigit((c >> 4) & 0xf, 16))
            .append(Character.forDigit(c & 0xf, 16));
      }
    }
    return out.toString();
  }

  private static boolean isPathSafe(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "$-_.+!*'(),:@&=/~".indexOf(c) >= 0;
  }
}
