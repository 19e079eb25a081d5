package org.wsgi4j.servlet;

import com.google.common.collect.ImmutableList;
import jakarta.servlet.http.HttpServletRequest;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.wsgi4j.routing.RequestView;

/**
 * The router's view of a servlet request: the request-target as sent (still encoded), so that the
 * router computes the one canonical path itself instead of trusting the container's decoding.
 */
public final class RequestBridge {
  private RequestBridge() {}

  /**
   * @param contextRelative whether the router sees the path inside the web application (context
   *     path removed) rather than the full request URI
   */
  /**
   * The port the configuration knows a connection by: a configuration written for port 80 runs
   * unchanged on an unprivileged port.
   */
  @FunctionalInterface
  public interface PortMap {
    int configPort(int actualPort);

    PortMap IDENTITY = port -> port;
  }

  static RequestView view(HttpServletRequest request, boolean contextRelative) {
    return view(request, contextRelative, PortMap.IDENTITY);
  }

  static RequestView view(HttpServletRequest request, boolean contextRelative, PortMap ports) {
    String uri = request.getRequestURI();
    if (contextRelative
        && !request.getContextPath().isEmpty()
        && uri.startsWith(request.getContextPath())) {
      uri = uri.substring(request.getContextPath().length());
      if (uri.isEmpty()) {
        uri = "/";
      }
    }
    String query = request.getQueryString();
    String target = query == null ? uri : uri + "?" + query;
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      for (String value : Collections.list(request.getHeaders(name))) {
        headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
      }
    }
    return new RequestView(
        request.getMethod(),
        target,
        request.getProtocol(),
        ImmutableList.copyOf(headers),
        request.getRemoteAddr(),
        request.getLocalAddr(),
        ports.configPort(request.getLocalPort()),
        request.isSecure(),
        request.getRemotePort());
  }

  /** The same view, known by {@code localPort}. */
  static RequestView withLocalPort(RequestView view, int localPort) {
    if (view.localPort() == localPort) {
      return view;
    }
    return new RequestView(
        view.method(),
        view.target(),
        view.protocol(),
        view.headers(),
        view.remoteAddress(),
        view.localAddress(),
        localPort,
        view.secure());
  }
}
