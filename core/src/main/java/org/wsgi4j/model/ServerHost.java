package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.source.SourceSpan;

/**
 * The main server or one virtual host.
 *
 * @param addresses the {@code <VirtualHost>} addresses; empty for the main server
 * @param serverName the ServerName, if set (may carry a scheme and port, as httpd allows)
 * @param serverAliases the ServerAlias names, wildcards included, in order
 * @param settings what the host does with requests
 * @param origin the {@code <VirtualHost>} line, or the main file for the main server
 */
public record ServerHost(
    ImmutableList<VhostAddress> addresses,
    Optional<String> serverName,
    ImmutableList<String> serverAliases,
    HostSettings settings,
    SourceSpan origin) {

  public ServerHost {
    Objects.requireNonNull(addresses, "addresses");
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(serverAliases, "serverAliases");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(origin, "origin");
  }

  public boolean isVirtualHost() {
    return !addresses.isEmpty();
  }
}
