package org.wsgi4j.wsgi.jython;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.python.core.CompileMode;
import org.python.core.CompilerFlags;
import org.python.core.Py;
import org.python.core.PyCode;
import org.python.core.PyException;
import org.python.core.PyList;
import org.python.core.PyModule;
import org.python.core.PyObject;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;
import org.python.core.imp;
import org.python.util.PythonInterpreter;
import org.wsgi4j.wsgi.CreationPacing;

/**
 * One application group of one process: a Python interpreter with its own {@code sys}, {@code
 * sys.modules} and {@code sys.path} (its own {@link PySystemState}). Creating one costs about 25 ms
 * of CPU with {@code site} (compiled code shared, see {@link SharedStdlibImporter}), so they are
 * kept for the life of their process. Thread-safe: Jython has no GIL, so requests run concurrently;
 * script loading is serialised.
 */
final class JythonInterpreter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi");

  /** A loaded script module and the file modification time it was loaded at. */
  private record Loaded(PyModule module, long mtime) {}

  /** Script file names are few (the configuration's scripts), but bound the cache anyway. */
  private static final int MODULE_NAME_CACHE_LIMIT = 4096;

  private static final Map<String, String> MODULE_NAMES = new ConcurrentHashMap<>();

  private final String name;
  private final PySystemState sys;
  private final PythonInterpreter interpreter;
  private final Object loadLock = new Object();
  private final Map<String, Loaded> scripts = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param name the application group ({@code ""} for %{GLOBAL}, this process's main interpreter)
   * @param pythonPath directories added to {@code sys.path} ({@code python-path=})
   */
  JythonInterpreter(String name, List<String> pythonPath) {
    this(name, PythonSetup.of(pythonPath, Optional.empty()), JythonRuntime.importSite());
  }

  /**
   * @param name the application group ({@code ""} for %{GLOBAL}, this process's main interpreter)
   * @param pythonPath directories added to {@code sys.path} ({@code python-path=})
   * @param home {@code home=}: the working directory of this interpreter (relative file names,
   *     {@code os.getcwd()}), also put first on {@code sys.path}, as mod_wsgi's chdir does
   */
  JythonInterpreter(String name, List<String> pythonPath, Optional<String> home) {
    this(name, PythonSetup.of(pythonPath, home), JythonRuntime.importSite());
  }

  /**
   * @param importSite whether to import {@code site} as Python does at start-up (after {@code
   *     python-path} is on {@code sys.path}, so a {@code sitecustomize} there runs)
   */
  JythonInterpreter(String name, List<String> pythonPath, boolean importSite) {
    this(name, PythonSetup.of(pythonPath, Optional.empty()), importSite);
  }

  /** An interpreter set up as {@code setup} says (python-path, home, python-home). */
  JythonInterpreter(String name, PythonSetup setup) {
    this(name, setup, JythonRuntime.importSite());
  }

  /** An interpreter that is a process of its own (its own {@code os.environ}). */
  JythonInterpreter(String name, PythonSetup setup, boolean importSite) {
    this(name, setup, importSite, ProcessEnviron.fresh());
  }

  /**
   * @param environ the {@code os.environ} of the process this interpreter belongs to, shared with
   *     its other application groups
   */
  JythonInterpreter(String name, PythonSetup setup, boolean importSite, ProcessEnviron environ) {
    this(name, setup, importSite, FastSite.enabled(), environ);
  }

  /**
   * @param fastSite whether {@code site}'s start-up may be applied without running it ({@link
   *     FastSite}) when its outcome is known; false runs Jython's own {@code site} (tests compare
   *     the two)
   */
  JythonInterpreter(
      String name,
      PythonSetup setup,
      boolean importSite,
      boolean fastSite,
      ProcessEnviron environ) {
    JythonRuntime.initialize();
    this.name = name;
    this.sys = new InterpreterSystemState(setup.pythonHome());
    CreationPacing.step();
    // Its own __builtin__: Jython's default one is shared by every PySystemState.
    sys.setBuiltins(JythonRuntime.freshBuiltins());
    // Its process's os.environ: Jython's is one dict for the whole JVM. Before site imports os.
    environ.install(sys);
    sys.argv = new PyList(new PyObject[] {Py.newString("mod_wsgi")});
    sys.dont_write_bytecode = JythonRuntime.dontWriteBytecode();
    // The standard library's compiled code is shared JVM-wide (its modules never are).
    SharedStdlibImporter.install(sys);
    CreationPacing.step();
    // On sys.path before site runs, as PYTHONPATH is for mod_wsgi's main interpreter, so that a
    // sitecustomize there runs; addsitedir() below then reads their .pth files.
    for (String dir : setup.pythonPath()) {
      sys.path.append(JythonRuntime.nativeString(dir));
    }
    setup
        .home()
        .ifPresent(
            dir -> {
              sys.setCurrentWorkingDir(dir);
              sys.path.insert(0, JythonRuntime.nativeString(dir));
            });
    this.interpreter = new PythonInterpreter(null, sys);
    CreationPacing.step();
    Optional<FastSite.Outcome> siteOutcome =
        importSite && fastSite ? FastSite.plan(sys, setup) : Optional.empty();
    CreationPacing.step();
    if (siteOutcome.isPresent()) {
      enter(
          () -> {
            FastSite.apply(sys, siteOutcome.get());
            return null;
          });
    } else if (importSite) {
      enter(
          () -> {
            imp.load("site");
            return null;
          });
      List<String> homePackages = setup.homeSitePackages();
      if (!homePackages.isEmpty() || !setup.pythonPath().isEmpty()) {
        runSetup(SITE_DIRS, "home_dirs", homePackages, "front_dirs", setup.pythonPath());
      }
    } else {
      // Without site there is no addsitedir: the directories go on sys.path as they are.
      for (String dir : setup.homeSitePackages()) {
        sys.path.append(JythonRuntime.nativeString(dir));
      }
    }
  }

  /**
   * mod_wsgi's python-path handling: {@code site.addsitedir} for each directory (so {@code .pth}
   * files are read), then every entry that added is moved, in order, to the front of {@code
   * sys.path}. The python home's site-packages are added the way {@code site} adds its own, at the
   * end.
   */
  private static final String SITE_DIRS =
      """
      import sys, site
      for d in home_dirs:
          site.addsitedir(d)
      for d in front_dirs:
          while d in sys.path:
              sys.path.remove(d)
      old = list(sys.path)
      for d in front_dirs:
          site.addsitedir(d)
      new = [p for p in sys.path if p not in old]
      for p in new:
          sys.path.remove(p)
      sys.path[:0] = new
      """;

  /** Runs set-up code in a namespace of its own (not {@code __main__}), with two string lists. */
  private void runSetup(
      String source, String firstName, List<String> first, String secondName, List<String> second) {
    enter(
        () -> {
          PyStringMap namespace = new PyStringMap();
          namespace.__setitem__("__builtins__", sys.getBuiltins());
          namespace.__setitem__(firstName, strings(first));
          namespace.__setitem__(secondName, strings(second));
          PyCode code =
              Py.compile_flags(
                  source, "<wsgi4j interpreter set-up>", CompileMode.exec, new CompilerFlags());
          Py.runCode(code, namespace, namespace);
          return null;
        });
  }

  private static PyList strings(List<String> values) {
    PyList list = new PyList();
    for (String value : values) {
      list.append(JythonRuntime.nativeString(value));
    }
    return list;
  }

  String name() {
    return name;
  }

  PySystemState systemState() {
    return sys;
  }

  /** Runs {@code work} with this interpreter's {@code sys} as the thread's system state. */
  <T> T enter(Supplier<T> work) {
    PySystemState previous = Py.setSystemState(sys);
    try {
      return work.get();
    } finally {
      Py.setSystemState(previous);
    }
  }

  /** Runs Python source in this interpreter's {@code __main__} namespace (tests, tools). */
  void exec(String source) {
    enter(
        () -> {
          interpreter.exec(source);
          return null;
        });
  }

  /** Evaluates a Python expression in {@code __main__} (tests, tools). */
  PyObject eval(String expression) {
    return enter(() -> interpreter.eval(expression));
  }

  /**
   * mod_wsgi's module name for a script: {@code _mod_wsgi_} + the MD5 of its path, so that the
   * script is never a second copy of an importable module.
   */
  static String moduleName(String scriptFilename) {
    // Every request asks; the digest is the same each time.
    String known = MODULE_NAMES.get(scriptFilename);
    if (known != null) {
      return known;
    }
    String name = digestName(scriptFilename);
    if (MODULE_NAMES.size() < MODULE_NAME_CACHE_LIMIT) {
      MODULE_NAMES.put(scriptFilename, name);
    }
    return name;
  }

  private static String digestName(String scriptFilename) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      byte[] digest = md5.digest(scriptFilename.getBytes(StandardCharsets.ISO_8859_1));
      return "_mod_wsgi_" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JVM", e);
    }
  }

  /**
   * The script's callable, loading the script on first use and reloading it when its modification
   * time changed ({@code WSGIScriptReloading On}) or its {@code reload_required(path)} says so.
   * Call inside {@link #enter}.
   */
  PyObject application(String scriptFilename, String callableName, boolean reloading)
      throws ScriptLoadException {
    Loaded loaded = loadedModule(scriptFilename, reloading);
    // A look-up in the module's dict, as mod_wsgi's PyDict_GetItemString: a PyModule attribute
    // miss would also search Java packages for a class of that name (class loading, file system).
    PyObject callable = loaded.module().__dict__.__finditem__(callableName);
    if (callable == null) {
      throw new ScriptLoadException(
          "Target WSGI script '"
              + scriptFilename
              + "' does not contain WSGI application '"
              + callableName
              + "'.",
          true,
          null);
    }
    return callable;
  }

  /**
   * Loads a script as a module under mod_wsgi's name for it (WSGIImportScript): the same module a
   * request for that script then uses. Call inside {@link #enter}.
   */
  PyModule module(String scriptFilename, boolean reloading) throws ScriptLoadException {
    return loadedModule(scriptFilename, reloading).module();
  }

  private Loaded loadedModule(String scriptFilename, boolean reloading) throws ScriptLoadException {
    String moduleName = moduleName(scriptFilename);
    Path script = Path.of(scriptFilename);
    Loaded loaded = scripts.get(moduleName);
    if (loaded == null || (reloading && reloadRequired(loaded, script, scriptFilename))) {
      synchronized (loadLock) {
        loaded = scripts.get(moduleName);
        if (loaded == null || (reloading && reloadRequired(loaded, script, scriptFilename))) {
          loaded = load(moduleName, script, scriptFilename);
          scripts.put(moduleName, loaded);
        }
      }
    }
    return loaded;
  }

  /**
   * Whether a loaded script must be reloaded (its file changed or its {@code reload_required} says
   * so). Daemon mode answers it by recycling the process instead of reloading in place. Call inside
   * {@link #enter}.
   */
  boolean changedSinceLoadEntered(String scriptFilename) {
    Loaded loaded = scripts.get(moduleName(scriptFilename));
    return loaded != null && reloadRequired(loaded, Path.of(scriptFilename), scriptFilename);
  }

  private boolean reloadRequired(Loaded loaded, Path script, String scriptFilename) {
    if (mtime(script) != loaded.mtime()) {
      return true;
    }
    // The module's own globals only: PyModule.__findattr__ falls back to a Java package lookup
    // (a file-system search on sys.path) for a name the module lacks, on every request.
    PyObject hook = loaded.module().__dict__.__finditem__("reload_required");
    if (hook == null) {
      return false;
    }
    try {
      return hook.__call__(JythonRuntime.nativeString(scriptFilename)).__nonzero__();
    } catch (PyException e) {
      LOG.log(
          Level.WARNING,
          () -> "reload_required() of '" + scriptFilename + "' failed (no reload): " + e);
      return false;
    }
  }

  private static long mtime(Path script) {
    try {
      return Files.getLastModifiedTime(script).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  private Loaded load(String moduleName, Path script, String scriptFilename)
      throws ScriptLoadException {
    long mtime = mtime(script);
    PyModule module = new PyModule(moduleName);
    PyObject dict = module.__dict__;
    dict.__setitem__("__file__", JythonRuntime.nativeString(scriptFilename));
    dict.__setitem__("__builtins__", sys.getBuiltins());
    sys.modules.__setitem__(moduleName, module);
    try {
      // Shared across generations and groups: a new class per load costs the JIT dearly.
      PyCode code = SharedCode.compile(scriptFilename, Files.readAllBytes(script));
      Py.runCode(code, dict, dict);
    } catch (IOException e) {
      sys.modules.__delitem__(moduleName);
      throw new ScriptLoadException(
          "Failed to read WSGI script '" + scriptFilename + "': " + e, false, e);
    } catch (PyException e) {
      if (sys.modules.__finditem__(moduleName) != null) {
        sys.modules.__delitem__(moduleName);
      }
      String what = e.match(Py.SystemExit) ? "SystemExit while loading" : "Failed to exec";
      throw new ScriptLoadException(
          what + " Python script file '" + scriptFilename + "'.\n" + e, false, e);
    }
    dict.__setitem__("__mtime__", Py.newFloat(mtime / 1000.0));
    return new Loaded(module, mtime);
  }

  /**
   * Runs {@code atexit} handlers and closes the system state (files, sockets, shutdown hook), then
   * closes its standard files and disarms their finalizers, so that nothing keeps it alive.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    scripts.clear();
    enter(
        () -> {
          interpreter.close();
          return null;
        });
    StandardStreams.release(sys);
    // After close, which runs Python (exit functions) that may still look attributes up.
    MethodCachePurge.purge(MethodCachePurge.tagsOf(sys));
  }

  boolean isClosed() {
    return closed;
  }
}
