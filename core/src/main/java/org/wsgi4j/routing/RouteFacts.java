package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Objects;
import java.util.Optional;

/**
 * The request as httpd understood it by the time it decided: what {@code wsgi4j route --json}
 * prints whatever the decision.
 *
 * @param virtualHost the chosen host's ServerName, or empty for an unnamed host
 * @param serverName SERVER_NAME as the application would see it
 * @param serverPort SERVER_PORT as the application would see it
 * @param uri {@code r->uri} after rewriting
 * @param query {@code r->args}
 * @param filename {@code r->filename}, if the request was mapped to the file system
 * @param pathInfo {@code r->path_info}
 * @param environment the request's environment variables (SetEnv, SetEnvIf, RewriteRule E=)
 * @param user the authenticated user, if authentication ran and succeeded
 * @param authType the AuthType as configured, when a user is set
 * @param setCookies {@code Set-Cookie} values from RewriteRule {@code [CO]} flags: httpd sends them
 *     with whatever answer the request gets (error pages and redirects included)
 * @param forcedType the Content-Type a RewriteRule {@code [T]} forces on a static file
 * @param vary the request headers the answer varies on because mod_rewrite conditions read them,
 *     each once, as httpd sends them ({@code Vary: X-A,X-B}): only with the application's answer or
 *     a static file, since httpd's own error pages, redirects and challenges drop them (recorded:
 *     the routing kit's rewrite-vary case)
 * @param mime the content metadata in force (mod_mime, ForceType, AddDefaultCharset, FileETag)
 */
public record RouteFacts(
    Optional<String> virtualHost,
    String serverName,
    String serverPort,
    String uri,
    String query,
    Optional<String> filename,
    String pathInfo,
    ImmutableMap<String, String> environment,
    Optional<String> user,
    Optional<String> authType,
    ImmutableList<String> setCookies,
    Optional<String> forcedType,
    ImmutableList<String> vary,
    MimeFacts mime) {

  /** Facts without response headers from mod_rewrite and without content metadata. */
  public RouteFacts(
      Optional<String> virtualHost,
      String serverName,
      String serverPort,
      String uri,
      String query,
      Optional<String> filename,
      String pathInfo,
      ImmutableMap<String, String> environment,
      Optional<String> user,
      Optional<String> authType) {
    this(
        virtualHost,
        serverName,
        serverPort,
        uri,
        query,
        filename,
        pathInfo,
        environment,
        user,
        authType,
        ImmutableList.of(),
        Optional.empty(),
        ImmutableList.of(),
        MimeFacts.NONE);
  }

  public RouteFacts {
    Objects.requireNonNull(virtualHost, "virtualHost");
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(serverPort, "serverPort");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(pathInfo, "pathInfo");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(authType, "authType");
    Objects.requireNonNull(setCookies, "setCookies");
    Objects.requireNonNull(forcedType, "forcedType");
    Objects.requireNonNull(vary, "vary");
    Objects.requireNonNull(mime, "mime");
  }

  static RouteFacts early(String uri, String query) {
    return new RouteFacts(
        Optional.empty(),
        "",
        "",
        uri,
        query,
        Optional.empty(),
        "",
        ImmutableMap.of(),
        Optional.empty(),
        Optional.empty());
  }
}
