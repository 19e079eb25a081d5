package org.wsgi4j.wsgi;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.routing.RouteFacts;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.WsgiTarget;

/**
 * Builds the environ the way mod_wsgi 4.9 does (modwsgi.md §5) from the router's decision and the
 * request: httpd's {@code ap_add_common_vars} + {@code ap_add_cgi_vars} over the request's
 * environment variables, then mod_wsgi's own keys. Immutable and thread-safe; the {@code with}
 * methods return a changed copy.
 */
public final class WsgiEnvironBuilder {
  /** What httpd puts in SERVER_ADMIN when the configuration sets no ServerAdmin. */
  public static final String NO_SERVER_ADMIN = "[no address given]";

  public static final String DEFAULT_SERVER_SOFTWARE = "wsgi4j mod_wsgi/4.9.4 Jython/2.7.4";

  private static final AtomicLong REQUEST_IDS = new AtomicLong();

  private final String serverSoftware;
  private final String serverAdmin;
  private final boolean scriptReloading;
  private final Function<RoutingDecision.Dispatch, Optional<String>> documentRoot;

  public WsgiEnvironBuilder() {
    this(DEFAULT_SERVER_SOFTWARE, NO_SERVER_ADMIN, true, d -> Optional.empty());
  }

  private WsgiEnvironBuilder(
      String serverSoftware,
      String serverAdmin,
      boolean scriptReloading,
      Function<RoutingDecision.Dispatch, Optional<String>> documentRoot) {
    this.serverSoftware = Objects.requireNonNull(serverSoftware, "serverSoftware");
    this.serverAdmin = Objects.requireNonNull(serverAdmin, "serverAdmin");
    this.scriptReloading = scriptReloading;
    this.documentRoot = Objects.requireNonNull(documentRoot, "documentRoot");
  }

  /** SERVER_SOFTWARE (httpd's banner under ServerTokens). */
  public WsgiEnvironBuilder withServerSoftware(String value) {
    return new WsgiEnvironBuilder(value, serverAdmin, scriptReloading, documentRoot);
  }

  /** SERVER_ADMIN (the ServerAdmin directive). */
  public WsgiEnvironBuilder withServerAdmin(String value) {
    return new WsgiEnvironBuilder(serverSoftware, value, scriptReloading, documentRoot);
  }

  /** {@code mod_wsgi.script_reloading}: WSGIScriptReloading. */
  public WsgiEnvironBuilder withScriptReloading(boolean value) {
    return new WsgiEnvironBuilder(serverSoftware, serverAdmin, value, documentRoot);
  }

  /**
   * DOCUMENT_ROOT and CONTEXT_DOCUMENT_ROOT for a decision; both are left out when the function
   * answers empty (the router does not report the virtual host's DocumentRoot yet).
   */
  public WsgiEnvironBuilder withDocumentRoot(
      Function<RoutingDecision.Dispatch, Optional<String>> value) {
    return new WsgiEnvironBuilder(serverSoftware, serverAdmin, scriptReloading, value);
  }

  /** The environ for a request, stamped with the current time as {@code mod_wsgi.request_start}. */
  public WsgiEnviron build(RoutingDecision.Dispatch dispatch, WsgiRequest request) {
    return build(dispatch, request, nowMicros());
  }

  /**
   * The environ for a request.
   *
   * @param requestStartMicros {@code mod_wsgi.request_start}, microseconds since the epoch
   */
  public WsgiEnviron build(
      RoutingDecision.Dispatch dispatch, WsgiRequest request, long requestStartMicros) {
    WsgiTarget target = dispatch.target();
    RouteFacts facts = dispatch.facts();
    Map<String, String> env = new LinkedHashMap<>();

    // r->subprocess_env as the router left it: SetEnv, SetEnvIf, RewriteRule E=, REDIRECT_*,
    // SCRIPT_URL/SCRIPT_URI. The computed variables below overwrite same-named entries, as
    // httpd's apr_table_overlap(..., APR_OVERLAP_TABLES_SET) does.
    env.putAll(facts.environment());

    // HTTPS (mod_ssl, or SetEnv HTTPS on) becomes wsgi.url_scheme and leaves the environ.
    String https = env.remove("HTTPS");
    boolean httpsScheme =
        request.secure() || (https != null && (https.equalsIgnoreCase("on") || https.equals("1")));

    putHeaders(env, request, target.passAuthorization());

    env.put("SERVER_SIGNATURE", "");
    env.put("SERVER_SOFTWARE", serverSoftware);
    env.put("SERVER_NAME", facts.serverName());
    env.put("SERVER_ADDR", request.localAddress());
    env.put("SERVER_PORT", facts.serverPort());
    env.put("REMOTE_ADDR", request.remoteAddress());
    Optional<String> root = documentRoot.apply(dispatch);
    root.ifPresent(r -> env.put("DOCUMENT_ROOT", r));
    env.put("REQUEST_SCHEME", request.secure() ? "https" : "http");
    env.put("CONTEXT_PREFIX", "");
    root.ifPresent(r -> env.put("CONTEXT_DOCUMENT_ROOT", r));
    env.put("SERVER_ADMIN", serverAdmin);
    env.put("SCRIPT_FILENAME", target.scriptFilename());
    env.put("REMOTE_PORT", Integer.toString(request.remotePort()));
    facts.user().ifPresent(u -> env.put("REMOTE_USER", u));
    facts.authType().ifPresent(t -> env.put("AUTH_TYPE", t));
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("SERVER_PROTOCOL", request.protocol());
    env.put("REQUEST_METHOD", request.method());
    env.put("QUERY_STRING", facts.query());
    // The request-target byte for byte, absolute form included (httpd's original_uri()).
    env.put("REQUEST_URI", request.target());
    env.put("SCRIPT_NAME", WsgiTarget.collapseSlashes(target.scriptName()));
    env.put("PATH_INFO", WsgiTarget.collapseSlashes(target.pathInfo()));
    // mod_wsgi deletes PATH (httpd copies the server's own PATH into every CGI environment).
    env.remove("PATH");

    Optional<DaemonProcessGroup> daemon = target.daemon();
    env.put("mod_wsgi.process_group", target.processGroup());
    env.put("mod_wsgi.application_group", target.applicationGroup());
    env.put("mod_wsgi.callable_object", target.callableObject());
    env.put("mod_wsgi.request_handler", "wsgi-script");
    env.put("mod_wsgi.handler_script", "");
    env.put("mod_wsgi.script_reloading", scriptReloading ? "1" : "0");
    env.put("mod_wsgi.listener_host", request.localAddress());
    env.put("mod_wsgi.listener_port", Integer.toString(request.localPort()));
    env.put("mod_wsgi.enable_sendfile", "0");
    env.put("mod_wsgi.ignore_activity", "0");
    env.put("mod_wsgi.request_start", Long.toString(requestStartMicros));
    env.put("mod_wsgi.request_id", requestId());
    env.put("mod_wsgi.script_name", env.get("SCRIPT_NAME"));
    env.put("mod_wsgi.path_info", env.get("PATH_INFO"));
    if (daemon.isPresent()) {
      env.put("mod_wsgi.daemon_connects", "1");
      env.put("mod_wsgi.daemon_restarts", "0");
    }

    boolean multithread = daemon.map(d -> d.threads() != 1).orElse(true);
    boolean multiprocess = daemon.map(d -> d.options().containsKey("processes")).orElse(false);
    boolean runOnce =
        daemon
            .map(
                d ->
                    d.threads() == 1
                        && d.maximumRequests().isPresent()
                        && d.maximumRequests().getAsInt() == 1)
            .orElse(false);
    return new WsgiEnviron(
        ImmutableMap.copyOf(env),
        httpsScheme ? "https" : "http",
        multithread,
        multiprocess,
        runOnce);
  }

  /** The current time in microseconds since the epoch, as mod_wsgi's timing keys use. */
  public static long nowMicros() {
    return TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
  }

  /**
   * httpd's {@code ap_add_common_vars} for headers: names with anything but letters, digits and
   * {@code -} are dropped, Proxy is never exported (httpoxy), Authorization only with
   * WSGIPassAuthorization, Proxy-Authorization never; Content-Type/Length lose the HTTP_ prefix;
   * repeats are joined with {@code ", "} as httpd merges them when reading.
   */
  private static void putHeaders(
      Map<String, String> env, WsgiRequest request, boolean passAuthorization) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey();
      if (!validHeaderName(name)) {
        continue;
      }
      String lower = name.toLowerCase(Locale.ROOT);
      String key;
      switch (lower) {
        case "proxy", "proxy-authorization" -> {
          continue;
        }
        case "authorization" -> {
          if (!passAuthorization) {
            continue;
          }
          key = "HTTP_AUTHORIZATION";
        }
        case "content-type" -> key = "CONTENT_TYPE";
        case "content-length" -> key = "CONTENT_LENGTH";
        default -> key = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
      }
      merged.merge(key, header.getValue(), (a, b) -> a + ", " + b);
    }
    // An absolute-form request-target of the connection's own scheme carries the host: httpd
    // replaces the Host header's value with the target's authority as written (RFC 7230 §5.4),
    // even an empty one; it adds no Host header where there was none (HTTP/1.0).
    if (merged.containsKey("HTTP_HOST")) {
      absoluteAuthority(request.target(), request.secure() ? "https" : "http")
          .ifPresent(host -> merged.put("HTTP_HOST", host));
    }
    env.putAll(merged);
  }

  /** The authority of an absolute-form target ({@code http://host:port/path}) of a scheme. */
  static Optional<String> absoluteAuthority(String target, String scheme) {
    int colon = target.indexOf("://");
    if (colon <= 0 || !target.substring(0, colon).equalsIgnoreCase(scheme)) {
      return Optional.empty();
    }
    int start = colon + 3;
    int end = start;
    while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
      end++;
    }
    return Optional.of(target.substring(start, end));
  }

  private static boolean validHeaderName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String requestId() {
    return "w4j" + Long.toString(REQUEST_IDS.incrementAndGet(), 36);
  }
}
