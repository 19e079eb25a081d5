package org.wsgi4j.cli;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.lint.LintFinding;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.model.ListenAddress;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.VhostAddress;
import org.wsgi4j.model.WsgiScriptAlias;
import org.wsgi4j.servlet.GatewayRunner;
import org.wsgi4j.servlet.RequestBridge;
import org.wsgi4j.servlet.WsgiFilter;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.source.Severity;
import org.wsgi4j.wsgi.jython.JythonGateway;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wsgi4j serve}: runs a configuration on embedded Jetty 12, with the router deciding and the
 * Jython gateway running the WSGI scripts. Drains in-flight requests on SIGTERM.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve an httpd + mod_wsgi configuration on embedded Jetty.")
final class ServeCommand implements Callable<Integer> {
  /** How long in-flight requests may run after SIGTERM before the server stops anyway. */
  private static final long DRAIN_MILLIS = 15_000;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The configuration.")
  Path config;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description =
          "Listen here instead of the configuration's Listen addresses; a configuration written"
              + " for one port (such as 80) runs unchanged on this one.")
  List<String> listen = new ArrayList<>();

  @Option(names = "-D", paramLabel = "NAME", description = "Define NAME, as httpd -D NAME.")
  List<String> defines = new ArrayList<>();

  @Option(
      names = {"-d", "--server-root"},
      paramLabel = "DIR",
      description = "ServerRoot for relative paths (default: the folder of the configuration).")
  Optional<Path> serverRoot = Optional.empty();

  @Option(
      names = "--python-path",
      paramLabel = "DIR",
      description =
          "Add DIR to every interpreter's sys.path, as the site-packages of the Python that"
              + " mod_wsgi was built for (repeatable).")
  List<Path> pythonPath = new ArrayList<>();

  @Option(
      names = "--access-log",
      paramLabel = "FILE",
      description = "Access log (default: stdout).")
  Optional<Path> accessLog = Optional.empty();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Optional<Server> server = start();
    if (server.isEmpty()) {
      return 1;
    }
    Server running = server.get();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.stop();
                  } catch (Exception e) {
                    spec.commandLine()
                        .getErr()
                        .println("wsgi4j serve: stopping: " + e.getMessage());
                  }
                },
                "wsgi4j-drain"));
    running.join();
    return 0;
  }

  /** Loads, checks and starts; empty (with the reasons printed) when it must not serve. */
  Optional<Server> start() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isReadable(config)) {
      err.println("wsgi4j serve: cannot read " + config);
      return Optional.empty();
    }
    LoadOptions options =
        LoadOptions.defaults()
            .withDefines(ImmutableSet.copyOf(defines))
            .withEnvironment(ImmutableMap.copyOf(System.getenv()));
    if (serverRoot.isPresent()) {
      options = options.withServerRoot(serverRoot.get());
    }
    LoadResult loaded = ConfigLoader.load(config, options);
    List<Diagnostic> shown =
        loaded.diagnostics().stream().filter(d -> d.severity() != Severity.INFO).toList();
    new TextDiagnosticPrinter().print(shown.stream().map(LintFinding::of).toList(), err);
    err.flush();
    if (!loaded.isServable()) {
      err.println(
          "wsgi4j serve: refusing to serve: errors, or directives wsgi4j does not implement that"
              + " could change access or routing (see above)");
      return Optional.empty();
    }
    ServerConfig model = loaded.model();
    List<String[]> addresses = listenAddresses(model);
    if (addresses.isEmpty()) {
      err.println(
          "wsgi4j serve: the configuration has no Listen directive: give --listen HOST:PORT");
      return Optional.empty();
    }
    RequestBridge.PortMap ports = portMap(model);
    if (!pythonPath.isEmpty()) {
      // Jython reads python.path once, when its first interpreter starts: set it before that.
      System.setProperty(
          "python.path",
          String.join(
              java.io.File.pathSeparator,
              pythonPath.stream().map(p -> p.toAbsolutePath().toString()).toList()));
    }
    JythonGateway gateway = new JythonGateway();
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // The router decides about ambiguous paths as httpd does; Jetty must not answer first.
    http.setUriCompliance(UriCompliance.UNSAFE);
    http.setSendServerVersion(false);
    for (String[] address : addresses) {
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      if (!address[0].isEmpty() && !address[0].equals("*")) {
        connector.setHost(address[0]);
      }
      connector.setPort(Integer.parseInt(address[1]));
      server.addConnector(connector);
    }
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(
        new FilterHolder(new WsgiFilter(loaded, Optional.of(new GatewayRunner(gateway)), ports)),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(NotFound.class, "/*");
    server.setHandler(context);
    RequestLogWriter writer =
        accessLog
            .map(path -> new RequestLogWriter(path.toString()))
            .orElseGet(RequestLogWriter::new);
    server.setRequestLog(new CustomRequestLog(writer, CustomRequestLog.NCSA_FORMAT));
    server.setStopTimeout(DRAIN_MILLIS);
    server.setStopAtShutdown(false);
    server.start();
    describe(model, server, out);
    out.flush();
    return Optional.of(server);
  }

  private List<String[]> listenAddresses(ServerConfig model) {
    List<String[]> addresses = new ArrayList<>();
    for (String text : listen) {
      int colon = text.lastIndexOf(':');
      addresses.add(
          colon < 0
              ? new String[] {"", text}
              : new String[] {text.substring(0, colon), text.substring(colon + 1)});
    }
    if (addresses.isEmpty()) {
      for (ListenAddress address : model.listens()) {
        addresses.add(new String[] {address.host().orElse(""), Integer.toString(address.port())});
      }
    }
    return addresses;
  }

  /** With --listen and a configuration written for one port, every connection counts as on it. */
  private RequestBridge.PortMap portMap(ServerConfig model) {
    if (listen.isEmpty()) {
      return RequestBridge.PortMap.IDENTITY;
    }
    TreeSet<Integer> configPorts = new TreeSet<>();
    model.listens().forEach(l -> configPorts.add(l.port()));
    if (configPorts.isEmpty()) {
      for (ServerHost host : model.virtualHosts()) {
        for (VhostAddress address : host.addresses()) {
          address.port().ifPresent(configPorts::add);
        }
      }
    }
    if (configPorts.size() != 1) {
      return RequestBridge.PortMap.IDENTITY;
    }
    int port = configPorts.first();
    return actual -> port;
  }

  private static void describe(ServerConfig model, Server server, PrintWriter out) {
    for (var connector : server.getConnectors()) {
      if (connector instanceof ServerConnector socket) {
        out.println(
            "wsgi4j serve: listening on "
                + (socket.getHost() == null ? "*" : socket.getHost())
                + ":"
                + socket.getLocalPort());
      }
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

  /** What the chain answers for a request the router passes on: nothing is there. */
  public static final class NotFound extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      response.sendError(404);
    }
  }
}
