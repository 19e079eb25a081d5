package org.wsgi4j.wsgi.jython;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wsgi4j.model.WsgiImportScript;
import org.wsgi4j.wsgi.CreationPacing;

/**
 * One "process" of a process group: its interpreters, one per application group, created on first
 * use (or preloaded), and the scripts loaded into them so that a replacement can preload them.
 */
final class JythonProcess implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi");

  /** A script loaded into an application group. */
  record LoadedScript(String applicationGroup, String scriptFilename, String callableObject) {}

  private final String processGroup;
  private final PythonSetup setup;
  private final Map<String, JythonInterpreter> interpreters = new ConcurrentHashMap<>();
  private final Set<LoadedScript> loaded = ConcurrentHashMap.newKeySet();
  // One os.environ per process, starting from the JVM's environment at start-up: its application
  // groups share it (as in mod_wsgi), other processes and later generations never see it.
  private final ProcessEnviron environ = ProcessEnviron.fresh();

  JythonProcess(String processGroup, List<String> pythonPath) {
    this(processGroup, pythonPath, Optional.empty());
  }

  /** A process whose interpreters run in {@code home} ({@code home=}). */
  JythonProcess(String processGroup, List<String> pythonPath, Optional<String> home) {
    this(processGroup, PythonSetup.of(pythonPath, home));
  }

  /** A process whose interpreters are set up as {@code setup} says. */
  JythonProcess(String processGroup, PythonSetup setup) {
    this.processGroup = processGroup;
    this.setup = setup;
  }

  String processGroup() {
    return processGroup;
  }

  /** The application group's interpreter, created on first use. */
  JythonInterpreter interpreter(String applicationGroup) {
    return interpreters.computeIfAbsent(
        applicationGroup,
        name -> new JythonInterpreter(name, setup, JythonRuntime.importSite(), environ));
  }

  /** Records a script as loaded, for preloading into a replacement. */
  void loaded(LoadedScript script) {
    loaded.add(script);
  }

  /** When the first request reached this process (System.nanoTime), or NO_REQUEST_YET. */
  private final AtomicLong firstRequestNanos = new AtomicLong(NO_REQUEST_YET);

  private static final long NO_REQUEST_YET = Long.MIN_VALUE;

  /** A request reached this process: starts mod_wsgi's startup timer on the first one. */
  void requestArrived() {
    if (firstRequestNanos.get() == NO_REQUEST_YET) {
      long now = System.nanoTime();
      firstRequestNanos.compareAndSet(NO_REQUEST_YET, now == NO_REQUEST_YET ? now + 1 : now);
    }
  }

  /**
   * mod_wsgi's startup-timeout: no WSGI script has loaded here (the timer is cancelled by the first
   * one that does) and the first request came more than {@code timeout} ago.
   */
  boolean startupTimedOut(Duration timeout) {
    long first = firstRequestNanos.get();
    return loaded.isEmpty()
        && first != NO_REQUEST_YET
        && System.nanoTime() - first > timeout.toNanos();
  }

  /**
   * Loads the import scripts of this process's group, in order, into their application groups, as
   * mod_wsgi does when a process starts: before it takes a request. A script that fails is logged
   * and the process starts anyway (as in mod_wsgi); {@code SystemExit} is caught like any error.
   *
   * @return the scripts that loaded
   */
  List<String> runImportScripts(List<WsgiImportScript> scripts, boolean reloading) {
    List<String> done = new ArrayList<>();
    for (WsgiImportScript script : scripts) {
      JythonInterpreter interpreter = interpreter(script.applicationGroup());
      ScriptLoadException failure =
          interpreter.enter(
              () -> {
                try {
                  interpreter.module(script.scriptFilename(), reloading);
                  return null;
                } catch (ScriptLoadException e) {
                  return e;
                }
              });
      if (failure == null) {
        done.add(script.scriptFilename());
      } else {
        LOG.log(
            Level.SEVERE,
            () ->
                "Import script '"
                    + script.scriptFilename()
                    + "' of WSGI process group '"
                    + processGroup
                    + "' failed to load: "
                    + failure.getMessage());
      }
    }
    return done;
  }

  /** Loads every script the predecessor had loaded (drain-then-swap preloading). */
  void preloadFrom(JythonProcess predecessor, boolean reloading) {
    for (LoadedScript script : predecessor.loaded) {
      JythonInterpreter interpreter = interpreter(script.applicationGroup());
      CreationPacing.step();
      try {
        interpreter.enter(
            () -> {
              try {
                interpreter.application(
                    script.scriptFilename(), script.callableObject(), reloading);
              } catch (ScriptLoadException e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
              return null;
            });
        loaded.add(script);
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            e,
            () -> "Preloading '" + script.scriptFilename() + "' into a new process failed");
      }
    }
  }

  @Override
  public void close() {
    for (JythonInterpreter interpreter : interpreters.values()) {
      try {
        interpreter.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, e, () -> "Closing interpreter '" + interpreter.name() + "' failed");
      }
    }
    interpreters.clear();
  }
}
