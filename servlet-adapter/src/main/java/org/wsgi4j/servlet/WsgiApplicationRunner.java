package org.wsgi4j.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.routing.RoutingDecision;

/**
 * Runs the WSGI application a request was routed to and writes its response. The Jython gateway
 * implements this; the filter only decides and hands over.
 */
public interface WsgiApplicationRunner extends AutoCloseable {
  void run(
      RoutingDecision.Dispatch decision, HttpServletRequest request, HttpServletResponse response)
      throws IOException;

  /**
   * Told the configuration before requests (and after a reload): a runner starts what must run
   * before the first request (mod_wsgi's import scripts). The default does nothing.
   */
  default void start(ServerConfig config) {}

  @Override
  default void close() {}
}
