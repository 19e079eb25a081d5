package org.wsgi4j.routing;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.wsgi4j.rewrite.RewriteVariables;
import org.wsgi4j.source.SourceSpan;

/** mod_rewrite's {@code %{VAR}} values for one request (lookup_variable). */
final class RequestVariables implements RewriteVariables {
  private final RequestView request;
  private final Supplier<String> uri;
  private final Supplier<String> filename;
  private final Supplier<String> query;
  private final String serverName;
  private final String serverPort;
  private final Supplier<String> documentRoot;
  private final Map<String, String> environment;
  private final Map<String, String> processEnvironment;
  private final Lookaheads lookaheads;

  /** A look-ahead's sub-request: {@code %{IS_SUBREQ}} is {@code true}. */
  private final boolean subrequest;

  /** Sent headers read since the last {@link #drainHeadersRead}; null while there are none. */
  private List<String> headersRead;

  /** Look-aheads through a sub-request of the router (bounded by the router). */
  interface Lookaheads {
    /** The variable as the sub-request sees it; empty when no sub-request may be made. */
    Optional<String> lookahead(boolean file, String path, String variable, SourceSpan origin);

    boolean reachable(boolean file, String path, SourceSpan origin);
  }

  RequestVariables(
      RequestView request,
      Supplier<String> uri,
      Supplier<String> filename,
      Supplier<String> query,
      String serverName,
      String serverPort,
      Supplier<String> documentRoot,
      Map<String, String> environment,
      Map<String, String> processEnvironment,
      Lookaheads lookaheads,
      boolean subrequest) {
    this.lookaheads = lookaheads;
    this.subrequest = subrequest;
    this.request = request;
    this.uri = uri;
    this.filename = filename;
    this.query = query;
    this.serverName = serverName;
    this.serverPort = serverPort;
    this.documentRoot = documentRoot;
    this.environment = environment;
    this.processEnvironment = processEnvironment;
  }

  @Override
  public String lookahead(boolean file, String path, String variable, SourceSpan origin) {
    Optional<String> value = lookaheads.lookahead(file, path, variable, origin);
    if (value.isEmpty()) {
      return "";
    }
    // The sub-request's headers are this request's, and mod_rewrite notes a header it reads in
    // this request's Vary (recorded: the kit's rewrite-vary la-* requests).
    if (variable.regionMatches(true, 0, "HTTP:", 0, 5)) {
      header(variable.substring(5));
    } else if (variable.regionMatches(true, 0, "HTTP_", 0, 5)) {
      variable(variable.toUpperCase(Locale.ROOT));
    }
    return value.get();
  }

  @Override
  public boolean reachable(boolean file, String path, SourceSpan origin) {
    return lookaheads.reachable(file, path, origin);
  }

  @Override
  public void environmentChanged(String change) {
    if (change.startsWith("!")) {
      environment.remove(change.substring(1));
    } else {
      int equals = change.indexOf('=');
      environment.put(change.substring(0, equals), change.substring(equals + 1));
    }
  }

  @Override
  public String variable(String name) {
    if (name.startsWith("TIME")) {
      return time(name);
    }
    return switch (name) {
      // Only these HTTP_ names are headers; %{HTTP_X_FOO} is not (it expands to "").
      case "HTTP_USER_AGENT" -> header("User-Agent");
      case "HTTP_REFERER" -> header("Referer");
      case "HTTP_COOKIE" -> header("Cookie");
      case "HTTP_FORWARDED" -> header("Forwarded");
      case "HTTP_HOST" -> header("Host");
      case "HTTP_PROXY_CONNECTION" -> header("Proxy-Connection");
      case "HTTP_ACCEPT" -> header("Accept");
      case "REMOTE_ADDR", "CONN_REMOTE_ADDR", "REMOTE_HOST" -> request.remoteAddress();
      case "REMOTE_PORT" -> "";
      case "REMOTE_USER", "REMOTE_IDENT", "AUTH_TYPE", "PATH_INFO", "SERVER_ADMIN" -> "";
      case "REQUEST_METHOD" -> request.method();
      // In server context these are still the URL-path (nothing is mapped yet); per directory
      // they are the file.
      case "SCRIPT_FILENAME", "REQUEST_FILENAME" -> filename.get();
      case "REQUEST_URI" -> uri.get();
      case "QUERY_STRING" -> query.get();
      case "DOCUMENT_ROOT", "CONTEXT_DOCUMENT_ROOT" -> documentRoot.get();
      case "CONTEXT_PREFIX" -> "";
      case "SERVER_NAME" -> serverName;
      case "SERVER_ADDR" -> request.localAddress();
      case "SERVER_PORT" -> serverPort;
      case "SERVER_PROTOCOL" -> request.protocol();
      case "SERVER_SOFTWARE" -> "Apache";
      case "API_VERSION" -> "20120211:0";
      case "HTTPS" -> request.secure() ? "on" : "off";
      case "REQUEST_SCHEME" -> request.scheme();
      case "IPV6" -> request.remoteAddress().contains(":") ? "on" : "off";
      case "IS_SUBREQ" -> subrequest ? "true" : "false";
      case "THE_REQUEST" -> request.method() + " " + request.target() + " " + request.protocol();
      default -> "";
    };
  }

  /** {@code %{TIME...}}: httpd formats them in the server's local time zone. */
  private static String time(String name) {
    ZonedDateTime now = ZonedDateTime.now(java.time.ZoneId.systemDefault());
    return switch (name) {
      case "TIME_YEAR" -> String.format("%04d", now.getYear());
      case "TIME_MON" -> String.format("%02d", now.getMonthValue());
      case "TIME_DAY" -> String.format("%02d", now.getDayOfMonth());
      case "TIME_HOUR" -> String.format("%02d", now.getHour());
      case "TIME_MIN" -> String.format("%02d", now.getMinute());
      case "TIME_SEC" -> String.format("%02d", now.getSecond());
      case "TIME_WDAY" -> Integer.toString(now.getDayOfWeek().getValue() % 7);
      case "TIME" ->
          String.format(
              "%04d%02d%02d%02d%02d%02d",
              now.getYear(),
              now.getMonthValue(),
              now.getDayOfMonth(),
              now.getHour(),
              now.getMinute(),
              now.getSecond());
      default -> "";
    };
  }

  /**
   * A request header, remembered for Vary when it was sent (mod_rewrite's lookup_header: an absent
   * header and {@code Host} never vary).
   */
  @Override
  public String header(String name) {
    Optional<String> value = request.header(name);
    if (value.isEmpty()) {
      return "";
    }
    if (!name.equalsIgnoreCase("Host")) {
      if (headersRead == null) {
        headersRead = new ArrayList<>(2);
      }
      headersRead.add(name);
    }
    return value.get();
  }

  @Override
  public List<String> drainHeadersRead() {
    if (headersRead == null) {
      return List.of();
    }
    List<String> read = headersRead;
    headersRead = null;
    return read;
  }

  @Override
  public Optional<String> environment(String name) {
    String value = environment.get(name);
    return Optional.ofNullable(value != null ? value : processEnvironment.get(name));
  }
}
