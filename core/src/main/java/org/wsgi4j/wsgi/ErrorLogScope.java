package org.wsgi4j.wsgi;

import java.util.Optional;

/**
 * The virtual host whose request the current thread is working on, for the error log: httpd writes
 * what a request's application logs ({@code wsgi.errors}, tracebacks) to the {@code ErrorLog} of
 * the virtual host that served it, whether the application runs embedded or in a daemon group
 * defined elsewhere, and to the main server's log when that host has none (recorded from httpd
 * 2.4.71 + mod_wsgi 4.9.4).
 */
public final class ErrorLogScope {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private ErrorLogScope() {}

  /**
   * Marks the current thread as working for {@code virtualHost} (its ServerName; empty for the main
   * server or an unnamed host) and returns what to {@link #restore} afterwards.
   */
  public static String enter(Optional<String> virtualHost) {
    String previous = CURRENT.get();
    CURRENT.set(virtualHost.orElse(null));
    return previous;
  }

  public static void restore(String previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  /** The ServerName of the virtual host the current thread works for, if any. */
  public static Optional<String> virtualHost() {
    return Optional.ofNullable(CURRENT.get());
  }
}
