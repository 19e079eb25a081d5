package org.wsgi4j.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One address of a {@code <VirtualHost>} line.
 *
 * @param host an IP address, a host name, {@code *} or {@code _default_}
 * @param port the port, or empty for {@code *} and a missing port (both match any port)
 * @param text the address as written, which httpd also compares with the Host header as a last
 *     resort
 */
public record VhostAddress(String host, OptionalInt port, String text) {
  public VhostAddress {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(text, "text");
  }

  public boolean isWildcard() {
    return host.equals("*") || host.equals("_default_");
  }
}
