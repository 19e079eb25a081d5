package org.wsgi4j.compile;

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

  /** Options that only mean something for an operating-system process. */
  static final ImmutableSet<String> NOT_ENFORCED =
      ImmutableSet.of(
          "user",
          "group",
          "supplementary-groups",
          "umask",
          "chroot",
          "socket-user",
          "cpu-priority",
          "memory-limit",
          "virtual-memory-limit",
          "send-buffer-size",
          "receive-buffer-size",
          "lang",
          "locale");

  private DaemonOptions() {}

  /** C's {@code atoi}: the leading optional sign and digits, 0 when there are none. */
  static long atoi(String text) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    long value = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i)) && value < Integer.MAX_VALUE) {
      value = value * 10 + (text.charAt(i) - '0');
      i++;
    }
    return negative ? -value : value;
  }
}
