package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
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
 * @param wsgiStartup mod_wsgi's server-wide interpreter set-up (import scripts, WSGIPythonPath,
 *     WSGIPythonHome)
 * @param processGroupsByName the same groups by name (derived): configurations with thousands of
 *     groups are looked up on every request and must not be scanned
 */
public record ServerConfig(
    ServerHost mainServer,
    ImmutableList<ServerHost> virtualHosts,
    ImmutableList<DaemonProcessGroup> processGroups,
    ImmutableList<ListenAddress> listens,
    ImmutableSet<String> loadedModules,
    WsgiStartup wsgiStartup,
    ImmutableMap<String, DaemonProcessGroup> processGroupsByName) {

  public ServerConfig(
      ServerHost mainServer,
      ImmutableList<ServerHost> virtualHosts,
      ImmutableList<DaemonProcessGroup> processGroups,
      ImmutableList<ListenAddress> listens,
      ImmutableSet<String> loadedModules) {
    this(mainServer, virtualHosts, processGroups, listens, loadedModules, WsgiStartup.NONE);
  }

  public ServerConfig(
      ServerHost mainServer,
      ImmutableList<ServerHost> virtualHosts,
      ImmutableList<DaemonProcessGroup> processGroups,
      ImmutableList<ListenAddress> listens,
      ImmutableSet<String> loadedModules,
      WsgiStartup wsgiStartup) {
    this(
        mainServer,
        virtualHosts,
        processGroups,
        listens,
        loadedModules,
        wsgiStartup,
        index(processGroups));
  }

  private static ImmutableMap<String, DaemonProcessGroup> index(
      ImmutableList<DaemonProcessGroup> groups) {
    ImmutableMap.Builder<String, DaemonProcessGroup> byName = ImmutableMap.builder();
    for (DaemonProcessGroup group : groups) {
      byName.put(group.name(), group);
    }
    return byName.buildKeepingLast();
  }

  public ServerConfig {
    Objects.requireNonNull(mainServer, "mainServer");
    Objects.requireNonNull(virtualHosts, "virtualHosts");
    Objects.requireNonNull(processGroups, "processGroups");
    Objects.requireNonNull(listens, "listens");
    Objects.requireNonNull(loadedModules, "loadedModules");
    Objects.requireNonNull(wsgiStartup, "wsgiStartup");
    Objects.requireNonNull(processGroupsByName, "processGroupsByName");
  }

  /** The daemon process group of that name; mod_wsgi names are case-sensitive. */
  public Optional<DaemonProcessGroup> processGroup(String name) {
    return Optional.ofNullable(processGroupsByName.get(name));
  }
}
