package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the router needs to know about a request, as it arrived: nothing decoded or normalised yet,
 * so that every decision is made on the one canonical path the router computes itself.
 *
 * @param method the request method, case preserved (httpd methods are case-sensitive)
 * @param target the request-target exactly as sent (origin form, absolute form or {@code *})
 * @param protocol {@code HTTP/1.1}, {@code HTTP/1.0}
 * @param headers the header fields in arrival order, names as sent
 * @param remoteAddress the client IP address
 * @param localAddress the IP address the connection arrived on
 * @param localPort the port the connection arrived on
 * @param secure whether the connection is TLS
 * @param remotePort the client's port (0 where unknown); only auth scripts' environ shows it
 */
public record RequestView(
    String method,
    String target,
    String protocol,
    ImmutableList<Map.Entry<String, String>> headers,
    String remoteAddress,
    String localAddress,
    int localPort,
    boolean secure,
    int remotePort) {

  public RequestView {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(localAddress, "localAddress");
  }

  /** A request whose client port is unknown (0). */
  public RequestView(
      String method,
      String target,
      String protocol,
      ImmutableList<Map.Entry<String, String>> headers,
      String remoteAddress,
      String localAddress,
      int localPort,
      boolean secure) {
    this(method, target, protocol, headers, remoteAddress, localAddress, localPort, secure, 0);
  }

  /** A GET-style request from 127.0.0.1 to 127.0.0.1 on {@code port}, for tools and tests. */
  public static RequestView of(
      String method, String target, int port, List<Map.Entry<String, String>> headers) {
    return new RequestView(
        method,
        target,
        "HTTP/1.1",
        ImmutableList.copyOf(headers),
        "127.0.0.1",
        "127.0.0.1",
        port,
        false);
  }

  /** The values of a header, case-insensitively, in arrival order. */
  public List<String> headerValues(String name) {
    List<String> values = List.of();
    // Indexed: no iterator per look-up (the router asks for a few headers on every request).
    for (int i = 0; i < headers.size(); i++) {
      Map.Entry<String, String> header = headers.get(i);
      if (header.getKey().equalsIgnoreCase(name)) {
        if (values.isEmpty()) {
          values = List.of(header.getValue());
        } else {
          List<String> more = new ArrayList<>(values);
          more.add(header.getValue());
          values = Collections.unmodifiableList(more);
        }
      }
    }
    return values;
  }

  /** A header's value; repeats joined with {@code ", "}, as httpd merges them. */
  public Optional<String> header(String name) {
    String first = null;
    StringBuilder joined = null;
    for (int i = 0; i < headers.size(); i++) {
      Map.Entry<String, String> header = headers.get(i);
      if (!header.getKey().equalsIgnoreCase(name)) {
        continue;
      }
      if (first == null) {
        first = header.getValue();
      } else {
        if (joined == null) {
          joined = new StringBuilder(first);
        }
        joined.append(", ").append(header.getValue());
      }
    }
    return joined != null ? Optional.of(joined.toString()) : Optional.ofNullable(first);
  }

  public boolean isHttp11OrLater() {
    return protocol.regionMatches(true, 0, "HTTP/", 0, 5)
        && !protocol.equalsIgnoreCase("HTTP/1.0")
        && !protocol.equalsIgnoreCase("HTTP/0.9");
  }

  public String scheme() {
    return secure ? "https" : "http";
  }
}
