package org.wsgi4j.cli.serve;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.servlet.WsgiFilter;

/**
 * The access logs as mod_log_config writes them: every {@code CustomLog} of the server that
 * answered, a virtual host's own logs or, where it has none, the main server's. The server is the
 * one the router chose (the filter publishes its decision on the request); a request refused before
 * routing is logged as the default server's. {@link #replace} swaps in a reloaded configuration's
 * logs atomically and closes the old files and programs.
 */
final class ApacheAccessLog implements RequestLog, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ApacheAccessLog.class.getName());

  /** One CustomLog: a format written to a sink. */
  private record Writer(AccessLogFormat format, LogSink sink) {}

  /** A server as the log names it, and the logs it writes to. */
  private record Server(AccessLogFormat.Host host, ImmutableList<Writer> writers) {}

  /** Everything one configuration logs to. */
  private record Routing(
      ImmutableMap<String, Server> byName,
      Server main,
      Server fallback,
      ImmutableList<LogSink> sinks) {

    Server serverFor(Optional<RoutingDecision> decision) {
      if (decision.isEmpty()) {
        return fallback;
      }
      return decision
          .get()
          .facts()
          .virtualHost()
          .map(name -> byName.get(name.toLowerCase(Locale.ROOT)))
          .orElse(main);
    }
  }

  /** The logs a request was received under, so that a reload does not move its line. */
  private static final String ROUTING_ATTRIBUTE = "org.wsgi4j.serve.accessLogs";

  private final AtomicReference<Routing> routing = new AtomicReference<>();
  private final List<Routing> retired = new ArrayList<>();

  private ApacheAccessLog() {}

  /**
   * Opens every log the configuration names; with {@code override}, every server logs to that one
   * file in the first CustomLog's format; with no CustomLog at all, to stdout in httpd's default
   * format.
   */
  static ApacheAccessLog open(Optional<Path> override, ServerDirectives directives)
      throws IOException {
    ApacheAccessLog log = new ApacheAccessLog();
    log.routing.set(build(override, directives));
    return log;
  }

  /**
   * Swaps in a reloaded configuration's logs. Requests received before go on logging to the old
   * ones, as an old httpd child does after a graceful restart; the old files and programs are
   * closed once {@code drain} has passed.
   */
  void replace(Optional<Path> override, ServerDirectives directives, Duration drain)
      throws IOException {
    Routing old = routing.getAndSet(build(override, directives));
    synchronized (retired) {
      retired.add(old);
    }
    Thread closer =
        new Thread(
            () -> {
              try {
                Thread.sleep(drain.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              closeRetired(old);
            },
            "wsgi4j-close-old-logs");
    closer.setDaemon(true);
    closer.start();
  }

  /** Notes on each request which logs it will be written to (the ones in force now). */
  Handler stamping(Handler next) {
    return new Handler.Wrapper(next) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        request.setAttribute(ROUTING_ATTRIBUTE, routing.get());
        return super.handle(request, response, callback);
      }
    };
  }

  private static Routing build(Optional<Path> override, ServerDirectives directives)
      throws IOException {
    ServerDirectives.LogPlan plan = directives.logs();
    Map<String, LogSink> sinks = new LinkedHashMap<>();
    Map<String, AccessLogFormat> formats = new HashMap<>();
    boolean done = false;
    try {
      ImmutableList<Writer> mainWriters;
      boolean any =
          !plan.mainAccess().isEmpty()
              || plan.hosts().stream().anyMatch(h -> !h.access().isEmpty());
      if (override.isPresent() || !any) {
        LogSink sink = override.isPresent() ? LogSink.file(override.get()) : LogSink.stdout();
        sinks.put(sink.target(), sink);
        mainWriters =
            ImmutableList.of(new Writer(AccessLogFormat.compile(plan.firstFormat()), sink));
      } else {
        mainWriters = writers(plan.mainAccess(), directives, sinks, formats);
      }
      String mainName = plan.mainServerName().orElseGet(ApacheAccessLog::machineName);
      Server main = new Server(new AccessLogFormat.Host(mainName, 80), mainWriters);
      Map<String, Server> byName = new HashMap<>();
      Server fallback = null;
      for (ServerDirectives.HostLogs host : plan.hosts()) {
        ImmutableList<Writer> own =
            override.isPresent() || host.access().isEmpty() || host.serverName().isEmpty()
                ? mainWriters
                : writers(host.access(), directives, sinks, formats);
        String name = host.serverName().map(ServerName::host).orElse(mainName);
        int port = host.serverName().flatMap(ServerName::port).orElse(80);
        Server server = new Server(new AccessLogFormat.Host(name, port), own);
        host.serverName().ifPresent(n -> byName.putIfAbsent(n.toLowerCase(Locale.ROOT), server));
        if (fallback == null) {
          // httpd's default server for an address is its first virtual host.
          fallback = server;
        }
      }
      done = true;
      return new Routing(
          ImmutableMap.copyOf(byName),
          main,
          fallback == null ? main : fallback,
          ImmutableList.copyOf(sinks.values()));
    } finally {
      if (!done) {
        sinks.values().forEach(LogSink::close);
      }
    }
  }

  private static ImmutableList<Writer> writers(
      List<ServerDirectives.LogTarget> targets,
      ServerDirectives directives,
      Map<String, LogSink> sinks,
      Map<String, AccessLogFormat> formats)
      throws IOException {
    List<Writer> writers = new ArrayList<>();
    for (ServerDirectives.LogTarget target : targets) {
      String key =
          target.target().startsWith("|")
              ? target.target()
              : directives.serverRoot().resolve(target.target()).toString();
      LogSink sink = sinks.get(key);
      if (sink == null) {
        sink = LogSink.open(target.target(), directives.serverRoot());
        sinks.put(key, sink);
      }
      writers.add(
          new Writer(formats.computeIfAbsent(target.format(), AccessLogFormat::compile), sink));
    }
    return ImmutableList.copyOf(writers);
  }

  /** What httpd uses as ServerName when none is set: the machine's name. */
  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public void log(Request request, Response response) {
    Optional<RoutingDecision> decision =
        request.getAttribute(WsgiFilter.DECISION_ATTRIBUTE) instanceof RoutingDecision d
            ? Optional.of(d)
            : Optional.empty();
    Routing current =
        request.getAttribute(ROUTING_ATTRIBUTE) instanceof Routing stamped
            ? stamped
            : routing.get();
    Server server = current.serverFor(decision);
    AccessLogFormat.Exchange exchange =
        new AccessLogFormat.Exchange(request, response, decision, server.host());
    for (Writer writer : server.writers()) {
      try {
        writer.sink().write(writer.format().line(exchange));
      } catch (RuntimeException e) {
        LOG.warning("access log " + writer.sink().target() + ": " + e);
      }
    }
  }

  private void closeRetired(Routing old) {
    synchronized (retired) {
      if (retired.remove(old)) {
        old.sinks().forEach(LogSink::close);
      }
    }
  }

  @Override
  public void close() {
    synchronized (retired) {
      retired.forEach(r -> r.sinks().forEach(LogSink::close));
      retired.clear();
    }
    routing.get().sinks().forEach(LogSink::close);
  }
}
