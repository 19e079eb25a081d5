package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.Optional;

/**
 * What a server or virtual host does with requests, before per-path sections apply.
 *
 * @param documentRoot the DocumentRoot, if set
 * @param rewrite the server-context mod_rewrite program
 * @param redirects Redirect and RedirectMatch mappings in configuration order (checked first)
 * @param aliases Alias and AliasMatch mappings in configuration order
 * @param scriptAliases WSGIScriptAlias and WSGIScriptAliasMatch mappings in configuration order
 * @param sections Directory, DirectoryMatch, Location, LocationMatch, Files and FilesMatch sections
 *     in configuration order
 * @param defaults per-directory settings written at host level (httpd merges them first)
 * @param protocol request-level settings (canonical names, encoded slashes, TRACE, limits)
 * @param typesConfig the absolute path of this server's {@code TypesConfig} file, if set (httpd
 *     reads only the main server's; without one Debian's {@code /etc/mime.types})
 */
public record HostSettings(
    Optional<String> documentRoot,
    RewriteProgram rewrite,
    ImmutableList<RedirectMapping> redirects,
    ImmutableList<AliasMapping> aliases,
    ImmutableList<WsgiScriptAlias> scriptAliases,
    ImmutableList<PathSection> sections,
    DirectorySettings defaults,
    ProtocolSettings protocol,
    Optional<String> typesConfig) {

  public HostSettings {
    Objects.requireNonNull(documentRoot, "documentRoot");
    Objects.requireNonNull(rewrite, "rewrite");
    Objects.requireNonNull(redirects, "redirects");
    Objects.requireNonNull(aliases, "aliases");
    Objects.requireNonNull(scriptAliases, "scriptAliases");
    Objects.requireNonNull(sections, "sections");
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(typesConfig, "typesConfig");
  }
}
