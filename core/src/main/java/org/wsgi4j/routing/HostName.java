package org.wsgi4j.routing;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The host a request names, as httpd reads it from the absolute request-target or the Host header:
 * lower-cased, a trailing dot removed, the port split off (it does not take part in choosing a
 * virtual host). Characters outside a host name's alphabet make the request a 400.
 *
 * @param name the host name or IP literal (IPv6 keeps its brackets)
 * @param port the port written after it, if any
 */
public record HostName(String name, OptionalInt port) {

  public static Optional<HostName> parse(String header) {
    String value = header.trim().toLowerCase(Locale.ROOT);
    String host = value;
    OptionalInt port = OptionalInt.empty();
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = value.substring(0, close + 1);
      String rest = value.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return Optional.empty();
        }
        port = parsePort(rest.substring(1));
        if (port.isEmpty() && rest.length() > 1) {
          return Optional.empty();
        }
      }
    } else {
      int colon = value.lastIndexOf(':');
      if (colon >= 0) {
        host = value.substring(0, colon);
        String digits = value.substring(colon + 1);
        port = parsePort(digits);
        if (port.isEmpty()) {
          return Optional.empty(); // "name:" with no port digits is a 400 in httpd too
        }
      }
      while (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        boolean allowed =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
        if (!allowed) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(new HostName(host, port));
  }

  private static OptionalInt parsePort(String digits) {
    if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
      return OptionalInt.empty();
    }
    int port = Integer.parseInt(digits);
    return port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
  }
}
