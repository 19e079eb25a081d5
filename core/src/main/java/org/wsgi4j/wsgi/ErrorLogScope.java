package org.wsgi4j.wsgi;

import com.google.common.collect.ImmutableMap;
import java.util.Objects;
import java.util.Optional;

/**
 * The request the current thread is working on, for the error log: httpd writes what a request's
 * application logs ({@code wsgi.errors}, tracebacks) to the {@code ErrorLog} of the virtual host
 * that served it, whether the application runs embedded or in a daemon group defined elsewhere, and
 * to the main server's log when that host has none (recorded from httpd 2.4.71 + mod_wsgi 4.9.4).
 * The line's {@code ErrorLogFormat} items (client and local address, request headers, environment
 * variables) come from the same request.
 */
public final class ErrorLogScope {
  private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

  private ErrorLogScope() {}

  /**
   * What the error log knows about the request a line is written for.
   *
   * @param virtualHost the ServerName of the virtual host that serves it; empty for the main server
   *     or an unnamed host
   * @param environ the request's CGI variables, {@code HTTP_*} headers, environment variables and
   *     {@code mod_wsgi.*} strings
   * @param daemon whether the application runs in a daemon process group: mod_wsgi's daemon
   *     processes log with a request that has no headers (recorded: {@code %{Referer}i} is empty
   *     there, so the default format writes no {@code , referer:})
   * @param variables whether {@code environ} holds the request's environment variables ({@code
   *     %{X}e}): not for lines written before httpd's fixups (access and authentication lines,
   *     where httpd's {@code %{X}e} is empty: recorded), whose environ only names the addresses and
   *     headers
   */
  public record Request(
      Optional<String> virtualHost,
      ImmutableMap<String, String> environ,
      boolean daemon,
      boolean variables) {
    public Request {
      Objects.requireNonNull(virtualHost, "virtualHost");
      Objects.requireNonNull(environ, "environ");
    }

    /** An environment variable of the request, when the line has them. */
    public Optional<String> variable(String name) {
      return variables ? Optional.ofNullable(environ.get(name)) : Optional.empty();
    }

    /** A request header as the application saw it ({@code HTTP_X_Y} for {@code X-Y}). */
    public Optional<String> header(String name) {
      if (daemon) {
        return Optional.empty();
      }
      String key = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
      if (!key.equals("CONTENT_TYPE") && !key.equals("CONTENT_LENGTH")) {
        key = "HTTP_" + key;
      }
      return Optional.ofNullable(environ.get(key));
    }
  }

  /**
   * Marks the current thread as working for {@code request} and returns what to {@link #restore}
   * afterwards.
   */
  public static Request enter(Request request) {
    Request previous = CURRENT.get();
    CURRENT.set(request);
    return previous;
  }

  public static void restore(Request previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  /** The request the current thread works for, if any. */
  public static Optional<Request> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** The ServerName of the virtual host the current thread works for, if any. */
  public static Optional<String> virtualHost() {
    Request request = CURRENT.get();
    return request == null ? Optional.empty() : request.virtualHost();
  }
}
