package org.wsgi4j.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.routing.RequestView;
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
   * Told the configuration before requests (and after a reload): a runner starts what must run
   * before the first request (mod_wsgi's import scripts). The default does nothing.
   */
  default void start(ServerConfig config) {}

  /**
   * As {@link #run(RoutingDecision.Dispatch, HttpServletRequest, HttpServletResponse)}, given the
   * view the request was routed on (the full request-target, not a context-relative one), so that a
   * runner can take the request's headers from it instead of reading them again.
   */
  default void run(
      RoutingDecision.Dispatch decision,
      RequestView routed,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    run(decision, request, response);
  }

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
