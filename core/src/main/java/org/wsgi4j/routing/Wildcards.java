package org.wsgi4j.routing;

/**
 * fnmatch as httpd uses it for Location, Directory and Files: {@code *}, {@code ?}, {@code [..]}.
 */
final class Wildcards {
  private Wildcards() {}

  static boolean hasWildcard(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
  }

  /** With {@code pathname}, wildcards do not match '/' (FNM_PATHNAME). */
  static boolean fnmatch(String pattern, String text, boolean pathname) {
    return match(pattern, 0, text, 0, pathname);
  }

  private static boolean match(String p, int pi, String t, int ti, boolean pathname) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      switch (c) {
        case '*' -> {
          for (int k = ti; k <= t.length(); k++) {
            if (match(p, pi + 1, t, k, pathname)) {
              return true;
            }
            if (k < t.length() && pathname && t.charAt(k) == '/') {
              return false;
            }
          }
          return false;
        }
        case '?' -> {
          if (ti >= t.length() || (pathname && t.charAt(ti) == '/')) {
            return false;
          }
          pi++;
          ti++;
        }
        case '[' -> {
          int close = p.indexOf(']', pi + 2);
          if (close < 0 || ti >= t.length()) {
            return false;
          }
          String set = p.substring(pi + 1, close);
          boolean negate = set.startsWith("!") || set.startsWith("^");
          if (negate) {
            set = set.substring(1);
          }
          char ch = t.charAt(ti);
          boolean in = false;
          for (int k = 0; k < set.length(); k++) {
            if (k + 2 < set.length() && set.charAt(k + 1) == '-') {
              in |= ch >= set.charAt(k) && ch <= set.charAt(k + 2);
              k += 2;
            } else {
              in |= ch == set.charAt(k);
            }
          }
          if (in == negate) {
            return false;
          }
          pi = close + 1;
          ti++;
        }
        default -> {
          if (ti >= t.length() || t.charAt(ti) != c) {
            return false;
          }
          pi++;
          ti++;
        }
      }
    }
    return ti == t.length();
  }
}
