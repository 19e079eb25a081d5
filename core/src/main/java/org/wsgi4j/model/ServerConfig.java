package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole configuration: the main server, its virtual hosts in configuration order (httpd picks the
 * first match, so order matters), the mod_wsgi daemon process groups and the listening sockets.
 *
 * @param mainServer the server outside any {@code <VirtualHost>}; its settings are also the
 *     defaults every virtual host inherits
 * @param virtualHosts the virtual hosts in the order httpd read them
 * @param processGroups the daemon process groups in definition order
 * @param listens the {@code Listen} addresses
 * @param loadedModules the source file names of the modules in effect
 */
public record ServerConfig(
    ServerHost mainServer,
    ImmutableList<ServerHost> virtualHosts,
    ImmutableList<DaemonProcessGroup> processGroups,
    ImmutableList<ListenAddress> listens,
    ImmutableSet<String> loadedModules) {

  public ServerConfig {
    Objects.requireNonNull(mainServer, "mainServer");
    Objects.requireNonNull(virtualHosts, "virtualHosts");
    Objects.requireNonNull(processGroups, "processGroups");
    Objects.requireNonNull(listens, "listens");
    Objects.requireNonNull(loadedModules, "loadedModules");
  }

  /** The daemon process group of that name; mod_wsgi names are case-sensitive. */
  public Optional<DaemonProcessGroup> processGroup(String name) {
    return processGroups.stream().filter(g -> g.name().equals(name)).findFirst();
  }
}
