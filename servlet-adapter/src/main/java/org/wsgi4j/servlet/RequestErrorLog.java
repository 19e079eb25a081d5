package org.wsgi4j.servlet;

import com.google.common.collect.ImmutableMap;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.wsgi.ErrorLogScope;

/**
 * The error-log lines httpd writes for a request outside its application, written for the virtual
 * host that served it (so {@code wsgi4j serve} puts them into that host's {@code ErrorLog}, in its
 * {@code ErrorLogFormat}, recorded in serve/errorlogformat): a {@code Require} that denies ({@code
 * AH01630}, mod_authz_core) and Basic credentials that were refused ({@code AH01617}/{@code
 * AH01618}, mod_auth_basic). Each goes to the logger {@code org.wsgi4j.httpd.MODULE} at SEVERE
 * (httpd's error level).
 */
final class RequestErrorLog {
  private static final Logger AUTHZ_CORE = Logger.getLogger("org.wsgi4j.httpd.authz_core");
  private static final Logger AUTH_BASIC = Logger.getLogger("org.wsgi4j.httpd.auth_basic");

  private RequestErrorLog() {}

  /** Writes the line httpd writes for {@code decision}, if it writes one. */
  static void write(RoutingDecision decision, HttpServletRequest request) {
    if (decision instanceof RoutingDecision.Challenge challenge
        && challenge.refusal().isPresent()) {
      log(AUTH_BASIC, challenge.refusal().get(), decision, request);
    } else if (decision instanceof RoutingDecision.Respond respond
        && respond.status() == 403
        && respond.reason().equals(RoutingDecision.Respond.AUTHORIZATION_DENIED)) {
      // mod_authz_core names the file the URL maps to, or the URI when it maps to none.
      String target =
          decision
              .facts()
              .filename()
              .map(RequestErrorLog::walked)
              .orElseGet(() -> "uri " + decision.facts().uri());
      log(
          AUTHZ_CORE,
          "AH01630: client denied by server configuration: " + target,
          decision,
          request);
    }
  }

  /**
   * The file name as httpd's directory walk leaves it: up to the first segment that does not exist
   * or is a file (the rest is path info). Recorded: {@code /denied/x} under a DocumentRoot without
   * {@code denied} is logged as {@code DOCROOT/denied}.
   */
  private static String walked(String filename) {
    if (!filename.startsWith("/")) {
      return filename;
    }
    java.nio.file.Path current = java.nio.file.Path.of("/");
    for (java.nio.file.Path segment : java.nio.file.Path.of(filename)) {
      current = current.resolve(segment);
      if (!java.nio.file.Files.isDirectory(current)) {
        return current.toString();
      }
    }
    return filename;
  }

  private static void log(
      Logger logger, String message, RoutingDecision decision, HttpServletRequest request) {
    if (!logger.isLoggable(Level.SEVERE)) {
      return;
    }
    ErrorLogScope.Request previous = ErrorLogScope.enter(scope(decision, request));
    try {
      logger.severe(message);
    } finally {
      ErrorLogScope.restore(previous);
    }
  }

  private static ErrorLogScope.Request scope(RoutingDecision decision, HttpServletRequest request) {
    ImmutableMap.Builder<String, String> environ = ImmutableMap.builder();
    environ.put("REMOTE_ADDR", String.valueOf(request.getRemoteAddr()));
    environ.put("REMOTE_PORT", Integer.toString(request.getRemotePort()));
    environ.put("SERVER_ADDR", String.valueOf(request.getLocalAddr()));
    environ.put("mod_wsgi.listener_port", Integer.toString(request.getLocalPort()));
    environ.put("SERVER_NAME", decision.facts().serverName());
    for (String name : Collections.list(request.getHeaderNames())) {
      String key = name.toUpperCase(Locale.ROOT).replace('-', '_');
      if (!key.equals("CONTENT_TYPE") && !key.equals("CONTENT_LENGTH")) {
        key = "HTTP_" + key;
      }
      environ.put(key, request.getHeader(name));
    }
    return new ErrorLogScope.Request(
        decision.facts().virtualHost(), environ.buildKeepingLast(), false, false);
  }
}
