package org.wsgi4j.wsgi.jython;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One "process" of a process group: its interpreters, one per application group, created on first
 * use (or preloaded), and the scripts loaded into them so that a replacement can preload them.
 */
final class JythonProcess implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi");

  /** A script loaded into an application group. */
  record LoadedScript(String applicationGroup, String scriptFilename, String callableObject) {}

  private final String processGroup;
  private final ImmutableList<String> pythonPath;
  private final Optional<String> home;
  private final Map<String, JythonInterpreter> interpreters = new ConcurrentHashMap<>();
  private final Set<LoadedScript> loaded = ConcurrentHashMap.newKeySet();

  JythonProcess(String processGroup, List<String> pythonPath) {
    this(processGroup, pythonPath, Optional.empty());
  }

  /** A process whose interpreters run in {@code home} ({@code home=}). */
  JythonProcess(String processGroup, List<String> pythonPath, Optional<String> home) {
    this.processGroup = processGroup;
    this.pythonPath = ImmutableList.copyOf(pythonPath);
    this.home = home;
  }

  String processGroup() {
    return processGroup;
  }

  /** The application group's interpreter, created on first use. */
  JythonInterpreter interpreter(String applicationGroup) {
    return interpreters.computeIfAbsent(
        applicationGroup, name -> new JythonInterpreter(name, pythonPath, home));
  }

  /** Records a script as loaded, for preloading into a replacement. */
  void loaded(LoadedScript script) {
    loaded.add(script);
  }

  /** Loads every script the predecessor had loaded (drain-then-swap preloading). */
  void preloadFrom(JythonProcess predecessor, boolean reloading) {
    for (LoadedScript script : predecessor.loaded) {
      JythonInterpreter interpreter = interpreter(script.applicationGroup());
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
