package org.wsgi4j.cli.serve;

import java.util.Optional;

/** The parts of a ServerName value ({@code [scheme://]host[:port]}) the logs need. */
final class ServerName {
  private ServerName() {}

  static String host(String serverName) {
    String name = withoutScheme(serverName);
    if (name.startsWith("[")) {
      int close = name.indexOf(']');
      return close > 0 ? name.substring(0, close + 1) : name;
    }
    int colon = name.lastIndexOf(':');
    return colon > 0 ? name.substring(0, colon) : name;
  }

  /** The port written after the host, if any. */
  static Optional<Integer> port(String serverName) {
    String name = withoutScheme(serverName);
    int colon = name.lastIndexOf(':');
    if (colon < 0 || name.lastIndexOf(']') > colon) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(name.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String withoutScheme(String serverName) {
    int scheme = serverName.indexOf("://");
    return scheme >= 0 ? serverName.substring(scheme + 3) : serverName;
  }
}
