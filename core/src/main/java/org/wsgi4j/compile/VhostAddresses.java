package org.wsgi4j.compile;

import java.util.OptionalInt;
import org.wsgi4j.model.VhostAddress;

/** Parses a {@code <VirtualHost>} address: {@code host[:port]}, IPv6 in brackets, {@code *:*}. */
final class VhostAddresses {
  private VhostAddresses() {}

  static VhostAddress parse(String text) {
    String host = text;
    String port = "";
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close > 0) {
        host = text.substring(0, close + 1);
        port =
            close + 1 < text.length() && text.charAt(close + 1) == ':'
                ? text.substring(close + 2)
                : "";
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon >= 0) {
        host = text.substring(0, colon);
        port = text.substring(colon + 1);
      }
    }
    // httpd accepts a service name or '*' as the port; both leave the port unconstrained here
    // unless it is a number.
    OptionalInt parsed =
        port.isEmpty() || port.equals("*") ? OptionalInt.empty() : ModelCompiler.parsePort(port);
    return new VhostAddress(host, parsed, text);
  }
}
