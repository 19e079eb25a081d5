package org.wsgi4j.rewrite;

import java.util.Objects;

/**
 * The input of one rewrite run.
 *
 * @param uri the decoded URL-path the rules match
 * @param query the query string as sent, empty for none
 * @param scheme {@code http} or {@code https}, for redirect targets
 * @param serverName the name used in self-referential URLs
 * @param serverPort the port used in self-referential URLs (left out when it is the default)
 * @param perDirectory true for rules of a Directory or Location: relative results stay relative
 *     (the router re-adds the directory or RewriteBase)
 * @param relativeBase what a relative result is made absolute with in a redirect (RewriteBase, or
 *     the directory's URL); empty in server context
 * @param explain record every rule tried, not only those that matched (for {@code wsgi4j route})
 * @param subrequest a look-ahead's sub-request: rules with [NS] or [R] are skipped
 */
public record RewriteRequest(
    String uri,
    String query,
    String scheme,
    String serverName,
    int serverPort,
    boolean perDirectory,
    String relativeBase,
    boolean explain,
    boolean subrequest) {

  /** A request that is not a sub-request. */
  public RewriteRequest(
      String uri,
      String query,
      String scheme,
      String serverName,
      int serverPort,
      boolean perDirectory,
      String relativeBase,
      boolean explain) {
    this(uri, query, scheme, serverName, serverPort, perDirectory, relativeBase, explain, false);
  }

  public RewriteRequest {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(serverName, "serverName");
  }
}
