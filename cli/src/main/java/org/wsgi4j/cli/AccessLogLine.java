package org.wsgi4j.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of an Apache access log in the common ({@code %h %l %u %t "%r" %>s %b}) or combined
 * ({@code ... "%{Referer}i" "%{User-Agent}i"}) format: the client, the request line and the status
 * httpd logged.
 *
 * @param remoteAddress {@code %h}
 * @param method the request line's method
 * @param target the request line's target, as sent
 * @param protocol the request line's protocol ({@code HTTP/0.9} when the line has none)
 * @param loggedStatus {@code %>s}, or -1 for {@code -}
 */
record AccessLogLine(
    String remoteAddress, String method, String target, String protocol, int loggedStatus) {

  /** Quoted field: mod_log_config escapes {@code "} and {@code \} with a backslash. */
  private static final String QUOTED = "\"((?:[^\"\\\\]|\\\\.)*+)\"";

  private static final Pattern LINE =
      Pattern.compile(
          "^(\\S+) (\\S+) (\\S+) \\[([^\\]]*)\\] "
              + QUOTED
              + " (\\d{3}|-) (\\d+|-)(?: "
              + QUOTED
              + " "
              + QUOTED
              + ")?\\s*$");

  private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** The parsed line, or why it is not one: a malformed line never throws. */
  sealed interface Parsed permits Ok, Bad {}

  record Ok(AccessLogLine line) implements Parsed {}

  record Bad(String reason) implements Parsed {}

  static Parsed parse(String text) {
    Matcher matcher = LINE.matcher(text);
    if (!matcher.matches()) {
      return new Bad("not in common or combined log format");
    }
    String request;
    try {
      request = unescape(matcher.group(5));
    } catch (IllegalArgumentException e) {
      return new Bad("bad escape in the request line");
    }
    int status = matcher.group(6).equals("-") ? -1 : Integer.parseInt(matcher.group(6));
    Optional<String[]> parts = requestLine(request);
    if (parts.isEmpty()) {
      return new Bad("unusable request line \"" + abbreviate(matcher.group(5)) + "\"");
    }
    String[] words = parts.get();
    return new Ok(new AccessLogLine(matcher.group(1), words[0], words[1], words[2], status));
  }

  /** {@code METHOD TARGET PROTOCOL}, or {@code METHOD TARGET} (HTTP/0.9). */
  private static Optional<String[]> requestLine(String request) {
    int first = request.indexOf(' ');
    if (first <= 0) {
      return Optional.empty();
    }
    int second = request.indexOf(' ', first + 1);
    String method = request.substring(0, first);
    String target =
        second < 0 ? request.substring(first + 1) : request.substring(first + 1, second);
    String protocol = second < 0 ? "HTTP/0.9" : request.substring(second + 1);
    if (!METHOD.matcher(method).matches()
        || target.isEmpty()
        || target.chars().anyMatch(c -> c <= ' ' || c == 127)
        || !protocol.matches("HTTP/[0-9]\\.[0-9]")) {
      return Optional.empty();
    }
    return Optional.of(new String[] {method, target, protocol});
  }

  /** Undoes mod_log_config's escaping: {@code \"}, {@code \\}, {@code \xhh} and C escapes. */
  static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 >= text.length()) {
        out.append(c);
        continue;
      }
      char next = text.charAt(++i);
      switch (next) {
        case 'x' -> {
          if (i + 2 >= text.length()) {
            throw new IllegalArgumentException("truncated \\x escape");
          }
          out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'v' -> out.append('\u000b');
        default -> out.append(next);
      }
    }
    return out.toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
