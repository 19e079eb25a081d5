package org.wsgi4j.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.wsgi4j.cli.serve.ServeOptions;
import org.wsgi4j.cli.serve.SignalHandlers;
import org.wsgi4j.cli.serve.WsgiServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wsgi4j serve}: runs a configuration on embedded Jetty 12 ({@link WsgiServer}). Drains
 * in-flight requests on SIGTERM; reloads the configuration on SIGHUP, as {@code apachectl
 * graceful}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve an httpd + mod_wsgi configuration on embedded Jetty.")
final class ServeCommand implements Callable<Integer> {
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
      description =
          "Access log (default: the configuration's CustomLog, relative to ServerRoot; stdout"
              + " without one).")
  Optional<Path> accessLog = Optional.empty();

  @Option(
      names = "--error-log",
      paramLabel = "FILE",
      description =
          "Error log in httpd's format (default: the configuration's ErrorLog, relative to"
              + " ServerRoot; stderr without one).")
  Optional<Path> errorLog = Optional.empty();

  @Option(
      names = "--drain-timeout",
      paramLabel = "SECONDS",
      description = "How long in-flight requests may run on SIGTERM (default: 15).")
  long drainSeconds = ServeOptions.DEFAULT_DRAIN.toSeconds();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // Both handlers go in before the server listens. The JVM's own SIGHUP handler exits, and a
    // reload sent as soon as "listening on" is printed (logrotate, a deploy script) must reload,
    // not stop, the server; a SIGHUP that comes while it starts is kept for when it has.
    AtomicReference<WsgiServer> serving = new AtomicReference<>();
    AtomicBoolean reloadPending = new AtomicBoolean();
    PrintWriter err = spec.commandLine().getErr();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  WsgiServer running = serving.get();
                  if (running == null) {
                    return;
                  }
                  try {
                    running.stop();
                  } catch (Exception e) {
                    err.println("wsgi4j serve: stopping: " + e.getMessage());
                    err.flush();
                  }
                },
                "wsgi4j-drain"));
    boolean reloadsOnHangUp =
        SignalHandlers.onHangUp(
            () -> {
              reloadPending.set(true);
              reloadIfPending(serving, reloadPending);
            });
    if (!reloadsOnHangUp) {
      // Apache reloads on SIGHUP even under nohup; a JVM cannot take back an ignored signal.
      err.println(
          "wsgi4j serve: SIGHUP is ignored in this process (started under nohup?) or cannot be"
              + " handled here: it will not reload the configuration; restart to change it");
      err.flush();
    }
    Optional<WsgiServer> server = start();
    if (server.isEmpty()) {
      return 1;
    }
    WsgiServer running = server.get();
    serving.set(running);
    reloadIfPending(serving, reloadPending);
    running.join();
    return 0;
  }

  /**
   * Reloads the server once it serves, if a SIGHUP asked for it. Called by the signal's thread and
   * by the starting one: whichever sees both the server and the request reloads, once.
   */
  private static void reloadIfPending(
      AtomicReference<WsgiServer> serving, AtomicBoolean reloadPending) {
    WsgiServer running = serving.get();
    if (running != null && reloadPending.getAndSet(false)) {
      running.reload();
    }
  }

  /** Loads, checks and starts; empty (with the reasons printed) when it must not serve. */
  Optional<WsgiServer> start() throws Exception {
    ServeOptions options =
        new ServeOptions(
            config,
            ImmutableList.copyOf(listen),
            ImmutableSet.copyOf(defines),
            serverRoot,
            ImmutableList.copyOf(pythonPath),
            accessLog,
            errorLog,
            Duration.ofSeconds(drainSeconds));
    return WsgiServer.start(options, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
