package org.wsgi4j.wsgi.jython;

import java.util.Properties;
import org.python.core.Options;
import org.python.core.Py;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;
import org.python.core.ThreadState;
import org.python.util.PythonInterpreter;

/** Jython's one-per-JVM initialisation, and native-string conversion. */
final class JythonRuntime {
  private static boolean initialized;
  private static boolean importSite;
  private static PyObject pristineBuiltins;

  private JythonRuntime() {}

  /**
   * Initialises Jython once. The JVM's system properties are the pre-properties (so {@code
   * -Dpython.import.site=false} and friends work); the package cache is skipped, as nothing imports
   * Java packages by name.
   *
   * <p>Jython would import {@code site} in every {@code PythonInterpreter}'s constructor (its
   * {@code python.import.site} option, on by default, as {@code site} runs in every mod_wsgi
   * process). The option is read here once, and {@link JythonInterpreter} imports {@code site}
   * itself, so that each interpreter can say whether it wants it (see {@link #importSite}).
   */
  static synchronized void initialize() {
    if (initialized) {
      return;
    }
    Properties post = new Properties();
    if (System.getProperty("python.cachedir.skip") == null) {
      post.setProperty("python.cachedir.skip", "true");
    }
    PythonInterpreter.initialize(System.getProperties(), post, new String[] {"mod_wsgi"});
    importSite = Options.importSite;
    Options.importSite = false;
    pristineBuiltins = copy(PySystemState.getDefaultBuiltins());
    ProcessEnviron.captureAtStartup();
    initialized = true;
  }

  /**
   * Whether interpreters leave compiled {@code $py.class} files unwritten: the system property
   * {@code python.dont_write_bytecode=true}, the JVM counterpart of CPython's {@code
   * PYTHONDONTWRITEBYTECODE} (Jython has no registry key for it). Useful when scripts import
   * packages from system folders the JVM's user may write to.
   */
  static boolean dontWriteBytecode() {
    return Boolean.parseBoolean(System.getProperty("python.dont_write_bytecode"));
  }

  /**
   * Whether new interpreters import {@code site} ({@code -Dpython.import.site=false} turns it off:
   * a new interpreter then costs about 0.2 ms of CPU instead of 25-30 ms with the standard
   * library's compiled code shared, but has no {@code site-packages}, {@code .pth} processing,
   * {@code sitecustomize} or {@code exit}/{@code help} builtins; see docs/site.md).
   */
  static synchronized boolean importSite() {
    initialize();
    return importSite;
  }

  /**
   * A new copy of {@code __builtin__}'s dict as it was before any Python code ran. Every
   * PySystemState starts with one builtins dict shared by the whole JVM, so what one interpreter
   * sets in {@code __builtin__} (site's {@code exit} and {@code help}, a {@code sitecustomize}, an
   * application) would be seen by every other application group and every later process generation;
   * each interpreter gets its own copy instead.
   */
  static synchronized PyObject freshBuiltins() {
    initialize();
    return copy(pristineBuiltins);
  }

  private static PyObject copy(PyObject builtins) {
    if (builtins instanceof PyStringMap map) {
      return map.copy();
    }
    return builtins.invoke("copy");
  }

  /**
   * Makes the calling worker thread forget what Jython keeps for it of the generation it served
   * before: its last exception ({@code sys.exc_info()}, whose traceback holds that generation's
   * frames and globals), a left-over frame, and {@code sys.settrace}/{@code sys.setprofile}
   * functions. Called between requests, after the thread's Java thread-locals were dropped.
   */
  static void forgetThreadState() {
    ThreadState state = Py.getThreadState();
    state.exception = null;
    state.frame = null;
    state.tracefunc = null;
    state.profilefunc = null;
    state.tracing = false;
    state.call_depth = 0;
  }

  /**
   * A Python 2 byte string for a Java string holding bytes as latin-1 characters. A character above
   * U+00FF (a value that did not come from the wire, e.g. a SetEnv from a UTF-8 configuration) is
   * encoded as UTF-8 first.
   */
  static PyString nativeString(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0xff) {
        byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Py.newString(new String(utf8, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    return Py.newString(value);
  }
}
