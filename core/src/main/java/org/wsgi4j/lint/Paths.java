package org.wsgi4j.lint;

/** Path prefix tests on segment boundaries, as httpd compares directories and URL prefixes. */
final class Paths {
  private Paths() {}

  /** Whether {@code path} is {@code prefix} or inside it ("/a" holds "/a/b", not "/ab"). */
  static boolean isUnder(String path, String prefix) {
    if (prefix.equals("/") || prefix.isEmpty()) {
      return path.startsWith("/");
    }
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return path.equals(p) || path.startsWith(p + "/");
  }

  /** Whether the text has shell wildcards, as Directory and Location patterns may. */
  static boolean hasWildcard(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
  }

  /** The regex without leading inline flags such as {@code (?i)}, which come before any '^'. */
  static String withoutInlineFlags(String regex) {
    return regex.replaceFirst("^(\\(\\?[a-zA-Z]+\\))+", "");
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
