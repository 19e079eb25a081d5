package org.wsgi4j.wsgi;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.WsgiAuthScripts;

/** Runs the WSGI application a routing decision names and writes its response. */
public interface WsgiGateway extends AutoCloseable {
  /**
   * Handles one request on the caller's thread or on its process group's workers, returning when
   * the response is complete. Application errors become 500 responses; only failures to write to
   * the response escape.
   */
  void handle(RoutingDecision.Dispatch dispatch, WsgiRequest request, WsgiResponse response)
      throws IOException;

  /**
   * Like {@link #handle}, but a request that waits for a worker of its process group does not keep
   * the caller's thread: the stage completes when the response is complete (or failed to be
   * written). The default runs {@link #handle} on the caller's thread.
   */
  default CompletionStage<Void> handleAsync(
      RoutingDecision.Dispatch dispatch, WsgiRequest request, WsgiResponse response) {
    try {
      handle(dispatch, request, response);
      return CompletableFuture.completedFuture(null);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Takes the configuration's server-wide interpreter set-up (import scripts, WSGIPythonPath,
   * WSGIPythonHome) and starts the process groups that have import scripts, which load them before
   * they take a request. Called when a configuration is installed, before requests; again after a
   * reload. The default does nothing.
   */
  default void start(ServerConfig config) {}

  /**
   * Runs mod_wsgi's auth scripts (WSGIAuthUserScript, WSGIAuthGroupScript) for the router. The
   * default has no interpreter: requests that need a script are refused, never granted.
   */
  default WsgiAuthScripts authScripts() {
    return WsgiAuthScripts.NONE;
  }

  /** Stops all process groups and closes their interpreters. */
  @Override
  void close();
}
