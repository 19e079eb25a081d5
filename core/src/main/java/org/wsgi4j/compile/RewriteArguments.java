package org.wsgi4j.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * mod_rewrite's own argument splitter ({@code parseargline}), used by RewriteRule and RewriteCond
 * instead of httpd's generic one: up to three arguments, each optionally quoted, where a backslash
 * before whitespace keeps the whitespace in the argument (the backslash stays, so the regex sees an
 * escaped space). Text after the third argument is ignored, which is why a trailing {@code #
 * comment} after the flags is accepted.
 */
final class RewriteArguments {
  private RewriteArguments() {}

  /** The two or three arguments, or empty when there are fewer than two (a bad argument line). */
  static Optional<List<String>> split(String line) {
    List<String> args = new ArrayList<>(3);
    int i = skipSpace(line, 0);
    while (args.size() < 3 && i < line.length()) {
      char quote = line.charAt(i) == '"' || line.charAt(i) == '\'' ? line.charAt(i) : '\0';
      if (quote != '\0') {
        i++;
      }
      int start = i;
      while (i < line.length()) {
        char c = line.charAt(i);
        if ((quote == '\0' && isSpace(c)) || (quote != '\0' && c == quote)) {
          break;
        }
        if (c == '\\' && i + 1 < line.length() && isSpace(line.charAt(i + 1))) {
          i += 2;
          continue;
        }
        i++;
      }
      args.add(line.substring(start, i));
      if (i < line.length()) {
        i++; // the terminating space or quote
      }
      i = skipSpace(line, i);
    }
    return args.size() < 2 ? Optional.empty() : Optional.of(args);
  }

  private static int skipSpace(String line, int from) {
    int i = from;
    while (i < line.length() && isSpace(line.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }
}
