package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.Optional;
import java.util.OptionalInt;
import org.wsgi4j.model.AliasMapping;
import org.wsgi4j.model.RedirectMapping;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.WsgiScriptAlias;
import org.wsgi4j.rewrite.DefinedRewriteMaps;
import org.wsgi4j.rewrite.MapFiles;

/**
 * What routing needs to know about one server (a virtual host or the main server), with the
 * inheritance from the main server already applied: computed once when the router is built, so that
 * a request does not combine lists or walk {@code Optional} chains of the model again. Immutable.
 *
 * @param host the server
 * @param serverRewrite the server-context rewrite program (rules inherited as {@code
 *     RewriteOptions} says) when the engine is on, even without rules (the engine still sets
 *     SCRIPT_URL and SCRIPT_URI); empty when it is off
 * @param maps the RewriteMaps the host's requests can use, merged from the main server's as {@code
 *     RewriteOptions} says (see {@link RewriteInheritance#maps})
 * @param redirects Redirect/RedirectMatch: the host's, then the main server's
 * @param aliases Alias/AliasMatch: the host's, then the main server's
 * @param scripts WSGIScriptAlias(Match): the host's, then the main server's
 * @param documentRoot DocumentRoot (Debian's compiled-in default when none is set)
 * @param encodedSlashes AllowEncodedSlashes ({@code Off} by default)
 * @param traceEnabled whether TRACE is allowed (only when TraceEnable is set and not Off)
 * @param useCanonicalName UseCanonicalName On
 * @param canonicalName ServerName, the main server's when the host has none, else localhost
 * @param canonicalPort the port written in {@code canonicalName}, if any
 * @param sections the host's sections grouped for the merge
 * @param directoryEngine RewriteEngine for per-directory rules whose sections do not set it
 */
record HostPlan(
    ServerHost host,
    Optional<RewriteProgram> serverRewrite,
    DefinedRewriteMaps maps,
    ImmutableList<RedirectMapping> redirects,
    ImmutableList<AliasMapping> aliases,
    ImmutableList<WsgiScriptAlias> scripts,
    String documentRoot,
    String encodedSlashes,
    boolean traceEnabled,
    boolean useCanonicalName,
    String canonicalName,
    OptionalInt canonicalPort,
    DirectoryWalk.Sections sections,
    boolean directoryEngine) {

  /** Debian's compiled-in DocumentRoot, used when a configuration sets none. */
  static final String DEFAULT_DOCUMENT_ROOT = "/var/www/html";

  static HostPlan of(ServerHost main, ServerHost host, MapFiles mapFiles) {
    boolean virtual = host.isVirtualHost();
    var settings = host.settings();
    var mainSettings = main.settings();
    String canonicalName = host.serverName().or(main::serverName).orElse("localhost");
    return new HostPlan(
        host,
        serverRewrite(main, host),
        new DefinedRewriteMaps(RewriteInheritance.maps(main, host), mapFiles),
        inherited(settings.redirects(), mainSettings.redirects(), virtual),
        inherited(settings.aliases(), mainSettings.aliases(), virtual),
        inherited(settings.scriptAliases(), mainSettings.scriptAliases(), virtual),
        settings.documentRoot().or(() -> mainSettings.documentRoot()).orElse(DEFAULT_DOCUMENT_ROOT),
        settings
            .protocol()
            .allowEncodedSlashes()
            .or(() -> mainSettings.protocol().allowEncodedSlashes())
            .orElse("Off"),
        settings
            .protocol()
            .traceEnable()
            .or(() -> mainSettings.protocol().traceEnable())
            .map(v -> !v.equalsIgnoreCase("off"))
            .orElse(false),
        settings
            .protocol()
            .useCanonicalName()
            .or(() -> mainSettings.protocol().useCanonicalName())
            .map(v -> v.equalsIgnoreCase("on"))
            .orElse(false),
        canonicalName,
        portOf(canonicalName),
        DirectoryWalk.Sections.of(main, host),
        directoryEngine(main, host));
  }

  /**
   * mod_rewrite in server context, merged with the main server's as httpd merges it (see {@link
   * RewriteInheritance}); nothing when the engine is off or the host has no mod_rewrite directive.
   */
  private static Optional<RewriteProgram> serverRewrite(ServerHost main, ServerHost host) {
    return RewriteInheritance.server(main, host);
  }

  /**
   * RewriteEngine for per-directory rules that do not set it: httpd's server-context RewriteEngine
   * also sets the host's base directory configuration, which every section merges onto (the main
   * server's reaches a virtual host that does not set it).
   */
  private static boolean directoryEngine(ServerHost main, ServerHost host) {
    Optional<Boolean> own = host.settings().rewrite().engine();
    if (host.isVirtualHost()) {
      own = own.or(() -> main.settings().rewrite().engine());
    }
    return own.orElse(false);
  }

  private static <T> ImmutableList<T> inherited(
      ImmutableList<T> own, ImmutableList<T> main, boolean virtual) {
    if (!virtual || main.isEmpty()) {
      return own;
    }
    return ImmutableList.<T>builder().addAll(own).addAll(main).build();
  }

  private static OptionalInt portOf(String serverName) {
    String value =
        serverName.contains("://")
            ? serverName.substring(serverName.indexOf("://") + 3)
            : serverName;
    int colon = value.lastIndexOf(':');
    if (colon < 0 || value.endsWith("]")) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(value.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
