package org.wsgi4j.wsgi.jython;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.wsgi4j.wsgi.ConnectionEnd;
import org.wsgi4j.wsgi.DetachableResponse;
import org.wsgi4j.wsgi.ErrorLogScope;
import org.wsgi4j.wsgi.PoolSettings;
import org.wsgi4j.wsgi.ProcessGroupPool;
import org.wsgi4j.wsgi.ProcessGroupPool.Task;
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

  /** How often a request refused unstarted by a replaced pool is tried again on its successor. */
  private static final int REPLACED_POOL_RETRIES = 3;

  /** A running pool, the definition it was built from, and its drain when a reload replaces it. */
  private record Running(
      ProcessGroupPool<JythonProcess> pool, GroupDefinition definition, Duration reloadGrace) {}

  /** Work with a pool's process; the pool is the one the work runs in. */
  @FunctionalInterface
  private interface PoolWork<T> {
    T run(ProcessGroupPool<JythonProcess> pool, JythonProcess process) throws IOException;
  }

  private final Map<String, Running> pools = new ConcurrentHashMap<>();

  /** Pools replaced by a reload that are still finishing their requests. */
  private final Set<ProcessGroupPool<JythonProcess>> draining = ConcurrentHashMap.newKeySet();

  /**
   * Each group's definition in the configuration last given to {@link #start}: a request whose
   * routing decision carries this definition while its group's pool was built from another one gets
   * a new pool; a request still routed by an older configuration never replaces a pool.
   */
  private volatile Map<String, GroupDefinition> configured = Map.of();

  /** One {@link #start} at a time. */
  private final Object reloads = new Object();

  /** Whether {@link #start} ran before: every later one is a reload. Guarded by reloads. */
  private boolean started;

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
      runOnCurrent(
          target.processGroup(),
          target.daemon(),
          true,
          requestWork(dispatch, environ, request, guarded, queued),
          // The pool's watchdog cuts a request it gives up on off from the response before it
          // interrupts the request's thread: what the interrupted code writes never gets out.
          guarded::detach);
    } catch (WsgiUnavailableException e) {
      answerUnavailable(e, guarded, response);
    }
  }

  /** One request's WSGI call in a process of a pool, logging under the request's identity. */
  private PoolWork<Void> requestWork(
      RoutingDecision.Dispatch dispatch,
      WsgiEnviron environ,
      WsgiRequest request,
      DetachableResponse guarded,
      String queued) {
    return (pool, process) -> {
      ErrorLogScope.Request scope = ErrorLogScope.enter(logScope(dispatch, environ));
      try {
        call(pool, process, dispatch.target(), environ, request, guarded, queued);
      } finally {
        ErrorLogScope.restore(scope);
      }
      return null;
    };
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

  /**
   * Runs work in the current pool of a group. A pool picked just before a reload replaced it may
   * refuse the work (it drains: it takes nothing new) or close with the work still queued; work
   * that never started is then run on the group's new pool instead, so a reload fails no request.
   */
  private <T> T runOnCurrent(
      String name, Optional<DaemonProcessGroup> daemon, boolean counted, PoolWork<T> work)
      throws IOException, WsgiUnavailableException {
    return runOnCurrent(name, daemon, counted, work, () -> {});
  }

  /**
   * As above; {@code onAbandoned} runs if the pool gives up on the work ({@link Task#abandoned}).
   */
  private <T> T runOnCurrent(
      String name,
      Optional<DaemonProcessGroup> daemon,
      boolean counted,
      PoolWork<T> work,
      Runnable onAbandoned)
      throws IOException, WsgiUnavailableException {
    ProcessGroupPool<JythonProcess> pool = pool(name, daemon);
    for (int attempt = 1; ; attempt++) {
      AtomicBoolean started = new AtomicBoolean();
      Task<JythonProcess, T> task = task(pool, work, started, onAbandoned);
      try {
        return counted ? pool.execute(task) : pool.runUncounted(task);
      } catch (WsgiUnavailableException e) {
        Optional<ProcessGroupPool<JythonProcess>> next =
            successor(pool, started.get(), attempt, name, daemon);
        if (next.isEmpty()) {
          throw e;
        }
        pool = next.get();
      }
    }
  }

  /**
   * Where work refused by {@code refusedBy} runs again: the group's current pool, when that is
   * another one (a reload replaced the refusing pool) and the work never started; else empty.
   */
  private Optional<ProcessGroupPool<JythonProcess>> successor(
      ProcessGroupPool<JythonProcess> refusedBy,
      boolean started,
      int attempt,
      String name,
      Optional<DaemonProcessGroup> daemon)
      throws IOException {
    if (started || attempt > REPLACED_POOL_RETRIES) {
      return Optional.empty();
    }
    ProcessGroupPool<JythonProcess> current = pool(name, daemon);
    return current == refusedBy ? Optional.empty() : Optional.of(current);
  }

  /** Work as a task of {@code pool}: notes when it starts, and runs onAbandoned if given up on. */
  private static <T> Task<JythonProcess, T> task(
      ProcessGroupPool<JythonProcess> pool,
      PoolWork<T> work,
      AtomicBoolean started,
      Runnable onAbandoned) {
    return new Task<>() {
      @Override
      public T run(JythonProcess process) throws IOException {
        started.set(true);
        return work.run(pool, process);
      }

      @Override
      public void abandoned() {
        onAbandoned.run();
      }
    };
  }

  /** As {@link #runOnCurrent}, without making the caller wait. */
  private CompletableFuture<Void> submitOnCurrent(
      ProcessGroupPool<JythonProcess> pool,
      WsgiTarget target,
      PoolWork<Void> work,
      Runnable onAbandoned,
      int attempt) {
    AtomicBoolean started = new AtomicBoolean();
    return pool.submit(task(pool, work, started, onAbandoned))
        .exceptionallyCompose(
            failure -> {
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              Optional<ProcessGroupPool<JythonProcess>> next = Optional.empty();
              if (cause instanceof WsgiUnavailableException) {
                try {
                  next =
                      successor(
                          pool, started.get(), attempt, target.processGroup(), target.daemon());
                } catch (IOException e) {
                  // no pool to try again on: the refusal stands
                }
              }
              return next.isPresent()
                  ? submitOnCurrent(next.get(), target, work, onAbandoned, attempt + 1)
                  : CompletableFuture.failedFuture(failure);
            });
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
    PoolWork<Void> work = requestWork(dispatch, environ, request, guarded, queued);
    // The watchdog cuts a request it gives up on off from the response before it interrupts it.
    return submitOnCurrent(pool, target, work, guarded::detach, 1)
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
      runOnCurrent(
          target.processGroup(),
          target.daemon(),
          false,
          (pool, process) -> {
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
                    target.applicationGroup(), target.scriptFilename(), target.callableObject()));
            return null;
          });
    } catch (WsgiUnavailableException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Takes the configuration's import scripts, WSGIPythonPath, WSGIPythonHome and daemon process
   * groups (on the first install and on every reload). A running group whose definition changed
   * (its WSGIDaemonProcess values, the interpreters' set-up or its import scripts; not where the
   * line is written) is replaced: the new pool is built now, its processes loading their import
   * scripts before they take a request (mod_wsgi loads them when a process starts), then requests
   * go to it and the old pool drains in the background ({@link #drain}). On a reload an unchanged
   * group is restarted the same way, as httpd's graceful restart restarts every daemon process
   * (recorded: core/src/test/resources/reload/apache-graceful): operators deploy new application
   * code and reload to load it. A running group that is no longer configured drains. Groups that
   * have import scripts are started now. A group whose new pool fails to start is logged: a running
   * one keeps its old pool until the next reload, one that was not running is tried again by its
   * requests.
   */
  @Override
  public void start(ServerConfig config) {
    synchronized (reloads) {
      boolean reload = started;
      started = true;
      WsgiStartup next = config.wsgiStartup();
      Map<String, Optional<DaemonProcessGroup>> daemons = new LinkedHashMap<>();
      daemons.put("", Optional.empty());
      config.processGroups().forEach(d -> daemons.put(d.name(), Optional.of(d)));
      // An import script's group that is not defined runs as before: a pool without options.
      next.importScripts().forEach(s -> daemons.putIfAbsent(s.processGroup(), Optional.empty()));
      Map<String, GroupDefinition> latest = new LinkedHashMap<>();
      daemons.forEach(
          (name, daemon) -> {
            GroupDefinition definition = GroupDefinition.of(name, daemon, next);
            Running running = pools.get(name);
            // A running group's own instance when unchanged: every request compares the
            // configured definition with its pool's, and that is then a comparison by identity.
            latest.put(
                name,
                running != null && running.definition().equals(definition)
                    ? running.definition()
                    : definition);
          });
      startup = next;
      configured = latest;
      Set<String> groups = new LinkedHashSet<>();
      next.importScripts().forEach(s -> groups.add(s.processGroup()));
      groups.addAll(pools.keySet());
      for (String group : groups) {
        GroupDefinition definition = latest.get(group);
        Running running = pools.get(group);
        if (definition == null) {
          retire(group);
        } else if (running == null) {
          startAnew(group, daemons.get(group), definition, null, "");
        } else if (!running.definition().equals(definition)) {
          startAnew(group, daemons.get(group), definition, running, "its definition changed");
        } else if (reload) {
          startAnew(group, daemons.get(group), definition, running, "the configuration reloaded");
        }
      }
    }
  }

  /**
   * Under {@link #reloads}: builds a group's pool from its definition and swaps it in for {@code
   * running} (null: the group is not running yet), which drains because of {@code why}.
   */
  private void startAnew(
      String group,
      Optional<DaemonProcessGroup> daemon,
      GroupDefinition definition,
      Running running,
      String why) {
    Running fresh;
    try {
      fresh = newRunning(group, daemon, definition, startup);
    } catch (IOException e) {
      if (running == null) {
        LOG.log(Level.SEVERE, e, () -> "Starting WSGI process group '" + group + "' failed");
        return;
      }
      LOG.log(
          Level.SEVERE,
          e,
          () ->
              "Restarting WSGI process group '"
                  + group
                  + "' ("
                  + why
                  + ") failed; it runs on as it was until the next reload");
      // Its requests use the running pool rather than trying to build the new one each time.
      Map<String, GroupDefinition> kept = new LinkedHashMap<>(configured);
      kept.put(group, running.definition());
      configured = kept;
      return;
    }
    Running old;
    synchronized (pools) {
      Running current = pools.get(group);
      if (closed
          || (current != null
              && !current.equals(running)
              && current.definition().equals(definition))) {
        old = null; // closed meanwhile, or a request built it first
      } else {
        old = current;
        pools.put(group, fresh);
        fresh = null;
      }
    }
    if (fresh != null) {
      fresh.pool().close();
    }
    if (old != null) {
      drain(group, old, why);
    }
  }

  /** A group no longer in the configuration: its pool drains and closes. */
  private void retire(String group) {
    Running old;
    synchronized (pools) {
      old = pools.remove(group);
    }
    if (old != null) {
      drain(group, old, "it is no longer configured");
    }
  }

  /**
   * A replaced pool finishes what it has, in the background, as httpd's graceful restart drains a
   * daemon process: it takes no new request (one that reaches it anyway runs on the group's new
   * pool), its queued and running requests may finish for up to its {@code eviction-timeout} (else
   * {@code graceful-timeout}, 15 s unless written), then it closes with {@code shutdown-timeout}
   * more for what still runs.
   */
  private void drain(String group, Running old, String why) {
    ProcessGroupPool<JythonProcess> pool = old.pool();
    draining.add(pool);
    LOG.info(
        () ->
            "WSGI process group '"
                + group
                + "' is replaced because "
                + why
                + "; its old processes finish their requests (up to "
                + old.reloadGrace().toSeconds()
                + " s, then shutdown-timeout) and close");
    Thread drainer =
        new Thread(
            () -> {
              try {
                pool.drainThenClose(old.reloadGrace());
              } finally {
                draining.remove(pool);
              }
            },
            "wsgi4j-" + (group.isEmpty() ? "embedded" : group) + "-drain");
    drainer.setDaemon(true);
    drainer.start();
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
    return runOnCurrent(
        "",
        Optional.empty(),
        false,
        (pool, process) -> work.apply(process.interpreter(applicationGroup)));
  }

  /**
   * The current pool of a process group ({@code ""} for embedded mode), if it has been started;
   * after a reload that changed the group, the new one.
   */
  public Optional<ProcessGroupPool<?>> processGroup(String name) {
    return Optional.ofNullable(pools.get(name)).map(Running::pool);
  }

  /** Pools replaced by a reload that have not finished draining. */
  int drainingPools() {
    return draining.size();
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
                new WsgiCall(
                        response,
                        target.scriptFilename(),
                        ConnectionEnd.after(request) || response.endsConnection())
                    .run(application, dict);
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
    Running running = pools.get(name);
    if (running != null && !outdated(running, name, daemon)) {
      return running.pool();
    }
    Running old;
    Running fresh;
    synchronized (pools) {
      if (closed) {
        throw new IOException("gateway closed");
      }
      old = pools.get(name);
      if (old != null && !outdated(old, name, daemon)) {
        return old.pool();
      }
      WsgiStartup at = startup;
      GroupDefinition definition = GroupDefinition.of(name, daemon, at);
      GroupDefinition latest = configured.get(name);
      // The configuration's own instance when equal: later requests then compare it with itself.
      fresh = newRunning(name, daemon, definition.equals(latest) ? latest : definition, at);
      pools.put(name, fresh);
    }
    if (old != null) {
      drain(name, old, "a request carries its changed definition");
    }
    return fresh.pool();
  }

  /**
   * Whether a running pool was built from another definition than the current configuration's, and
   * this request carries the current one (a reload has not replaced it yet, or its new pool failed
   * to start there). A request routed by an older configuration never replaces a pool.
   */
  private boolean outdated(Running running, String name, Optional<DaemonProcessGroup> daemon) {
    GroupDefinition latest = configured.get(name);
    if (latest == null || latest.equals(running.definition())) {
      return false;
    }
    return latest.equals(GroupDefinition.of(name, daemon, startup));
  }

  private Running newRunning(
      String name, Optional<DaemonProcessGroup> daemon, GroupDefinition definition, WsgiStartup at)
      throws IOException {
    return new Running(
        newPool(name, daemon, at),
        definition,
        daemon.map(PoolSettings::reloadGrace).orElse(PoolSettings.DEFAULT_GRACEFUL_TIMEOUT));
  }

  private ProcessGroupPool<JythonProcess> newPool(
      String name, Optional<DaemonProcessGroup> daemon, WsgiStartup at) throws IOException {
    PoolSettings settings = daemon.map(PoolSettings::of).orElseGet(PoolSettings::embedded);
    PythonSetup setup = setup(daemon, at);
    try {
      return new ProcessGroupPool<>(
          settings,
          predecessor -> {
            JythonProcess process = new JythonProcess(name, setup);
            // Every generation loads the group's import scripts before it takes work: those of
            // the configuration the pool was built for (a reload that changes them replaces it).
            process.runImportScripts(at.importScriptsOf(name), scriptReloading);
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
      pools.values().forEach(running -> running.pool().close());
      pools.clear();
    }
    // Pools still draining close now too (close() waits shutdown-timeout for what still runs).
    List.copyOf(draining).forEach(ProcessGroupPool::close);
  }
}
