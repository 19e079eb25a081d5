package org.wsgi4j.wsgi;

import com.google.common.collect.ImmutableList;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.wsgi4j.routing.RequestView;

/**
 * A request as a host hands it to the gateway: nothing decoded. Strings hold raw bytes as latin-1
 * characters (the PEP 3333 native-string view).
 */
public interface WsgiRequest {
  /** The method, case preserved. */
  String method();

  /** The request-target exactly as sent (path and query, undecoded). */
  String target();

  /** {@code HTTP/1.1}, {@code HTTP/1.0}. */
  String protocol();

  /** The header fields in arrival order, names as sent. */
  List<Map.Entry<String, String>> headers();

  /**
   * The request body, already de-framed by the host (Content-Length or chunked); the gateway never
   * reads past Content-Length.
   */
  InputStream body();

  String remoteAddress();

  int remotePort();

  String localAddress();

  int localPort();

  boolean secure();

  /** The view the router decides on. */
  default RequestView toView() {
    return new RequestView(
        method(),
        target(),
        protocol(),
        ImmutableList.copyOf(headers()),
        remoteAddress(),
        localAddress(),
        localPort(),
        secure(),
        remotePort());
  }

  /** A request made of a routed view, a client port and a body. */
  static WsgiRequest of(RequestView view, int remotePort, InputStream body) {
    return new SimpleWsgiRequest(
        view.method(),
        view.target(),
        view.protocol(),
        view.headers(),
        body,
        view.remoteAddress(),
        remotePort,
        view.localAddress(),
        view.localPort(),
        view.secure());
  }
}
