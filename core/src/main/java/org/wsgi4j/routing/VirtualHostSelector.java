package org.wsgi4j.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.VhostAddress;

/**
 * httpd's name-based virtual host selection. First the connection's local address and port pick the
 * candidates (IP-specific vhosts before {@code *} ones); then the first candidate, in configuration
 * order, whose ServerName or any ServerAlias (with {@code *} and {@code ?} wildcards) equals the
 * host name; then one whose address is written as that name; otherwise the first candidate. With no
 * candidate at all the main server answers.
 */
final class VirtualHostSelector {
  private VirtualHostSelector() {}

  /** The selected host and a sentence saying why. */
  record Selection(ServerHost host, Supplier<String> reason) {
    Selection(ServerHost host, String why) {
      this(host, () -> why);
    }

    String why() {
      return reason.get();
    }
  }

  static Selection select(
      ServerConfig config, String localAddress, int localPort, Optional<HostName> name) {
    List<ServerHost> specific = new ArrayList<>();
    List<ServerHost> wildcard = new ArrayList<>();
    for (ServerHost host : config.virtualHosts()) {
      for (VhostAddress address : host.addresses()) {
        boolean portMatches = address.port().isEmpty() || address.port().getAsInt() == localPort;
        if (!portMatches) {
          continue;
        }
        if (address.isWildcard()) {
          wildcard.add(host);
          break;
        }
        if (address.host().equals(localAddress)
            || address.host().equals("[" + localAddress + "]")) {
          specific.add(host);
          break;
        }
      }
    }
    List<ServerHost> candidates = specific.isEmpty() ? wildcard : specific;
    if (candidates.isEmpty()) {
      return new Selection(
          config.mainServer(), "no <VirtualHost> matches port " + localPort + ": main server");
    }
    if (name.isPresent()) {
      String wanted = name.get().name();
      for (ServerHost host : candidates) {
        if (host.serverName()
            .map(VirtualHostSelector::hostPart)
            .filter(wanted::equals)
            .isPresent()) {
          return new Selection(
              host, "ServerName " + host.serverName().get() + " matches " + wanted);
        }
        for (String alias : host.serverAliases()) {
          if (wildcardMatch(alias.toLowerCase(Locale.ROOT), wanted)) {
            return new Selection(host, "ServerAlias " + alias + " matches " + wanted);
          }
        }
      }
      for (ServerHost host : candidates) {
        for (VhostAddress address : host.addresses()) {
          if (address.host().equalsIgnoreCase(wanted)) {
            return new Selection(
                host, "<VirtualHost " + address.text() + "> address matches " + wanted);
          }
        }
      }
    }
    ServerHost first = candidates.get(0);
    return new Selection(
        first,
        "no ServerName or ServerAlias matches "
            + name.map(HostName::name).orElse("(no host)")
            + ": the first virtual host for this address is the default");
  }

  /** ServerName may carry a scheme and a port; only the host part is compared. */
  static String hostPart(String serverName) {
    String value = serverName.toLowerCase(Locale.ROOT);
    int scheme = value.indexOf("://");
    if (scheme >= 0) {
      value = value.substring(scheme + 3);
    }
    if (!value.startsWith("[")) {
      int colon = value.lastIndexOf(':');
      if (colon >= 0) {
        value = value.substring(0, colon);
      }
    } else if (value.contains("]:")) {
      value = value.substring(0, value.indexOf("]:") + 1);
    }
    return value;
  }

  /** httpd's {@code ap_strcasecmp_match}: {@code *} any run, {@code ?} any one character. */
  static boolean wildcardMatch(String pattern, String text) {
    return match(pattern, 0, text, 0);
  }

  private static boolean match(String pattern, int p, String text, int t) {
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      if (c == '*') {
        for (int k = t; k <= text.length(); k++) {
          if (match(pattern, p + 1, text, k)) {
            return true;
          }
        }
        return false;
      }
      if (t >= text.length() || (c != '?' && c != text.charAt(t))) {
        return false;
      }
      p++;
      t++;
    }
    return t == text.length();
  }
}
