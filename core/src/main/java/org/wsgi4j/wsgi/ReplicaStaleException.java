package org.wsgi4j.wsgi;

/**
 * Thrown by a task to say that its replica can no longer serve the request as configured (in daemon
 * mode, the WSGI script file changed): the pool recycles that replica and runs the same request
 * again on a fresh one, as mod_wsgi's daemon answers "Rejected" and Apache resends the request to
 * the restarted process. The client never sees the restart.
 */
public final class ReplicaStaleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReplicaStaleException(String message) {
    super(message, null, false, false);
  }
}
