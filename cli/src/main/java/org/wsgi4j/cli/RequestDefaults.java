package org.wsgi4j.cli;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.routing.RequestView;

/**
 * What {@code wsgi4j route} assumes about a request unless told otherwise: the connection (client
 * and local address, port, TLS), the protocol, the command line's headers, and whether a missing
 * Host header becomes {@code Host: localhost}.
 */
record RequestDefaults(
    String remoteAddress,
    String localAddress,
    int localPort,
    boolean secure,
    String protocol,
    ImmutableList<Map.Entry<String, String>> headers,
    boolean addHost) {

  static final String DEFAULT_HOST = "localhost";

  /**
   * A request with these defaults; {@code ownHeaders} come first, then the command line's headers
   * whose names the request does not set, then {@code Host: localhost} if still without Host.
   */
  RequestView request(
      String method,
      String target,
      Optional<String> protocolOverride,
      List<Map.Entry<String, String>> ownHeaders,
      Optional<String> remote,
      Optional<Integer> port) {
    List<Map.Entry<String, String>> all = new ArrayList<>(ownHeaders);
    for (Map.Entry<String, String> header : headers) {
      if (ownHeaders.stream().noneMatch(h -> h.getKey().equalsIgnoreCase(header.getKey()))) {
        all.add(header);
      }
    }
    if (addHost && all.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Host"))) {
      all.add(Map.entry("Host", DEFAULT_HOST));
    }
    return new RequestView(
        method,
        target,
        protocolOverride.map(RequestDefaults::protocol).orElse(protocol),
        ImmutableList.copyOf(all),
        remote.orElse(remoteAddress),
        localAddress,
        port.orElse(localPort),
        secure);
  }

  /** {@code 1.0} or {@code HTTP/1.0} both mean HTTP/1.0. */
  static String protocol(String text) {
    return text.toUpperCase(Locale.ROOT).startsWith("HTTP/") ? text : "HTTP/" + text;
  }

  /** Parses {@code "Name: value"}; empty when there is no colon or no name. */
  static Optional<Map.Entry<String, String>> parseHeader(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String name = text.substring(0, colon).trim();
    if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      return Optional.empty();
    }
    return Optional.of(Map.entry(name, text.substring(colon + 1).trim()));
  }
}
