package org.wsgi4j.wsgi.jython;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.python.core.Py;
import org.python.core.PyCode;
import org.python.core.PyList;
import org.python.core.PyModule;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;
import org.python.core.PyUnicode;

/**
 * What importing {@code site} does to a new interpreter, applied without running {@code site}, in
 * the common case where the outcome is known without running Python code: no {@code .pth} file in
 * any directory site would read, no {@code sitecustomize} or {@code usercustomize} anywhere on
 * {@code sys.path}. Anything else (or anything this class cannot decide for sure) makes {@link
 * #plan} answer empty, and the interpreter imports the real {@code site} instead.
 *
 * <p>Why: importing {@code site} in a fresh interpreter imports about 30 standard-library modules
 * ({@code os}, {@code re}, {@code sysconfig}, {@code traceback}, {@code warnings}, {@code
 * encodings}, ...) and costs 25-45 ms of CPU, which every {@code maximum-requests} recycle paid
 * again (docs/site.md). Its effects are few: the {@code sys.path} entries made absolute and without
 * duplicates, the user and prefix {@code site-packages} added when they exist, six builtins, {@code
 * sys.setdefaultencoding} removed. The modules site would have imported are imported when an
 * application imports them. {@code import site} later gives Jython's own module, without its
 * start-up run again ({@link SharedStdlibImporter}).
 *
 * <p>Not reproduced, documented in docs/site.md: a Java class named {@code sitecustomize} in the
 * default package of the class path (Jython's {@code __classpath__} entry) is not imported.
 */
final class FastSite {
  /** site's {@code ENABLE_USER_SITE} after start-up: True, False (flag), None (setuid). */
  enum UserSite {
    ENABLED,
    DISABLED,
    UNSAFE
  }

  /**
   * The outcome of site's start-up for one interpreter.
   *
   * @param path the new {@code sys.path}
   * @param userSite {@code site.ENABLE_USER_SITE}
   * @param userBase {@code site.USER_BASE}
   * @param userSitePackages {@code site.USER_SITE}
   */
  record Outcome(List<String> path, UserSite userSite, String userBase, String userSitePackages) {
    Outcome {
      path = List.copyOf(path);
    }
  }

  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi");

  private static final String BUILTINS_SOURCE = "site_builtins.py";

  private static volatile PyCode builtinsCode;

  /** What {@link Planner#onClassPath} found: Jython's class loader's resources do not change. */
  private static final Map<String, Boolean> CLASS_PATH_RESOURCES = new ConcurrentHashMap<>();

  private static final Splitter IDS = Splitter.on(CharMatcher.whitespace()).omitEmptyStrings();

  /** Whether the JVM's real and effective ids are equal (they do not change while it runs). */
  private static volatile Boolean idsMatch;

  private FastSite() {}

  /** Whether {@code -Dwsgi4j.fastSite=false} asks for Python's own {@code site} every time. */
  static boolean enabled() {
    return !"false".equals(System.getProperty("wsgi4j.fastSite")) && SharedCode.enabled();
  }

  /**
   * What {@code import site} followed by mod_wsgi's python-path handling ({@code site.addsitedir}
   * of the python home's site-packages, then of each {@code python-path} directory, moved to the
   * front) would leave in {@code sys}; empty when that cannot be known without running Python.
   * Reads the file system, changes nothing.
   */
  static Optional<Outcome> plan(PySystemState sys, PythonSetup setup) {
    if (!enabled() || !"/".equals(java.io.File.separator)) {
      return Optional.empty();
    }
    try {
      return new Planner(sys).plan(setup);
    } catch (Unknown e) {
      LOG.fine(() -> "importing site in a new interpreter: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Makes {@code outcome} this interpreter's: call inside the interpreter's {@code enter}. */
  static void apply(PySystemState sys, Outcome outcome) {
    PyList path = new PyList();
    for (String entry : outcome.path()) {
      path.append(Py.newString(entry));
    }
    // In place, as site's sys.path[:] = ...: whoever holds the list sees the change.
    sys.path.clear();
    sys.path.extend(path);
    installBuiltins(sys);
    // site removes it so that the default encoding cannot change once the interpreter runs.
    sys.__delattr__("setdefaultencoding");
    SharedStdlibImporter.rememberSite(sys, outcome);
  }

  private static void installBuiltins(PySystemState sys) {
    PyCode code = builtinsCode();
    PyStringMap namespace = new PyStringMap();
    namespace.__setitem__("__builtins__", sys.getBuiltins());
    namespace.__setitem__("__name__", Py.newString("site"));
    Py.runCode(code, namespace, namespace);
    namespace.__finditem__("install").__call__();
  }

  private static PyCode builtinsCode() {
    PyCode known = builtinsCode;
    if (known == null) {
      try (InputStream in = FastSite.class.getResourceAsStream(BUILTINS_SOURCE)) {
        if (in == null) {
          throw new IllegalStateException(BUILTINS_SOURCE + " is missing from wsgi4j-core");
        }
        known = SharedCode.compileConstant("<wsgi4j site builtins>", in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      builtinsCode = known;
    }
    return known;
  }

  /** Whether Jython's class loader has a module {@code path} ({@code __pyclasspath__}). */
  private static boolean resourceExists(String path) {
    ClassLoader loader = PySystemState.class.getClassLoader();
    for (String suffix : List.of(".py", "$py.class", "/__init__.py", "/__init__$py.class")) {
      if (loader.getResource(path + suffix) != null) {
        return true;
      }
    }
    return false;
  }

  /** The outcome depends on something only running site's Python code would settle. */
  private static final class Unknown extends Exception {
    private static final long serialVersionUID = 1L;

    Unknown(String reason) {
      super(reason, null, false, false);
    }
  }

  /** One interpreter's planning: site's steps, in site's order, on a copy of {@code sys.path}. */
  private static final class Planner {
    private final PySystemState sys;
    private final String cwd;
    private final List<String> path = new ArrayList<>();

    Planner(PySystemState sys) {
      this.sys = sys;
      this.cwd = sys.getCurrentWorkingDir();
    }

    Optional<Outcome> plan(PythonSetup setup) throws Unknown {
      for (PyObject entry : sys.path.asIterable()) {
        path.add(string(entry));
      }
      requireClean();
      // A site module earlier on the path than Jython's would be the one Python imports.
      requireAbsent("site", siteEntryIndex());
      Set<String> known = removeDuplicates();
      if (!path.isEmpty() && PosixPaths.basename(path.get(path.size() - 1)).equals("Modules")) {
        throw new Unknown("the last sys.path entry is a build tree's Modules");
      }
      UserSite userSite = userSite();
      String userBase = userBase();
      String userSitePackages =
          PosixPaths.normpath(userBase + "/lib/jython" + shortVersion() + "/site-packages");
      if (userSite == UserSite.ENABLED && isDirectory(userSitePackages)) {
        addSiteDir(userSitePackages, known);
      }
      for (String sitePackages : prefixSitePackages()) {
        if (isDirectory(sitePackages)) {
          addSiteDir(sitePackages, known);
        }
      }
      requireAbsent("sitecustomize");
      if (userSite == UserSite.ENABLED) {
        requireAbsent("usercustomize");
      }
      applyPythonPath(setup);
      return Optional.of(new Outcome(path, userSite, userBase, userSitePackages));
    }

    /** Nothing installed import hooks, and no module has a __file__ site would make absolute. */
    private void requireClean() throws Unknown {
      if (sys.meta_path.__len__() != 0) {
        throw new Unknown("sys.meta_path is not empty");
      }
      for (PyObject module : sys.modules.invoke("values").asIterable()) {
        if (module instanceof PyModule m
            && m.__dict__.__finditem__("__loader__") == null
            && m.__dict__.__finditem__("__file__") != null) {
          throw new Unknown(
              "module "
                  + m.__dict__.__finditem__("__name__")
                  + " has a __file__ site would make absolute");
        }
      }
    }

    /** site's removeduppaths: absolute entries, first occurrence kept. */
    private Set<String> removeDuplicates() {
      Set<String> known = new HashSet<>();
      List<String> kept = new ArrayList<>();
      for (String entry : path) {
        String absolute = makepath(entry);
        if (known.add(absolute)) {
          kept.add(absolute);
        }
      }
      path.clear();
      path.addAll(kept);
      return known;
    }

    /**
     * site's makepath: {@code __classpath__} and {@code __pyclasspath__} entries stay as written.
     */
    private String makepath(String entry) {
      if (entry.equals("__classpath__") || entry.startsWith("__pyclasspath__")) {
        return entry;
      }
      return PosixPaths.abspath(entry, cwd);
    }

    /** site.addsitedir: the directory appended unless known; its .pth files are beyond us. */
    private void addSiteDir(String dir, Set<String> known) throws Unknown {
      String absolute = makepath(dir);
      if (!known.contains(absolute)) {
        path.add(absolute);
      }
      try (DirectoryStream<Path> names = Files.newDirectoryStream(resolve(absolute), "*.pth")) {
        if (names.iterator().hasNext()) {
          throw new Unknown("a .pth file in " + absolute);
        }
      } catch (IOException e) {
        // os.listdir failed: site reads no .pth files there either.
      }
    }

    /**
     * mod_wsgi's python-path handling (JythonInterpreter's SITE_DIRS): the python home's
     * site-packages through addsitedir, then the python-path directories through addsitedir, the
     * entries that added moved to the front in order.
     */
    private void applyPythonPath(PythonSetup setup) throws Unknown {
      List<String> homeDirs = setup.homeSitePackages();
      List<String> frontDirs = setup.pythonPath();
      if (homeDirs.isEmpty() && frontDirs.isEmpty()) {
        return;
      }
      for (String dir : homeDirs) {
        requireNormal(dir);
        addSiteDir(dir, existingDirs());
      }
      for (String dir : frontDirs) {
        requireNormal(dir);
        path.removeIf(dir::equals);
      }
      List<String> old = List.copyOf(path);
      for (String dir : frontDirs) {
        addSiteDir(dir, existingDirs());
      }
      List<String> added = new ArrayList<>();
      for (String entry : path) {
        if (!old.contains(entry)) {
          added.add(entry);
        }
      }
      for (String entry : added) {
        path.remove(entry);
      }
      path.addAll(0, added);
    }

    /** site's _init_pathinfo: the entries that are directories now, as makepath writes them. */
    private Set<String> existingDirs() {
      Set<String> dirs = new HashSet<>();
      for (String entry : path) {
        if (isDirectory(entry)) {
          dirs.add(makepath(entry));
        }
      }
      return dirs;
    }

    /** Relative or unnormalised configured directories: site's string compares get subtle. */
    private static void requireNormal(String dir) throws Unknown {
      if (!dir.startsWith("/") || !dir.equals(PosixPaths.normpath(dir)) || !ascii(dir)) {
        throw new Unknown("python-path entry " + dir + " is not absolute, normalised ASCII");
      }
    }

    private UserSite userSite() throws Unknown {
      if (sys.__getattr__("flags").__getattr__("no_user_site").__nonzero__()) {
        return UserSite.DISABLED;
      }
      return realIdsAreEffective() ? UserSite.ENABLED : UserSite.UNSAFE;
    }

    /**
     * site's check_enableusersite: real and effective user and group ids equal. From {@code
     * /proc/self/status} (the JVM has no getuid); without it, the real site decides.
     */
    private static boolean realIdsAreEffective() throws Unknown {
      Boolean known = idsMatch;
      if (known == null) {
        try {
          known = true;
          for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:") || line.startsWith("Gid:")) {
              List<String> ids = IDS.splitToList(line.substring(4));
              known &= ids.size() >= 2 && ids.get(0).equals(ids.get(1));
            }
          }
        } catch (IOException | RuntimeException e) {
          throw new Unknown("/proc/self/status unreadable");
        }
        idsMatch = known;
      }
      return known;
    }

    /** sysconfig's user base: {@code PYTHONUSERBASE}, else {@code ~/.local} from {@code HOME}. */
    private String userBase() throws Unknown {
      PyObject posix = sys.modules.__finditem__("posix");
      PyObject environ = posix == null ? null : posix.__findattr__("environ");
      if (environ == null) {
        throw new Unknown("os.environ is missing");
      }
      PyObject base = environ.__finditem__("PYTHONUSERBASE");
      if (base != null && base.__nonzero__()) {
        return string(base);
      }
      PyObject home = environ.__finditem__("HOME");
      if (home == null) {
        throw new Unknown("HOME is not set");
      }
      // posixpath.expanduser's rstrip('/'), without compiling a regex in every new interpreter.
      String trimmed = CharMatcher.is('/').trimTrailingFrom(string(home));
      return trimmed + "/.local";
    }

    private static String shortVersion() {
      return PySystemState.version.toString().substring(0, 3);
    }

    /** site.getsitepackages on Jython: {@code <prefix>/Lib/site-packages} per distinct prefix. */
    private List<String> prefixSitePackages() throws Unknown {
      List<String> dirs = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (PyObject prefix :
          new PyObject[] {sys.__findattr__("prefix"), sys.__findattr__("exec_prefix")}) {
        if (prefix == null || !prefix.__nonzero__()) {
          continue;
        }
        String value = string(prefix);
        if (seen.add(value)) {
          dirs.add(PosixPaths.join(value, "Lib", "site-packages"));
        }
      }
      return dirs;
    }

    /** Fails when some entry of the current path might hold a module {@code name}. */
    private void requireAbsent(String name) throws Unknown {
      requireAbsent(name, Integer.MAX_VALUE);
    }

    /**
     * As {@link #requireAbsent(String)}, for the first {@code limit} entries of {@code sys.path}.
     */
    private void requireAbsent(String name, int limit) throws Unknown {
      for (int i = 0; i < path.size() && i < limit; i++) {
        if (mightHold(path.get(i), name)) {
          throw new Unknown("sys.path may have a " + name + " module (entry " + path.get(i) + ")");
        }
      }
    }

    /** The index of the sys.path entry Jython's own site module is imported from. */
    private int siteEntryIndex() throws Unknown {
      for (int i = 0; i < path.size(); i++) {
        PyObject importer = sys.path_importer_cache.__finditem__(sys.path.pyget(i));
        if (importer instanceof SharedStdlibImporter shared && shared.has("site")) {
          return i;
        }
      }
      throw new Unknown("site is not served by the shared standard library");
    }

    private boolean mightHold(String entry, String name) throws Unknown {
      if (entry.equals("__classpath__")) {
        return false; // Java packages and classes only (see the class comment)
      }
      PyObject importer = sys.path_importer_cache.__finditem__(Py.newString(entry));
      if (importer instanceof SharedStdlibImporter shared) {
        return shared.has(name);
      }
      if (entry.startsWith("__pyclasspath__")) {
        return onClassPath(entry.substring("__pyclasspath__".length()), name);
      }
      Path dir = resolve(entry);
      if (!Files.exists(dir)) {
        return false; // Jython's NullImporter
      }
      if (!Files.isDirectory(dir)) {
        throw new Unknown("sys.path entry " + entry + " is a file");
      }
      for (String candidate :
          List.of(name, name + ".py", name + "$py.class", name + ".class", name + ".pyc")) {
        if (Files.exists(dir.resolve(candidate))) {
          return true;
        }
      }
      return false;
    }

    private static boolean onClassPath(String prefix, String name) {
      String base = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
      return CLASS_PATH_RESOURCES.computeIfAbsent(base + name, FastSite::resourceExists);
    }

    private boolean isDirectory(String entry) {
      return !entry.equals("__classpath__")
          && !entry.startsWith("__pyclasspath__")
          && Files.isDirectory(resolve(entry));
    }

    /** A path as Jython's os functions see it: relative to the interpreter's working directory. */
    private Path resolve(String entry) {
      return Path.of(cwd).resolve(entry);
    }

    /** A byte string of ASCII characters; anything else is beyond this class. */
    private static String string(PyObject value) throws Unknown {
      if (!(value instanceof PyString text) || value instanceof PyUnicode) {
        throw new Unknown("a sys.path entry or value is not a byte string");
      }
      String chars = text.getString();
      if (!ascii(chars)) {
        throw new Unknown("a sys.path entry or value is not ASCII");
      }
      return chars;
    }

    private static boolean ascii(String value) {
      for (int i = 0; i < value.length(); i++) {
        if (value.charAt(i) > 0x7f) {
          return false;
        }
      }
      return true;
    }
  }
}
