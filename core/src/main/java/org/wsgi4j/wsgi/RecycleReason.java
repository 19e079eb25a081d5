package org.wsgi4j.wsgi;

/** Why a process-group replica is replaced, in mod_wsgi's terms; logged with every recycle. */
public enum RecycleReason {
  /** {@code maximum-requests} completed: planned, staggered, swap when the count is reached. */
  MAXIMUM_REQUESTS(true, "Maximum requests reached"),
  /** {@code restart-interval} elapsed: planned, staggered. */
  RESTART_INTERVAL(true, "Restart interval expired"),
  /** {@code cpu-time-limit}: the replica's workers used that much CPU: planned, staggered. */
  CPU_TIME_LIMIT(true, "CPU time limit exceeded"),
  /**
   * {@code inactivity-timeout}: the group was idle; the replacement starts empty (lazy loading).
   */
  INACTIVITY(false, "Inactivity timeout expired"),
  /** {@code request-timeout}: a request ran too long; replaced at once. */
  REQUEST_TIMEOUT(false, "Request timeout expired"),
  /** The WSGI script changed (daemon-mode WSGIScriptReloading): replaced at once. */
  SCRIPT_CHANGED(false, "WSGI script file changed"),
  /** {@code startup-timeout}: the script has not loaded in time; replaced at once. */
  STARTUP_TIMEOUT(false, "Application startup timer expired");

  private final boolean planned;
  private final String description;

  RecycleReason(boolean planned, String description) {
    this.planned = planned;
    this.description = description;
  }

  /**
   * Planned recycles take turns: at most one replica of a group is being replaced or draining at a
   * time, so that {@code processes=N} never recycle all at once. Urgent ones do not wait.
   */
  public boolean planned() {
    return planned;
  }

  public String description() {
    return description;
  }
}
