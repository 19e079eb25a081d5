package org.wsgi4j.compile;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;

/** What mod_wsgi 4.9 accepts after {@code WSGIDaemonProcess name}, and how it checks values. */
final class DaemonOptions {
  /** Every option name mod_wsgi knows; names are case-sensitive. */
  static final ImmutableSet<String> KNOWN =
      ImmutableSet.of(
          "processes",
          "threads",
          "maximum-requests",
          "restart-interval",
          "inactivity-timeout",
          "request-timeout",
          "interrupt-timeout",
          "graceful-timeout",
          "eviction-timeout",
          "shutdown-timeout",
          "startup-timeout",
          "deadlock-timeout",
          "queue-timeout",
          "listen-backlog",
          "connect-timeout",
          "socket-timeout",
          "response-socket-timeout",
          "header-buffer-size",
          "response-buffer-size",
          "response-flush-delay",
          "send-buffer-size",
          "receive-buffer-size",
          "stack-size",
          "user",
          "group",
          "supplementary-groups",
          "umask",
          "chroot",
          "home",
          "python-home",
          "python-path",
          "python-eggs",
          "lang",
          "locale",
          "display-name",
          "script-user",
          "script-group",
          "socket-user",
          "cpu-time-limit",
          "cpu-priority",
          "memory-limit",
          "virtual-memory-limit",
          "server-metrics",
          "newrelic-config-file",
          "newrelic-environment");

  /** Options whose value is a count of seconds; mod_wsgi refuses negative values. */
  static final ImmutableSet<String> TIMEOUTS =
      ImmutableSet.of(
          "restart-interval",
          "inactivity-timeout",
          "request-timeout",
          "interrupt-timeout",
          "graceful-timeout",
          "eviction-timeout",
          "shutdown-timeout",
          "startup-timeout",
          "deadlock-timeout",
          "queue-timeout",
          "connect-timeout",
          "socket-timeout",
          "response-socket-timeout",
          "cpu-time-limit");

  private static final String OS_PROCESS =
      "it only applies to an operating-system process, and wsgi4j runs the group inside the JVM";

  /**
   * Options that wsgi4j accepts and does not apply, with the reason the W108 warning gives. Every
   * other option of {@link #KNOWN} is applied ({@link #APPLIED}): none is silently ignored.
   */
  static final ImmutableMap<String, String> NOT_ENFORCED =
      ImmutableMap.<String, String>builder()
          .put("user", OS_PROCESS)
          .put("group", OS_PROCESS)
          .put("supplementary-groups", OS_PROCESS)
          .put("umask", OS_PROCESS)
          .put("chroot", OS_PROCESS)
          .put("socket-user", "there is no daemon socket: requests reach the group in memory")
          .put("cpu-priority", OS_PROCESS)
          .put("memory-limit", OS_PROCESS + " (one heap serves every group; size it with -Xmx)")
          .put(
              "virtual-memory-limit",
              OS_PROCESS + " (one heap serves every group; size it with -Xmx)")
          .put("send-buffer-size", "there is no daemon socket: requests reach the group in memory")
          .put(
              "receive-buffer-size",
              "there is no daemon socket: requests reach the group in memory")
          .put("lang", OS_PROCESS + " (the JVM's locale is set when it starts)")
          .put("locale", OS_PROCESS + " (the JVM's locale is set when it starts)")
          .put(
              "deadlock-timeout",
              "Jython has no global interpreter lock to deadlock on; a request stuck for other"
                  + " reasons is handled by request-timeout")
          .put(
              "connect-timeout",
              "there is no daemon socket to connect to: a request that finds the queue"
                  + " (listen-backlog) full gets 503 at once instead of retrying")
          .put(
              "header-buffer-size",
              "response headers are handed to the container in memory, not read back from a"
                  + " daemon socket, so no header line length limit applies")
          .put(
              "response-buffer-size",
              "the response is written straight to the container, which does its own buffering")
          .put(
              "response-flush-delay",
              "the response is written straight to the container, which does its own buffering")
          .put(
              "response-socket-timeout",
              "writing to the client is bounded by the container's own write timeout")
          .put("server-metrics", "wsgi4j has no mod_wsgi.server_metrics() scoreboard to allow")
          .put(
              "python-eggs",
              "Jython's os.environ is one mapping for the whole JVM, so PYTHON_EGG_CACHE cannot"
                  + " be set for one group; set it in the JVM's environment")
          .put("newrelic-config-file", "mod_wsgi 6 removed it; wsgi4j has no New Relic agent")
          .put("newrelic-environment", "mod_wsgi 6 removed it; wsgi4j has no New Relic agent")
          .buildOrThrow();

  /** Options with an effect in wsgi4j (see docs/process-groups.md for what each becomes). */
  static final ImmutableSet<String> APPLIED =
      ImmutableSet.of(
          "processes",
          "threads",
          "maximum-requests",
          "restart-interval",
          "inactivity-timeout",
          "request-timeout",
          "interrupt-timeout",
          "graceful-timeout",
          "eviction-timeout",
          "shutdown-timeout",
          "queue-timeout",
          "listen-backlog",
          "socket-timeout",
          "stack-size",
          "home",
          "python-home",
          "python-path",
          "display-name",
          "cpu-time-limit",
          "startup-timeout");

  /**
   * Options that restrict what runs: ignoring one would serve what mod_wsgi refuses, so a
   * configuration with one is linted but not served (fail closed).
   */
  static final ImmutableMap<String, String> REFUSED =
      ImmutableMap.of(
          "script-user",
          "mod_wsgi answers 403 unless the script and its directory belong to that user; wsgi4j"
              + " does not check file ownership, so the configuration is not served",
          "script-group",
          "mod_wsgi answers 403 unless the script and its directory belong to that group; wsgi4j"
              + " does not check file ownership, so the configuration is not served");

  private DaemonOptions() {}
}
