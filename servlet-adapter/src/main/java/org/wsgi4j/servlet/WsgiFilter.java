package org.wsgi4j.servlet;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.routing.FileAuthenticator;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.RouteContext;
import org.wsgi4j.routing.Router;
import org.wsgi4j.routing.WsgiAuthScripts;
import org.wsgi4j.source.Diagnostic;

/**
 * The drop-in filter: routes every request with the httpd configuration it was given and carries
 * the decision out. Init parameters: {@code config} (the configuration file, required), {@code
 * defines} (comma-separated {@code -D} names), {@code serverRoot}, and {@code uri} ({@code request}
 * to route the full request URI, the default, or {@code context} for the path inside the web
 * application), and {@code reloadInterval} (seconds between checks of the configuration's files,
 * {@code Include}d ones too, for changes; a changed configuration is loaded aside and swapped in
 * atomically, one with problems is logged and not installed; 0, the default, does not watch).
 * Without {@code config}, the context parameter {@value #CONFIG_CONTEXT_PARAMETER} names the file.
 * The WSGI runtime is found with {@link ServiceLoader} ({@link JythonRunner} when Jython is
 * deployed). Register the filter as async-capable so that requests waiting for a worker hold no
 * container thread.
 *
 * <p>A configuration httpd would refuse, or one with a directive wsgi4j does not implement and that
 * could change access or routing, stops the filter from starting (fail closed); every diagnostic is
 * logged with its position.
 */
public final class WsgiFilter implements Filter {
  private static final Logger LOG = Logger.getLogger(WsgiFilter.class.getName());

  /**
   * The context parameter naming the configuration file when the filter has no {@code config} init
   * parameter, so that one WAR serves whatever configuration its deployment names (Tomcat: a {@code
   * <Parameter>} in the context file).
   */
  public static final String CONFIG_CONTEXT_PARAMETER = "wsgi4j.config";

  /**
   * The request attribute that holds the {@link org.wsgi4j.routing.RoutingDecision} when {@link
   * #publishDecisions} is on: what a request log needs to name the virtual host and the user.
   */
  public static final String DECISION_ATTRIBUTE = "org.wsgi4j.routing.decision";

  private final AtomicReference<Router> router = new AtomicReference<>();
  private volatile boolean publishDecisions;
  private ConfigWatcher watcher;
  private DecisionExecutor executor;
  private boolean contextRelative;
  private RequestBridge.PortMap ports = RequestBridge.PortMap.IDENTITY;
  private Optional<WsgiApplicationRunner> runner = Optional.empty();

  /** For containers: configured by init parameters. */
  public WsgiFilter() {}

  /** For hosts that embed wsgi4j: an already loaded configuration and a WSGI runner. */
  public WsgiFilter(LoadResult loaded, Optional<WsgiApplicationRunner> runner)
      throws ServletException {
    this(loaded, runner, RequestBridge.PortMap.IDENTITY);
  }

  /** As above, with the ports the configuration knows the listening sockets by. */
  public WsgiFilter(
      LoadResult loaded, Optional<WsgiApplicationRunner> runner, RequestBridge.PortMap ports)
      throws ServletException {
    this.runner = runner;
    this.ports = ports;
    install(loaded);
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (router.get() == null) {
      String file = config.getInitParameter("config");
      if (file == null) {
        // A packaged web application leaves the file to the deployment (a context parameter).
        file = config.getServletContext().getInitParameter(CONFIG_CONTEXT_PARAMETER);
      }
      if (file == null) {
        throw new ServletException(
            "WsgiFilter needs the init parameter 'config' or the context parameter '"
                + CONFIG_CONTEXT_PARAMETER
                + "'");
      }
      LoadOptions options =
          LoadOptions.defaults()
              .withEnvironment(ImmutableMap.copyOf(System.getenv()))
              .withDefines(
                  ImmutableSet.copyOf(
                      Splitter.on(',')
                          .trimResults()
                          .omitEmptyStrings()
                          .split(
                              Optional.ofNullable(config.getInitParameter("defines")).orElse(""))));
      String serverRoot = config.getInitParameter("serverRoot");
      if (serverRoot != null) {
        options = options.withServerRoot(Path.of(serverRoot));
      }
      if (runner.isEmpty()) {
        // Before installing: the router runs the runtime's auth scripts.
        runner = discoverRunner();
      }
      LoadResult loaded = ConfigLoader.load(Path.of(file), options);
      install(loaded);
      watch(config.getInitParameter("reloadInterval"), loaded, Path.of(file), options);
    }
    contextRelative = "context".equals(config.getInitParameter("uri"));
    executor = new DecisionExecutor(runner, config.getServletContext());
  }

  private void watch(String seconds, LoadResult loaded, Path file, LoadOptions options)
      throws ServletException {
    long interval;
    try {
      interval = seconds == null ? 0 : Long.parseLong(seconds.trim());
    } catch (NumberFormatException e) {
      throw new ServletException("reloadInterval must be a number of seconds: " + seconds, e);
    }
    if (interval > 0) {
      watcher = new ConfigWatcher(loaded, () -> ConfigLoader.load(file, options), this::reload);
      watcher.start(java.time.Duration.ofSeconds(interval));
    }
  }

  /** The first WSGI runtime on the class path; none (WSGI requests get 500) if it cannot start. */
  private static Optional<WsgiApplicationRunner> discoverRunner() {
    try {
      return ServiceLoader.load(WsgiApplicationRunner.class).findFirst();
    } catch (ServiceConfigurationError | LinkageError e) {
      LOG.log(Level.SEVERE, "No WSGI runtime could be started (is Jython deployed?)", e);
      return Optional.empty();
    }
  }

  private void install(LoadResult loaded) throws ServletException {
    for (Diagnostic diagnostic : loaded.diagnostics()) {
      LOG.info(diagnostic.format());
    }
    if (!loaded.isServable()) {
      throw new ServletException(
          "wsgi4j will not serve this configuration: see the errors and refused directives logged above");
    }
    router.set(
        new Router(
            RouteContext.of(loaded.model())
                .withAuthenticator(new FileAuthenticator())
                .withAuthScripts(
                    runner.map(WsgiApplicationRunner::authScripts).orElse(WsgiAuthScripts.NONE))));
    // Import scripts load before the first request is routed to them (mod_wsgi: process start).
    runner.ifPresent(r -> r.start(loaded.model()));
    if (executor == null) {
      executor = new DecisionExecutor(runner, null);
    }
  }

  /** Puts every request's decision in {@link #DECISION_ATTRIBUTE} from now on. */
  public void publishDecisions() {
    publishDecisions = true;
  }

  /** Replaces the configuration atomically; a configuration with problems leaves the old one. */
  public boolean reload(LoadResult loaded) {
    try {
      install(loaded);
      return true;
    } catch (ServletException refused) {
      LOG.warning(refused.getMessage());
      return false;
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)) {
      chain.doFilter(request, response);
      return;
    }
    RequestView view = RequestBridge.view(http, contextRelative, ports);
    var decision = router.get().route(view);
    if (publishDecisions) {
      http.setAttribute(DECISION_ATTRIBUTE, decision);
    }
    // The WSGI runner needs the full request-target: a context-relative view is not reused.
    boolean fullTarget = !contextRelative || http.getContextPath().isEmpty();
    executor.execute(decision, fullTarget ? view : null, http, httpResponse, chain);
  }

  @Override
  public void destroy() {
    if (watcher != null) {
      watcher.close();
    }
    runner.ifPresent(WsgiApplicationRunner::close);
  }
}
