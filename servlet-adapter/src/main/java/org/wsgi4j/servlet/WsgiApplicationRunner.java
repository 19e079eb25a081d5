package org.wsgi4j.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.wsgi4j.routing.RoutingDecision;

/**
 * Runs the WSGI application a request was routed to and writes its response. The Jython gateway
 * implements this; the filter only decides and hands over.
 */
public interface WsgiApplicationRunner extends AutoCloseable {
  void run(
      RoutingDecision.Dispatch decision, HttpServletRequest request, HttpServletResponse response)
      throws IOException;

  @Override
  default void close() {}
}
