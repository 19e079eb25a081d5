package org.wsgi4j.wsgi.jython;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.python.core.PyDictionary;
import org.python.core.PyObject;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.WsgiStartup;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.WsgiAuthScripts;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.wsgi.BoundedCalls;
import org.wsgi4j.wsgi.DetachableResponse;
import org.wsgi4j.wsgi.ErrorLogScope;
import org.wsgi4j.wsgi.PoolSettings;
import org.wsgi4j.wsgi.ProcessGroupPool;
import org.wsgi4j.wsgi.RecycleReason;
import org.wsgi4j.wsgi.ReplicaStaleException;
import org.wsgi4j.wsgi.WsgiEnviron;
import org.wsgi4j.wsgi.WsgiEnvironBuilder;
import org.wsgi4j.wsgi.WsgiGateway;
import org.wsgi4j.wsgi.WsgiRequest;
import org.wsgi4j.wsgi.WsgiResponse;
import org.wsgi4j.wsgi.WsgiUnavailableException;

/**
 * The WSGI gateway on Jython 2.7.4: one {@link ProcessGroupPool} per process group (embedded mode
 * runs on the caller's thread), each "process" a set of interpreters, one per application group.
 * Thread-safe.
 */
public final class JythonGateway implements WsgiGateway {
  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi");

  private final WsgiEnvironBuilder environBuilder;
  private final boolean scriptReloading;
  private final boolean chunkedRequests;
  private final Map<String, ProcessGroupPool<JythonProcess>> pools = new ConcurrentHashMap<>();
  private volatile WsgiStartup startup = WsgiStartup.NONE;

  /** Auth script calls: bounded in time, at most 64 running at once (see docs/wsgi-auth.md). */
  private final BoundedCalls authScriptCalls =
      new BoundedCalls(JythonAuthScripts.timeoutFromProperty(), 64, "wsgi4j-auth");

  private final JythonAuthScripts authScripts = new JythonAuthScripts(this, authScriptCalls);
  private volatile boolean closed;

  /** A gateway with mod_wsgi's defaults (WSGIScriptReloading On, WSGIChunkedRequest Off). */
  public JythonGateway() {
    this(new WsgiEnvironBuilder(), true, false);
  }

  /**
   * @param environBuilder builds each request's environ
   * @param scriptReloading WSGIScriptReloading: reload a script whose file changed
   * @param chunkedRequests WSGIChunkedRequest: accept chunked request bodies (else 411)
   */
  public JythonGateway(
      WsgiEnvironBuilder environBuilder, boolean scriptReloading, boolean chunkedRequests) {
    this.environBuilder = environBuilder.withScriptReloading(scriptReloading);
    this.scriptReloading = scriptReloading;
    this.chunkedRequests = chunkedRequests;
  }

  @Override
  public void handle(RoutingDecision.Dispatch dispatch, WsgiRequest request, WsgiResponse response)
      throws IOException {
    WsgiTarget target = dispatch.target();
    if (refusedChunked(request, response)) {
      return;
    }
    WsgiEnviron environ = environBuilder.build(dispatch, request);
    String queued = WsgiCall.micros();
    // A request its pool gives up on (request-timeout) may still be running: cut it off from the
    // response before answering for it.
    DetachableResponse guarded = new DetachableResponse(response);
    try {
      ProcessGroupPool<JythonProcess> pool = pool(target);
      pool.execute(
          process -> {
            ErrorLogScope.Request scope = ErrorLogScope.enter(logScope(dispatch, environ));
            try {
              call(pool, process, target, environ, request, guarded, queued);
            } finally {
              ErrorLogScope.restore(scope);
            }
            return null;
          });
    } catch (WsgiUnavailableException e) {
      answerUnavailable(e, guarded, response);
    }
  }

  private static ErrorLogScope.Request logScope(
      RoutingDecision.Dispatch dispatch, WsgiEnviron environ) {
    return new ErrorLogScope.Request(
        dispatch.facts().virtualHost(),
        environ.variables(),
        dispatch.target().daemon().isPresent(),
        true);
  }

  /** WSGIChunkedRequest Off: a chunked body is refused with 411 before any work is done. */
  private boolean refusedChunked(WsgiRequest request, WsgiResponse response) throws IOException {
    if (chunkedRequests || !chunked(request)) {
      return false;
    }
    LOG.info(() -> "Chunked request body refused (WSGIChunkedRequest Off): " + request.target());
    response.sendError(411, "Length Required");
    return true;
  }

  /** The pool refused or gave up on the request: cut the late writer off, then answer for it. */
  private static void answerUnavailable(
      WsgiUnavailableException e, DetachableResponse guarded, WsgiResponse response)
      throws IOException {
    LOG.warning(e.getMessage());
    guarded.detach();
    response.sendError(e.status(), e.status() == 504 ? "Gateway Timeout" : "Service Unavailable");
  }

  @Override
  public CompletionStage<Void> handleAsync(
      RoutingDecision.Dispatch dispatch, WsgiRequest request, WsgiResponse response) {
    WsgiTarget target = dispatch.target();
    ProcessGroupPool<JythonProcess> pool;
    WsgiEnviron environ;
    try {
      if (refusedChunked(request, response)) {
        return CompletableFuture.completedFuture(null);
      }
      environ = environBuilder.build(dispatch, request);
      pool = pool(target);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    String queued = WsgiCall.micros();
    // As in handle(): a request abandoned by its pool is cut off from the response first.
    DetachableResponse guarded = new DetachableResponse(response);
    return pool.<Void>submit(
            process -> {
              ErrorLogScope.Request scope = ErrorLogScope.enter(logScope(dispatch, environ));
              try {
                call(pool, process, target, environ, request, guarded, queued);
              } finally {
                ErrorLogScope.restore(scope);
              }
              return null;
            })
        .handle(
            (done, failure) -> {
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              if (cause instanceof WsgiUnavailableException e) {
                try {
                  answerUnavailable(e, guarded, response);
                } catch (IOException io) {
                  throw new CompletionException(io);
                }
              } else if (cause != null) {
                throw new CompletionException(cause);
              }
              return null;
            });
  }

  /**
   * Loads a target's script into its process and application group now (WSGIImportScript, or
   * WSGIScriptAlias with both groups given), so the first request does not pay for it.
   *
   * @throws IOException if the script cannot be loaded
   */
  public void preload(WsgiTarget target) throws IOException {
    try {
      pool(target)
          .runUncounted(
              process -> {
                JythonInterpreter interpreter = process.interpreter(target.applicationGroup());
                ScriptLoadException failure =
                    interpreter.enter(
                        () -> {
                          try {
                            interpreter.application(
                                target.scriptFilename(), target.callableObject(), scriptReloading);
                            return null;
                          } catch (ScriptLoadException e) {
                            return e;
                          }
                        });
                if (failure != null) {
                  throw new IOException(failure.getMessage(), failure);
                }
                process.loaded(
                    new JythonProcess.LoadedScript(
                        target.applicationGroup(),
                        target.scriptFilename(),
                        target.callableObject()));
                return null;
              });
    } catch (WsgiUnavailableException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Takes the configuration's import scripts, WSGIPythonPath and WSGIPythonHome, and starts every
   * process group that has import scripts now: each of its processes loads them before it takes a
   * request (mod_wsgi loads them when a process starts), and so does every later generation. Groups
   * already running keep their interpreters; their next generations use the new set-up. A group
   * that fails to start is logged; its requests try again.
   */
  @Override
  public void start(ServerConfig config) {
    startup = config.wsgiStartup();
    Set<String> groups = new LinkedHashSet<>();
    config.wsgiStartup().importScripts().forEach(s -> groups.add(s.processGroup()));
    for (String group : groups) {
      Optional<DaemonProcessGroup> daemon =
          group.isEmpty() ? Optional.empty() : config.processGroup(group);
      try {
        pool(group, daemon);
      } catch (IOException e) {
        LOG.log(Level.SEVERE, e, () -> "Starting WSGI process group '" + group + "' failed");
      }
    }
  }

  /** WSGIAuthUserScript / WSGIAuthGroupScript, run in this gateway's embedded interpreters. */
  @Override
  public WsgiAuthScripts authScripts() {
    return authScripts;
  }

  /**
   * Runs {@code work} on the embedded process's interpreter of an application group (created on
   * first use), on the caller's thread: where mod_wsgi runs auth scripts, never in a daemon.
   */
  <T> T inEmbeddedInterpreter(String applicationGroup, Function<JythonInterpreter, T> work)
      throws IOException, WsgiUnavailableException {
    return embeddedPool()
        .runUncounted(process -> work.apply(process.interpreter(applicationGroup)));
  }

  private ProcessGroupPool<JythonProcess> embeddedPool() throws IOException {
    if (closed) {
      throw new IOException("gateway closed");
    }
    ProcessGroupPool<JythonProcess> pool = pools.get("");
    if (pool != null) {
      return pool;
    }
    synchronized (pools) {
      pool = pools.get("");
      if (pool == null) {
        pool = newPool("", Optional.empty());
        pools.put("", pool);
      }
      return pool;
    }
  }

  /** The pool of a process group ({@code ""} for embedded mode), if it has been started. */
  public Optional<ProcessGroupPool<?>> processGroup(String name) {
    return Optional.ofNullable(pools.get(name));
  }

  private void call(
      ProcessGroupPool<JythonProcess> pool,
      JythonProcess process,
      WsgiTarget target,
      WsgiEnviron environ,
      WsgiRequest request,
      WsgiResponse response,
      String queued)
      throws IOException {
    String daemonStart = WsgiCall.micros();
    process.requestArrived();
    JythonInterpreter interpreter = process.interpreter(target.applicationGroup());
    boolean daemon = target.daemon().isPresent();
    IOException failure =
        interpreter.enter(
            () -> {
              // Daemon mode: a changed script restarts the process, and the request runs on the
              // new one. Checked once, here: the look-up below then need not stat the file again.
              if (scriptReloading
                  && daemon
                  && interpreter.changedSinceLoadEntered(target.scriptFilename())) {
                throw new ReplicaStaleException(
                    "WSGI script '"
                        + target.scriptFilename()
                        + "' changed; restarting its daemon process");
              }
              try {
                PyObject application;
                try {
                  application =
                      interpreter.application(
                          target.scriptFilename(),
                          target.callableObject(),
                          scriptReloading && !daemon);
                } catch (ScriptLoadException e) {
                  LOG.log(Level.SEVERE, e.getMessage());
                  if (daemon) {
                    restartIfStartupTimedOut(pool, process, target);
                  }
                  boolean notFound = e.missingCallable() && !daemon;
                  response.sendError(
                      notFound ? 404 : 500, notFound ? "Not Found" : "Internal Server Error");
                  return null;
                }
                process.loaded(
                    new JythonProcess.LoadedScript(
                        target.applicationGroup(),
                        target.scriptFilename(),
                        target.callableObject()));
                Map<String, String> extra = new LinkedHashMap<>();
                if (daemon) {
                  extra.put("mod_wsgi.queue_start", queued);
                  extra.put("mod_wsgi.daemon_start", daemonStart);
                }
                extra.put("mod_wsgi.script_start", WsgiCall.micros());
                PyDictionary dict = WsgiCall.environ(environ, request, extra);
                new WsgiCall(response, target.scriptFilename()).run(application, dict);
                return null;
              } catch (IOException e) {
                return e;
              }
            });
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * {@code startup-timeout=s}: a daemon process whose WSGI script has not loaded since its first
   * request more than s seconds ago is replaced by a fresh one, as mod_wsgi restarts it (for
   * applications, such as Django, that cannot initialise again after a failed import). This request
   * is answered with 500 as before; later ones go to the replacement.
   */
  private static void restartIfStartupTimedOut(
      ProcessGroupPool<JythonProcess> pool, JythonProcess process, WsgiTarget target) {
    Optional<Duration> timeout = PoolSettings.startupTimeout(target.daemon().get());
    if (timeout.isPresent() && process.startupTimedOut(timeout.get())) {
      LOG.warning(
          () ->
              "Application startup timer expired for WSGI daemon process '"
                  + target.processGroup()
                  + "': '"
                  + target.scriptFilename()
                  + "' has not loaded within "
                  + timeout.get().toSeconds()
                  + " s of the first request; restarting the process");
      pool.replaceNow(process, RecycleReason.STARTUP_TIMEOUT);
    }
  }

  private ProcessGroupPool<JythonProcess> pool(WsgiTarget target) throws IOException {
    return pool(target.processGroup(), target.daemon());
  }

  private ProcessGroupPool<JythonProcess> pool(String name, Optional<DaemonProcessGroup> daemon)
      throws IOException {
    if (closed) {
      throw new IOException("gateway closed");
    }
    ProcessGroupPool<JythonProcess> pool = pools.get(name);
    if (pool != null) {
      return pool;
    }
    synchronized (pools) {
      pool = pools.get(name);
      if (pool == null) {
        pool = newPool(name, daemon);
        pools.put(name, pool);
      }
      return pool;
    }
  }

  private ProcessGroupPool<JythonProcess> newPool(String name, Optional<DaemonProcessGroup> daemon)
      throws IOException {
    PoolSettings settings = daemon.map(PoolSettings::of).orElseGet(PoolSettings::embedded);
    PythonSetup setup = setup(daemon, startup);
    try {
      return new ProcessGroupPool<>(
          settings,
          predecessor -> {
            JythonProcess process = new JythonProcess(name, setup);
            // Every generation loads the group's import scripts before it takes work; the
            // startup read here is the one in force when the generation is made.
            process.runImportScripts(startup.importScriptsOf(name), scriptReloading);
            predecessor.ifPresent(old -> process.preloadFrom(old, scriptReloading));
            return process;
          },
          JythonRuntime::forgetThreadState);
    } catch (Exception e) {
      throw new IOException("Could not start process group '" + name + "'", e);
    }
  }

  /**
   * A daemon group's interpreters: python-path=, home=, python-home= (else WSGIPythonHome).
   * Embedded mode: WSGIPythonPath and WSGIPythonHome (mod_wsgi applies WSGIPythonPath only outside
   * daemon processes).
   */
  static PythonSetup setup(Optional<DaemonProcessGroup> daemon, WsgiStartup startup) {
    if (daemon.isEmpty()) {
      return new PythonSetup(startup.pythonPath(), Optional.empty(), startup.pythonHome());
    }
    Map<String, String> options = daemon.get().options();
    return new PythonSetup(
        Optional.ofNullable(options.get("python-path"))
            .map(p -> ImmutableList.copyOf(Splitter.on(':').omitEmptyStrings().split(p)))
            .orElse(ImmutableList.of()),
        Optional.ofNullable(options.get("home")),
        Optional.ofNullable(options.get("python-home"))
            .map(h -> h.contains(":") ? h.substring(0, h.indexOf(':')) : h)
            .or(startup::pythonHome));
  }

  private static boolean chunked(WsgiRequest request) {
    for (Map.Entry<String, String> header : request.headers()) {
      if (header.getKey().equalsIgnoreCase("Transfer-Encoding")
          && header.getValue().toLowerCase(Locale.ROOT).contains("chunked")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    closed = true;
    authScriptCalls.close();
    synchronized (pools) {
      pools.values().forEach(ProcessGroupPool::close);
      pools.clear();
    }
  }
}
