package org.wsgi4j.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.WsgiAuthScripts;

/**
 * Runs the WSGI application a request was routed to and writes its response. The Jython gateway
 * implements this; the filter only decides and hands over.
 */
public interface WsgiApplicationRunner extends AutoCloseable {
  void run(
      RoutingDecision.Dispatch decision, HttpServletRequest request, HttpServletResponse response)
      throws IOException;

  /**
   * The runtime's auth scripts (WSGIAuthUserScript, WSGIAuthGroupScript) for the router; none by
   * default, so that requests needing one are refused.
   */
  default WsgiAuthScripts authScripts() {
    return WsgiAuthScripts.NONE;
  }

  @Override
  default void close() {}
}
