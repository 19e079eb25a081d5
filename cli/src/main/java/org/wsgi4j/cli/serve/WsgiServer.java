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
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(WsgiServer.class.getName());

  /** How long a reload waits for a removed port's acceptor to let go of its socket. */
  private static final java.time.Duration ACCEPTOR_EXIT = java.time.Duration.ofSeconds(2);

  private final Server server;
  private final WsgiFilter filter;
  private final ServeOptions options;
  private final ApacheAccessLog accessLog;
  private final RequestReadTimeout readTimeout;
  private final HttpConfiguration http;

  /** The bound listeners by address ({@code host:port}, host empty for all), in Listen order. */
  private final java.util.Map<String, ServerConnector> listeners;

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
      java.util.Map<String, ServerConnector> listeners,
      AtomicReference<ServerDirectives> directives,
      AtomicReference<ProtocolLimits> limits) {
    this.server = server;
    this.filter = filter;
    this.options = options;
    this.errorLog = errorLog;
    this.accessLog = accessLog;
    this.readTimeout = readTimeout;
    this.http = http;
    this.listeners = listeners;
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
    java.util.Map<String, ServerConnector> listeners = new java.util.LinkedHashMap<>();
    for (String[] address : addresses) {
      ServerConnector connector = connector(server, http, address, directives.timeout());
      if (listeners.putIfAbsent(key(address), connector) == null) {
        server.addConnector(connector);
      }
    }
    WsgiFilter filter =
        new WsgiFilter(
            loaded,
            Optional.of(new GatewayRunner(new JythonGateway(), new JettyFileBodies())),
            portMap(options, model));
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
            listeners,
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

  private static ServerConnector connector(
      Server server, HttpConfiguration http, String[] address, java.time.Duration timeout) {
    ServerConnector connector = new ListeningConnector(server, new HttpConnectionFactory(http));
    if (!address[0].isEmpty() && !address[0].equals("*")) {
      connector.setHost(address[0]);
    }
    connector.setPort(Integer.parseInt(address[1]));
    connector.setIdleTimeout(timeout.toMillis());
    return connector;
  }

  /** {@code host:port} of a Listen address ({@code *} and no host are the same). */
  private static String key(String[] address) {
    return (address[0].equals("*") ? "" : address[0]) + ":" + address[1];
  }

  /**
   * Reads the configuration again and swaps it in atomically (as {@code apachectl graceful}):
   * requests already routed finish under the old one. A configuration with problems leaves the
   * running one in place. The new logs, log level, request limits, timeouts and keep-alive settings
   * apply from the next request on. Without {@code --listen}, a changed {@code Listen} set is
   * carried out as httpd's graceful restart does: new addresses are bound before the swap (one that
   * cannot be bound refuses the reload, logged, and the old configuration keeps serving), addresses
   * no longer listed stop accepting and their open connections finish (up to the drain timeout);
   * the kept ones are not touched.
   */
  public synchronized boolean reload() {
    LoadOptions loadOptions = loadOptions(options);
    LoadResult loaded = ConfigLoader.load(options.config(), loadOptions);
    for (Diagnostic diagnostic : loaded.diagnostics()) {
      if (diagnostic.severity() != Severity.INFO) {
        errorLog.warn("reload: " + diagnostic.format());
      }
    }
    if (!loaded.isServable()) {
      errorLog.error("wsgi4j serve: reload refused, still serving the previous configuration");
      return false;
    }
    ServerDirectives next = ServerDirectives.read(options.config(), loadOptions.read());
    List<String[]> wanted = listenAddresses(options, loaded.model());
    Optional<List<ServerConnector>> added = bindNew(wanted, next);
    if (added.isEmpty()) {
      return false;
    }
    if (!filter.reload(loaded)) {
      closeNow(added.get());
      errorLog.error("wsgi4j serve: reload refused, still serving the previous configuration");
      return false;
    }
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
    retireUnlisted(wanted);
    errorLog.notice("wsgi4j serve: configuration reloaded");
    return true;
  }

  /**
   * Binds and starts a listener for every wanted address not yet listened on. Empty (with the
   * reason logged and nothing left bound) when one cannot be bound.
   */
  private Optional<List<ServerConnector>> bindNew(List<String[]> wanted, ServerDirectives next) {
    java.util.Map<String, ServerConnector> bound = new java.util.LinkedHashMap<>();
    List<ServerConnector> added = new ArrayList<>();
    for (String[] address : wanted) {
      String key = key(address);
      if (listeners.containsKey(key) || bound.containsKey(key)) {
        continue;
      }
      ServerConnector connector = connector(server, http, address, next.timeout());
      try {
        server.addConnector(connector);
        connector.start();
        added.add(connector);
        bound.put(key, connector);
      } catch (Exception e) {
        server.removeConnector(connector);
        closeNow(added);
        errorLog.error(
            "wsgi4j serve: reload refused: cannot listen on "
                + (address[0].isEmpty() ? "*" : address[0])
                + ":"
                + address[1]
                + " ("
                + e.getMessage()
                + "), still serving the previous configuration");
        return Optional.empty();
      }
    }
    listeners.putAll(bound);
    return Optional.of(added);
  }

  private void closeNow(List<ServerConnector> connectors) {
    for (ServerConnector connector : connectors) {
      try {
        connector.stop();
      } catch (Exception e) {
        errorLog.warn("wsgi4j serve: closing " + connector + " failed: " + e);
      }
      server.removeConnector(connector);
      listeners.values().remove(connector);
    }
  }

  /**
   * Listeners whose address the configuration no longer lists stop accepting at once; their open
   * connections may finish what they are doing until the drain timeout, then they are closed.
   */
  private void retireUnlisted(List<String[]> wanted) {
    java.util.Set<String> keep = new java.util.HashSet<>();
    wanted.forEach(address -> keep.add(key(address)));
    for (var entry : new ArrayList<>(listeners.entrySet())) {
      if (keep.contains(entry.getKey())) {
        continue;
      }
      ServerConnector connector = entry.getValue();
      listeners.remove(entry.getKey());
      errorLog.notice("wsgi4j serve: no longer listening on " + describe(entry.getKey()));
      var retired =
          connector
              .shutdown()
              .orTimeout(options.drain().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
              .whenComplete(
                  (done, timeout) -> {
                    try {
                      connector.stop();
                    } catch (Exception e) {
                      LOG.fine("closing a retired listener: " + e);
                    }
                    server.removeConnector(connector);
                  });
      LOG.finest(() -> "retiring " + retired);
      // Stop accepting now: the port is free for others at once, as after httpd's graceful restart.
      stopListening(connector);
    }
  }

  private void stopListening(ServerConnector connector) {
    if (!(connector instanceof ListeningConnector listening)) {
      connector.close();
      return;
    }
    try {
      if (!listening.stopListening(ACCEPTOR_EXIT)) {
        errorLog.warn("wsgi4j serve: " + connector + " may still take connections for a moment");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(String key) {
    return key.startsWith(":") ? "*" + key : key;
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
