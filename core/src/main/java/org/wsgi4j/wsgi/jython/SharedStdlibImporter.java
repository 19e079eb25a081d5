package org.wsgi4j.wsgi.jython;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.python.core.Py;
import org.python.core.PyCode;
import org.python.core.PyException;
import org.python.core.PyList;
import org.python.core.PyModule;
import org.python.core.PyNone;
import org.python.core.PyObject;
import org.python.core.PySystemState;
import org.python.core.imp;
import org.python.modules.zipimport.zipimporter;

/**
 * The importer of one interpreter for the Python standard library inside Jython's own jar: it finds
 * and creates modules exactly as Jython's {@code zipimporter} for that {@code sys.path} entry does
 * (which it wraps, and which stays each module's {@code __loader__}), but the compiled code of each
 * module is shared JVM-wide.
 *
 * <p>Why: importing a standard-library module in a new interpreter made Jython read its {@code
 * $py.class} from the jar and define it as a new Java class, whose module body then ran as cold,
 * never-compiled code. Every recycled process imports the same thirty modules for {@code site}
 * (docs/site.md). With the code shared, a module's class is defined once per JVM and its body runs
 * as code the JIT has already compiled.
 *
 * <p>Only code objects are shared (immutable: read-only attributes, constants only): every
 * interpreter still creates its own module objects, runs each module's body in its own module dict
 * with its own {@code sys} and {@code __builtins__}, so no Python state passes between interpreters
 * (security.md R-07). The classes are defined under {@link SharedCode}'s system state, which no
 * generation owns, so a retired generation stays collectable. Only the jar Jython itself was
 * loaded from is served this way: it cannot change while the JVM runs. Other {@code sys.path}
 * entries (an application's own zip files, directories) keep Jython's importers.
 */
final class SharedStdlibImporter extends PyObject {
  /** More than the standard library's module count; bounded anyway (oldest entry goes first). */
  private static final int LIMIT = 4096;

  /** A module's shared code, whether it is a package, and its {@code __file__}. */
  private record Module(PyCode code, boolean isPackage, String file) {}

  private static final Map<String, Module> MODULES =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Module> eldest) {
          return size() > LIMIT;
        }
      };

  private static final Optional<String> JYTHON_JAR = jythonJar();

  /** Modules whose import fails unless os was imported first (found by importing each first). */
  private static final Set<String> NEED_OS_FIRST = Set.of("posixpath", "genericpath");

  /** site.py's code without its start-up call (see {@link #loadSite}); compiled once. */
  private static volatile PyCode siteWithoutMain;

  private final zipimporter delegate;

  /** Set when {@link FastSite} applied site's start-up to this importer's interpreter. */
  private volatile FastSite.Outcome siteOutcome;

  private final PyObject findModule = new Method(this::findModule);
  private final PyObject loadModule = new Method(this::loadModule);

  private SharedStdlibImporter(zipimporter delegate) {
    this.delegate = delegate;
  }

  /**
   * Puts a sharing importer into {@code sys.path_importer_cache} for each {@code sys.path} entry
   * inside Jython's own jar (normally {@code <jar>/Lib}); other entries are left to Jython.
   */
  static void install(PySystemState sys) {
    Optional<String> jar = JYTHON_JAR;
    if (jar.isEmpty() || !SharedCode.enabled()) {
      return;
    }
    for (PyObject entry : sys.path.asIterable()) {
      if (entry.toString().startsWith(jar.get() + File.separator)) {
        installFor(sys, entry);
      }
    }
  }

  private static void installFor(PySystemState sys, PyObject entry) {
    if (sys.path_importer_cache.__finditem__(entry) != null) {
      return;
    }
    // A zipimporter keeps the system state current when it is made: it must be this one's (made
    // under another interpreter's, it would keep that one alive: R-02).
    PySystemState previous = Py.setSystemState(sys);
    try {
      sys.path_importer_cache.__setitem__(
          entry, new SharedStdlibImporter(new zipimporter(entry.toString())));
    } catch (PyException e) {
      // Not an archive Jython can import from: leave the entry to Jython's own path hooks.
    } finally {
      Py.setSystemState(previous);
    }
  }

  private static Optional<String> jythonJar() {
    CodeSource source = PySystemState.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path jar = Path.of(source.getLocation().toURI());
      return jar.toString().endsWith(".jar") ? Optional.of(jar.toString()) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code find_module(fullname[, path])}: this importer when its archive has the module. */
  private PyObject findModule(PyObject[] args) {
    // The path argument means nothing to a path-entry importer (zipimporter ignores it too).
    return delegate.find_module(args[0].toString()) instanceof PyNone ? Py.None : this;
  }

  private static boolean imported(String name) {
    return Py.getSystemState().modules.__finditem__(name) != null;
  }

  /** Whether this importer's part of the jar has module {@code fullname}. */
  boolean has(String fullname) {
    return !(delegate.find_module(fullname) instanceof PyNone);
  }

  /**
   * Tells the importer that {@code site}'s start-up was applied to its interpreter without running
   * {@code site} ({@link FastSite}): a later {@code import site} must not run it again.
   */
  static void rememberSite(PySystemState sys, FastSite.Outcome outcome) {
    for (PyObject entry : sys.path.asIterable()) {
      if (sys.path_importer_cache.__finditem__(entry) instanceof SharedStdlibImporter importer
          && importer.has("site")) {
        importer.siteOutcome = outcome;
        return;
      }
    }
  }

  /** {@code load_module(fullname)}: as zipimporter's, with the shared code. */
  private PyObject loadModule(PyObject[] args) {
    String fullname = args[0].toString();
    FastSite.Outcome outcome = siteOutcome;
    if (outcome != null && fullname.equals("site")) {
      PyModule site = loadSite(outcome);
      if (site != null) {
        return site;
      }
    }
    if (outcome != null && NEED_OS_FIRST.contains(fullname) && !imported("os")) {
      // Jython's posixpath and genericpath cannot be imported before os (a circular import that
      // only works from os's side). site always imports os first, so applications never see
      // it; an interpreter that skipped site imports os now, which imports them in turn.
      imp.importName("os", true);
      PyObject module = Py.getSystemState().modules.__finditem__(fullname);
      if (module != null) {
        return module;
      }
    }
    Module shared = shared(fullname);
    if (shared == null) {
      return delegate.load_module(fullname);
    }
    // As zipimporter: the module is in sys.modules, with its loader and package path, before its
    // body runs (the body may import itself).
    PyModule module = imp.addModule(fullname);
    module.__dict__.__setitem__("__loader__", delegate);
    if (shared.isPackage()) {
      String packagePath = delegate.archive + File.separator + delegate.prefix + subname(fullname);
      PyList path = new PyList();
      path.append(Py.newUnicode(packagePath));
      module.__dict__.__setitem__("__path__", path);
      // The package's modules are found through its __path__ entry: share theirs too.
      installFor(Py.getSystemState(), Py.newString(packagePath));
    }
    imp.createFromCode(fullname, shared.code(), shared.file());
    return module;
  }

  /**
   * {@code import site} in an interpreter whose start-up {@link FastSite} applied: Jython's own
   * site module, its body run without the {@code main()} call at its end (which did its work
   * already: running it again would run the {@code .pth} lines and {@code sitecustomize} checks a
   * second time), and the globals {@code main()} sets filled in from the outcome. Null when this
   * Jython's site.py is not the one this was written for (then the whole module runs).
   */
  private PyModule loadSite(FastSite.Outcome outcome) {
    PyCode code = siteWithoutMain();
    if (code == null) {
      return null;
    }
    PyModule module = imp.addModule("site");
    module.__dict__.__setitem__("__loader__", delegate);
    imp.createFromCode("site", code, delegate.get_filename("site").toString());
    PyObject enabled =
        switch (outcome.userSite()) {
          case ENABLED -> Py.True;
          case DISABLED -> Py.False;
          case UNSAFE -> Py.None;
        };
    module.__setattr__("ENABLE_USER_SITE", enabled);
    module.__setattr__("USER_BASE", Py.newString(outcome.userBase()));
    module.__setattr__("USER_SITE", Py.newString(outcome.userSitePackages()));
    return module;
  }

  private PyCode siteWithoutMain() {
    PyCode known = siteWithoutMain;
    if (known != null) {
      return known;
    }
    String body;
    try {
      body = delegate.get_source("site");
    } catch (PyException e) {
      return null;
    }
    if (body == null) {
      return null;
    }
    String call = "\nmain()\n";
    int at = body.indexOf(call);
    if (at < 0 || body.indexOf(call, at + 1) >= 0) {
      return null;
    }
    // Same line count, so that tracebacks point at site.py's own lines.
    String trimmed = body.substring(0, at) + "\npass\n" + body.substring(at + call.length());
    String filename = delegate.archive + File.separator + delegate.prefix + "site.py";
    PyCode code = SharedCode.compile(filename, trimmed.getBytes(StandardCharsets.ISO_8859_1));
    siteWithoutMain = code;
    return code;
  }

  /** The module's shared code, compiled (defined) on first use; null when it has none here. */
  private Module shared(String fullname) {
    String key = delegate.archive + File.separator + delegate.prefix + fullname;
    synchronized (MODULES) {
      Module known = MODULES.get(key);
      if (known != null) {
        return known;
      }
    }
    Module made =
        SharedCode.underCompilerState(
            () -> {
              PyObject code = delegate.get_code(fullname);
              if (!(code instanceof PyCode pyCode)) {
                return null;
              }
              return new Module(
                  pyCode,
                  delegate.is_package(fullname),
                  delegate.get_filename(fullname).toString());
            });
    if (made != null) {
      synchronized (MODULES) {
        MODULES.putIfAbsent(key, made);
        return MODULES.get(key);
      }
    }
    return null;
  }

  private static String subname(String fullname) {
    return fullname.substring(fullname.lastIndexOf('.') + 1);
  }

  @Override
  public PyObject __findattr_ex__(String name) {
    return switch (name) {
      case "find_module" -> findModule;
      case "load_module" -> loadModule;
      default -> delegate.__findattr_ex__(name); // archive, prefix, get_data, is_package, ...
    };
  }

  @Override
  public String toString() {
    return "<shared-code " + delegate + ">";
  }

  /** A Python-callable method of this importer. */
  private static final class Method extends PyObject {
    private final Function<PyObject[], PyObject> body;

    Method(Function<PyObject[], PyObject> body) {
      this.body = body;
    }

    @Override
    public PyObject __call__(PyObject[] args, String[] keywords) {
      if (args.length < 1 || args.length > 2) {
        throw Py.TypeError("expected 1 or 2 arguments, got " + args.length);
      }
      return body.apply(args);
    }
  }
}
