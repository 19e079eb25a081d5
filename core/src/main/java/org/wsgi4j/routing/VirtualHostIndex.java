package org.wsgi4j.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.VhostAddress;

/**
 * httpd's virtual host selection, precomputed once per configuration so that a request costs a few
 * map lookups however many hosts there are. Same answers as {@link VirtualHostSelector}: the
 * candidates of the connection's address and port (IP-specific before {@code *}), then the first
 * candidate in configuration order whose ServerName or ServerAlias matches the host name, then one
 * whose address is written as that name, else the first candidate.
 */
final class VirtualHostIndex {
  /** The hosts that answer on one address and port, with their names indexed. */
  private static final class Candidates {
    final List<ServerHost> hosts = new ArrayList<>();

    /**
     * Lower-cased exact names (ServerName, wildcard-free aliases) → first host position and how the
     * name was written ("ServerName x", "ServerAlias y", for the trace): one look-up per request.
     */
    final Map<String, Named> exact = new HashMap<>();

    /** Wildcard aliases in position order. */
    final List<Map.Entry<String, Integer>> wildcards = new ArrayList<>();

    /** Address texts → first host position (httpd's last resort). */
    final Map<String, Integer> addresses = new HashMap<>();

    void add(ServerHost host) {
      int position = hosts.size();
      hosts.add(host);
      host.serverName()
          .ifPresent(
              name -> {
                String key = VirtualHostSelector.hostPart(name);
                exact.putIfAbsent(key, new Named(position, "ServerName " + name));
              });
      for (String alias : host.serverAliases()) {
        String lower = alias.toLowerCase(Locale.ROOT);
        if (lower.indexOf('*') >= 0 || lower.indexOf('?') >= 0) {
          wildcards.add(Map.entry(lower, position));
        } else {
          exact.putIfAbsent(lower, new Named(position, "ServerAlias " + alias));
        }
      }
      for (VhostAddress address : host.addresses()) {
        addresses.putIfAbsent(address.host().toLowerCase(Locale.ROOT), position);
      }
    }

    VirtualHostSelector.Selection select(Optional<HostName> name) {
      if (name.isPresent()) {
        String wanted = name.get().name();
        Named named = exact.get(wanted);
        int best = named == null ? Integer.MAX_VALUE : named.position();
        String how = named == null ? null : named.written();
        for (Map.Entry<String, Integer> wildcard : wildcards) {
          if (wildcard.getValue() >= best) {
            break;
          }
          if (VirtualHostSelector.wildcardMatch(wildcard.getKey(), wanted)) {
            best = wildcard.getValue();
            how = "ServerAlias " + wildcard.getKey();
            break;
          }
        }
        if (best != Integer.MAX_VALUE) {
          String matched = how;
          return new VirtualHostSelector.Selection(
              hosts.get(best), () -> matched + " matches " + wanted);
        }
        Integer byAddress = addresses.get(wanted);
        if (byAddress != null) {
          return new VirtualHostSelector.Selection(
              hosts.get(byAddress), () -> "<VirtualHost> address matches " + wanted);
        }
      }
      return new VirtualHostSelector.Selection(
          hosts.get(0),
          () ->
              "no ServerName or ServerAlias matches "
                  + name.map(HostName::name).orElse("(no host)")
                  + ": the first virtual host for this address is the default");
    }
  }

  /** A host's position among the candidates and how its matching name was written. */
  private record Named(int position, String written) {}

  private final ServerConfig config;

  /** A local address and port a connection arrived on. */
  private record Local(String address, int port) {}

  /** Candidates per local address and port: a server listens on few, so this stays small. */
  private final Map<Local, Candidates> cache = new java.util.concurrent.ConcurrentHashMap<>();

  /** The candidates last looked up: most servers listen on one address and port. */
  private volatile LastLookup last;

  private record LastLookup(String address, int port, Candidates candidates) {}

  VirtualHostIndex(ServerConfig config) {
    this.config = config;
  }

  VirtualHostSelector.Selection select(
      String localAddress, int localPort, Optional<HostName> name) {
    LastLookup previous = last;
    Candidates candidates;
    if (previous != null
        && previous.port() == localPort
        && previous.address().equals(localAddress)) {
      candidates = previous.candidates();
    } else {
      candidates =
          cache.computeIfAbsent(
              new Local(localAddress, localPort), key -> build(localAddress, localPort));
      last = new LastLookup(localAddress, localPort, candidates);
    }
    if (candidates.hosts.isEmpty()) {
      return new VirtualHostSelector.Selection(
          config.mainServer(),
          () -> "no <VirtualHost> matches port " + localPort + ": main server");
    }
    return candidates.select(name);
  }

  /** The candidates of one local address and port, in configuration order, indexed. */
  private Candidates build(String localAddress, int localPort) {
    Candidates ipSpecific = new Candidates();
    Candidates wildcard = new Candidates();
    for (ServerHost host : config.virtualHosts()) {
      boolean added = false;
      for (VhostAddress address : host.addresses()) {
        boolean portMatches = address.port().isEmpty() || address.port().getAsInt() == localPort;
        if (!portMatches || added) {
          continue;
        }
        if (address.isWildcard()) {
          wildcard.add(host);
          added = true;
        } else if (address.host().equals(localAddress)
            || address.host().equals("[" + localAddress + "]")) {
          ipSpecific.add(host);
          added = true;
        }
      }
    }
    return ipSpecific.hosts.isEmpty() ? wildcard : ipSpecific;
  }
}
