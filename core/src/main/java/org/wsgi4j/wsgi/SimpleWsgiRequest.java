package org.wsgi4j.wsgi;

import com.google.common.collect.ImmutableList;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A {@link WsgiRequest} made of plain values, for tools, tests and simple hosts. */
public record SimpleWsgiRequest(
    String method,
    String target,
    String protocol,
    List<Map.Entry<String, String>> headers,
    InputStream body,
    String remoteAddress,
    int remotePort,
    String localAddress,
    int localPort,
    boolean secure)
    implements WsgiRequest {

  public SimpleWsgiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(protocol, "protocol");
    headers = ImmutableList.copyOf(headers);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(localAddress, "localAddress");
  }
}
