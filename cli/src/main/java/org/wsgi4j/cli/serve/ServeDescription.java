package org.wsgi4j.cli.serve;

import java.io.PrintWriter;
import java.util.List;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.VhostAddress;
import org.wsgi4j.model.WsgiScriptAlias;

/** What {@code wsgi4j serve} prints at start: addresses, virtual hosts, scripts, process groups. */
final class ServeDescription {
  private ServeDescription() {}

  static void print(
      ServerConfig model, List<Integer> ports, List<String[]> addresses, PrintWriter out) {
    for (int i = 0; i < ports.size(); i++) {
      String host = addresses.get(i)[0];
      out.println(
          "wsgi4j serve: listening on " + (host.isEmpty() ? "*" : host) + ":" + ports.get(i));
    }
    for (ServerHost host : model.virtualHosts()) {
      out.println(
          "  virtual host "
              + host.serverName().orElse("(no ServerName)")
              + " "
              + host.addresses().stream().map(VhostAddress::text).toList());
      for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
        out.println(
            "    "
                + (alias.isMatch() ? "WSGIScriptAliasMatch " : "WSGIScriptAlias ")
                + alias.urlPattern()
                + " -> "
                + alias.script());
      }
    }
    for (WsgiScriptAlias alias : model.mainServer().settings().scriptAliases()) {
      out.println("  main server: " + alias.urlPattern() + " -> " + alias.script());
    }
    for (DaemonProcessGroup group : model.processGroups()) {
      out.println(
          "  process group "
              + group.name()
              + ": processes="
              + group.processes()
              + " threads="
              + group.threads()
              + group.maximumRequests().stream()
                  .mapToObj(n -> " maximum-requests=" + n)
                  .findFirst()
                  .orElse(""));
    }
  }
}
