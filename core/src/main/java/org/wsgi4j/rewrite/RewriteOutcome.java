package org.wsgi4j.rewrite;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a rewrite program did to a request.
 *
 * @param kind what happens next
 * @param uri the URL-path after rewriting (unchanged unless a rule substituted)
 * @param query the query string after rewriting, empty for none
 * @param substituted true when some rule substituted a new path (not {@code -})
 * @param passThrough true when the last substitution had [PT]: Alias and WSGIScriptAlias see it
 * @param literalPrefix the substitution as written, before expansion, of the rule that set {@code
 *     uri} (httpd decides between file path and DocumentRoot from it)
 * @param status for {@link Kind#STATUS} and {@link Kind#REDIRECT}, the status code
 * @param location for {@link Kind#REDIRECT}, the absolute target
 * @param environment E= changes in order: {@code NAME=value} or {@code !NAME}
 * @param steps what each rule and condition did, for explanations; formatted only when read
 * @param ended true when an [END] rule stopped rewriting for the rest of the request, internal
 *     redirects included
 * @param cookies the expanded {@code [CO=...]} values of the rules that applied, in order
 * @param forcedType the last {@code [T=...]} that took effect, lower-cased
 * @param forcedHandler the last {@code [H=...]} that took effect, lower-cased
 * @param vary the request headers that conditions of the rules that applied read, for the answer's
 *     {@code Vary} (mod_rewrite adds it to the response headers, in order, repeats kept)
 */
public record RewriteOutcome(
    Kind kind,
    String uri,
    String query,
    boolean substituted,
    boolean passThrough,
    String literalPrefix,
    int status,
    Optional<String> location,
    ImmutableList<String> environment,
    ImmutableList<Supplier<String>> steps,
    boolean ended,
    ImmutableList<FlagValue> cookies,
    Optional<FlagValue> forcedType,
    Optional<FlagValue> forcedHandler,
    ImmutableList<String> vary) {

  /** What the request does after the rules ran. */
  public enum Kind {
    /** Nothing matched, or only {@code -} rules: continue with the URI as it was. */
    UNCHANGED,
    /** A new path: with [PT] it is the URI for Alias/WSGIScriptAlias, else a file path. */
    REWRITTEN,
    /** An external redirect. */
    REDIRECT,
    /** A status such as 403 ([F]), 410 ([G]) or 500 (loop limit). */
    STATUS
  }

  public RewriteOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(literalPrefix, "literalPrefix");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(steps, "steps");
    Objects.requireNonNull(cookies, "cookies");
    Objects.requireNonNull(forcedType, "forcedType");
    Objects.requireNonNull(forcedHandler, "forcedHandler");
    Objects.requireNonNull(vary, "vary");
  }
}
