package org.wsgi4j.cli.serve;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.model.ListenAddress;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.VhostAddress;
import org.wsgi4j.servlet.GatewayRunner;
import org.wsgi4j.servlet.RequestBridge;
import org.wsgi4j.servlet.WsgiFilter;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.source.Severity;
import org.wsgi4j.wsgi.jython.JythonGateway;

/**
 * {@code wsgi4j serve} as a library: a configuration on embedded Jetty 12, with the router deciding
 * every request and the Jython gateway running the WSGI scripts. The connector is set up from the
 * configuration's protocol directives ({@code LimitRequest*}, {@code Timeout}, {@code KeepAlive},
 * {@code RequestReadTimeout}) and logs go where {@code CustomLog}/{@code ErrorLog} say.
 */
public final class WsgiServer {
  private final Server server;
  private final WsgiFilter filter;
  private final ServeOptions options;
  private final ApacheAccessLog accessLog;
  private final RequestReadTimeout readTimeout;
  private final HttpConfiguration http;
  private final List<String[]> addresses;
  private final AtomicReference<ServerDirectives> directives;
  private final AtomicReference<ProtocolLimits> limits;
  private volatile ApacheErrorLog errorLog;

  private WsgiServer(
      Server server,
      WsgiFilter filter,
      ServeOptions options,
      ApacheErrorLog errorLog,
      ApacheAccessLog accessLog,
      RequestReadTimeout readTimeout,
      HttpConfiguration http,
      List<String[]> addresses,
      AtomicReference<ServerDirectives> directives,
      AtomicReference<ProtocolLimits> limits) {
    this.server = server;
    this.filter = filter;
    this.options = options;
    this.errorLog = errorLog;
    this.accessLog = accessLog;
    this.readTimeout = readTimeout;
    this.http = http;
    this.addresses = addresses;
    this.directives = directives;
    this.limits = limits;
  }

  /**
   * Loads, checks and starts. Empty, with the reasons printed on {@code err}, when the
   * configuration must not be served (errors, or a directive wsgi4j does not implement that could
   * change access or routing) or has nowhere to listen.
   */
  public static Optional<WsgiServer> start(ServeOptions options, PrintWriter out, PrintWriter err)
      throws Exception {
    if (!Files.isReadable(options.config())) {
      err.println("wsgi4j serve: cannot read " + options.config());
      return Optional.empty();
    }
    LoadOptions loadOptions = loadOptions(options);
    LoadResult loaded = ConfigLoader.load(options.config(), loadOptions);
    printDiagnostics(loaded, err);
    if (!loaded.isServable()) {
      err.println(
          "wsgi4j serve: refusing to serve: errors, or directives wsgi4j does not implement that"
              + " could change access or routing (see above)");
      return Optional.empty();
    }
    ServerConfig model = loaded.model();
    List<String[]> addresses = listenAddresses(options, model);
    if (addresses.isEmpty()) {
      err.println(
          "wsgi4j serve: the configuration has no Listen directive: give --listen HOST:PORT");
      return Optional.empty();
    }
    ServerDirectives directives = ServerDirectives.read(options.config(), loadOptions.read());
    directives.notes().forEach(note -> err.println(note.format()));
    err.flush();
    if (!options.pythonPath().isEmpty()) {
      // Jython reads python.path once, when its first interpreter starts: set it before that.
      System.setProperty(
          "python.path",
          String.join(
              File.pathSeparator,
              options.pythonPath().stream().map(p -> p.toAbsolutePath().toString()).toList()));
    }
    ApacheErrorLog errorLog = openErrorLog(options, directives);
    AtomicReference<ProtocolLimits> limits = new AtomicReference<>(ProtocolLimits.of(model));
    AtomicReference<ServerDirectives> live = new AtomicReference<>(directives);
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // The router decides about ambiguous paths as httpd does; Jetty must not answer first.
    http.setUriCompliance(UriCompliance.UNSAFE);
    // httpd's HttpProtocolOptions Strict: bare LF, whitespace before a colon and the other
    // leniencies are 400. As in httpd, an absolute-form target whose authority differs from Host is
    // served (the target's host wins) and an obs-fold continuation line is joined.
    http.setHttpCompliance(
        HttpCompliance.STRICT.with(
            "httpd",
            HttpCompliance.Violation.MISMATCHED_AUTHORITY,
            HttpCompliance.Violation.MULTILINE_FIELD_VALUE));
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(limits.get().headerBlockSize());
    http.setIdleTimeout(directives.timeout().toMillis());
    for (String[] address : addresses) {
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      if (!address[0].isEmpty() && !address[0].equals("*")) {
        connector.setHost(address[0]);
      }
      connector.setPort(Integer.parseInt(address[1]));
      connector.setIdleTimeout(directives.timeout().toMillis());
      server.addConnector(connector);
    }
    WsgiFilter filter =
        new WsgiFilter(
            loaded, Optional.of(new GatewayRunner(new JythonGateway())), portMap(options, model));
    // The access log names the virtual host and the user the router decided on.
    filter.publishDecisions();
    ServletContextHandler context = new ServletContextHandler("/");
    // Async all the way down the chain: a request waiting for a worker of its daemon group then
    // holds no Jetty thread (GatewayRunner starts async only where the chain allows it).
    FilterHolder recorder = new FilterHolder(new ContentTypeRecorder());
    recorder.setAsyncSupported(true);
    context.addFilter(recorder, "/*", EnumSet.of(DispatcherType.REQUEST));
    FilterHolder wsgi = new FilterHolder(filter);
    wsgi.setAsyncSupported(true);
    context.addFilter(wsgi, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(NotFound.class, "/*").setAsyncSupported(true);
    ApacheAccessLog requestLog = ApacheAccessLog.open(options.accessLog(), directives);
    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(
        requestLog.stamping(
            new KeepAliveRules(live::get, new ApacheRequestRules(limits::get, context))));
    server.setHandler(graceful);
    server.setErrorHandler(new ApacheErrorPages());
    server.setRequestLog(requestLog);
    server.setStopTimeout(options.drain().toMillis());
    server.setStopAtShutdown(false);
    RequestReadTimeout readTimeout = new RequestReadTimeout(server, directives.readTimeouts());
    server.start();
    readTimeout.start();
    WsgiServer started =
        new WsgiServer(
            server,
            filter,
            options,
            errorLog,
            requestLog,
            readTimeout,
            http,
            addresses,
            live,
            limits);
    ServeDescription.print(model, started.localPorts(), addresses, out);
    out.flush();
    errorLog.notice("wsgi4j serve: resuming normal operations");
    return Optional.of(started);
  }

  private static ApacheErrorLog openErrorLog(ServeOptions options, ServerDirectives directives)
      throws IOException {
    if (options.errorLog().isPresent()) {
      return ApacheErrorLog.open(
          LogSink.file(options.errorLog().get()),
          ImmutableMap.of(),
          directives.errorFormats(),
          directives.logLevel());
    }
    Optional<String> target = directives.logs().mainError().filter(t -> !t.startsWith("syslog"));
    LogSink sink =
        target.isPresent() ? LogSink.open(target.get(), directives.serverRoot()) : LogSink.stderr();
    // Several hosts may name one file: it is opened once, as httpd does.
    java.util.Map<String, LogSink> byTarget = new java.util.HashMap<>();
    ImmutableMap.Builder<String, LogSink> hosts = ImmutableMap.builder();
    java.util.Set<String> named = new java.util.HashSet<>();
    try {
      for (ServerDirectives.HostLogs host : directives.logs().hosts()) {
        if (host.error().isEmpty() || host.serverName().isEmpty()) {
          continue;
        }
        String name = host.serverName().get().toLowerCase(java.util.Locale.ROOT);
        if (!named.add(name)) {
          continue;
        }
        String hostTarget = host.error().get();
        LogSink hostSink = target.filter(hostTarget::equals).isPresent() ? sink : null;
        if (hostSink == null) {
          hostSink = byTarget.get(hostTarget);
        }
        if (hostSink == null) {
          hostSink = LogSink.open(hostTarget, directives.serverRoot());
          byTarget.put(hostTarget, hostSink);
        }
        hosts.put(name, hostSink);
      }
    } catch (IOException | RuntimeException e) {
      byTarget.values().forEach(LogSink::close);
      sink.close();
      throw e;
    }
    return ApacheErrorLog.open(
        sink, hosts.buildKeepingLast(), directives.errorFormats(), directives.logLevel());
  }

  private static LoadOptions loadOptions(ServeOptions options) {
    LoadOptions loadOptions =
        LoadOptions.defaults()
            .withDefines(options.defines())
            .withEnvironment(ImmutableMap.copyOf(System.getenv()));
    return options.serverRoot().map(loadOptions::withServerRoot).orElse(loadOptions);
  }

  private static void printDiagnostics(LoadResult loaded, PrintWriter err) {
    for (Diagnostic diagnostic : loaded.diagnostics()) {
      if (diagnostic.severity() != Severity.INFO) {
        err.println(diagnostic.format());
      }
    }
    err.flush();
  }

  /**
   * Reads the configuration again and swaps it in atomically (as {@code apachectl graceful}):
   * requests already routed finish under the old one. A configuration with problems leaves the
   * running one in place. The new logs, log level, request limits, timeouts and keep-alive settings
   * apply from the next request on; listening sockets stay as they are (a changed {@code Listen} is
   * logged: it needs a restart).
   */
  public synchronized boolean reload() {
    LoadOptions loadOptions = loadOptions(options);
    LoadResult loaded = ConfigLoader.load(options.config(), loadOptions);
    for (Diagnostic diagnostic : loaded.diagnostics()) {
      if (diagnostic.severity() != Severity.INFO) {
        errorLog.warn("reload: " + diagnostic.format());
      }
    }
    if (!loaded.isServable() || !filter.reload(loaded)) {
      errorLog.error("wsgi4j serve: reload refused, still serving the previous configuration");
      return false;
    }
    ServerDirectives next = ServerDirectives.read(options.config(), loadOptions.read());
    try {
      ApacheErrorLog nextErrorLog = openErrorLog(options, next);
      ApacheErrorLog previous = errorLog;
      errorLog = nextErrorLog;
      previous.release();
      accessLog.replace(options.accessLog(), next, options.drain());
    } catch (IOException e) {
      errorLog.error("wsgi4j serve: reload could not open a log (" + e + "): logs unchanged");
    }
    next.notes().forEach(note -> errorLog.warn("reload: " + note.format()));
    ProtocolLimits nextLimits = ProtocolLimits.of(loaded.model());
    limits.set(nextLimits);
    directives.set(next);
    readTimeout.update(next.readTimeouts());
    // New connections read these; open ones get Timeout per request from KeepAliveRules.
    http.setRequestHeaderSize(nextLimits.headerBlockSize());
    http.setIdleTimeout(next.timeout().toMillis());
    for (var connector : server.getConnectors()) {
      if (connector instanceof ServerConnector socket) {
        socket.setIdleTimeout(next.timeout().toMillis());
      }
    }
    List<String[]> wanted = listenAddresses(options, loaded.model());
    if (!sameAddresses(wanted, addresses)) {
      errorLog.warn(
          "wsgi4j serve: Listen changed to "
              + describe(wanted)
              + " but the server still listens on "
              + describe(addresses)
              + ": restart wsgi4j serve to listen on the new addresses");
    }
    errorLog.notice("wsgi4j serve: configuration reloaded");
    return true;
  }

  private static boolean sameAddresses(List<String[]> a, List<String[]> b) {
    return describe(a).equals(describe(b));
  }

  private static String describe(List<String[]> addresses) {
    return addresses.stream()
        .map(a -> (a[0].isEmpty() ? "*" : a[0]) + ":" + a[1])
        .sorted()
        .distinct()
        .collect(java.util.stream.Collectors.joining(" "));
  }

  /** The ports actually bound, one per connector, in Listen order. */
  public ImmutableList<Integer> localPorts() {
    ImmutableList.Builder<Integer> ports = ImmutableList.builder();
    for (var connector : server.getConnectors()) {
      if (connector instanceof ServerConnector socket) {
        ports.add(socket.getLocalPort());
      }
    }
    return ports.build();
  }

  /**
   * Stops accepting, lets in-flight requests finish (up to the drain timeout), then shuts the
   * interpreters down.
   */
  public void stop() throws Exception {
    errorLog.notice("wsgi4j serve: caught stop, shutting down gracefully");
    readTimeout.stop();
    try {
      server.stop();
    } finally {
      accessLog.close();
      errorLog.release();
    }
  }

  public void join() throws InterruptedException {
    server.join();
  }

  private static List<String[]> listenAddresses(ServeOptions options, ServerConfig model) {
    List<String[]> addresses = new ArrayList<>();
    for (String text : options.listen()) {
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
  private static RequestBridge.PortMap portMap(ServeOptions options, ServerConfig model) {
    if (options.listen().isEmpty()) {
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
