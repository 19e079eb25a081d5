package org.wsgi4j.wsgi;

import java.io.IOException;
import org.wsgi4j.routing.RoutingDecision;

/** Runs the WSGI application a routing decision names and writes its response. */
public interface WsgiGateway extends AutoCloseable {
  /**
   * Handles one request on the caller's thread or on its process group's workers, returning when
   * the response is complete. Application errors become 500 responses; only failures to write to
   * the response escape.
   */
  void handle(RoutingDecision.Dispatch dispatch, WsgiRequest request, WsgiResponse response)
      throws IOException;

  /** Stops all process groups and closes their interpreters. */
  @Override
  void close();
}
