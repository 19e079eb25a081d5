package org.wsgi4j.wsgi.jython;

import org.python.core.Py;
import org.python.core.PyModule;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;
import org.python.core.imp;

/**
 * The {@code os.environ} of one process (a generation of a daemon process group's replica, or of
 * the embedded group), shared by its application groups as in mod_wsgi.
 *
 * <p>Jython's {@code posix} (or {@code nt}) module is a Java class, the same object in every
 * interpreter, and {@code os.environ} is its {@code environ} dict: one mapping for the whole JVM.
 * What one interpreter set there (a {@code .wsgi} file's {@code
 * os.environ['DJANGO_SETTINGS_MODULE']}) would be seen by the other process groups and by later
 * generations, which under mod_wsgi are separate OS processes. Each interpreter instead gets its
 * own {@code posix} module in {@code sys.modules}, before anything imports {@code os}: the Java
 * module's functions, with {@code environ} this process's mapping. {@code os} then binds {@code
 * environ} to it; {@code os.getenv}, {@code os.putenv} and {@code os.unsetenv} (which Jython
 * implements on {@code os.environ}) and {@code subprocess} (which copies {@code os.environ})
 * follow.
 */
final class ProcessEnviron {
  private static String moduleName;
  private static PyStringMap moduleTemplate;
  private static PyObject pristine;

  private final PyObject environ;

  private ProcessEnviron(PyObject environ) {
    this.environ = environ;
  }

  /**
   * Takes the snapshot of the JVM's environment and of the OS module's functions. Called once by
   * {@link JythonRuntime#initialize}, before any Python code has run, so that no interpreter's
   * change is ever part of it.
   */
  static synchronized void captureAtStartup() {
    if (pristine != null) {
      return;
    }
    String name = osModuleName();
    PyObject module = imp.load(name);
    PyObject dict = module.__getattr__("__dict__");
    PyStringMap template = new PyStringMap();
    for (PyObject key : dict.invoke("keys").asIterable()) {
      // As the attribute, not the raw class-dict entry: a static Java method's raw entry is an
      // unbound reflected function that fails when called without arguments.
      PyObject value = module.__findattr__(key.asString());
      if (value != null) {
        template.__setitem__(key, value);
      }
    }
    moduleName = name;
    moduleTemplate = template;
    pristine = module.__getattr__("environ").invoke("copy");
  }

  /** The module {@code os} imports its functions from on this platform. */
  private static String osModuleName() {
    PyObject names = PySystemState.builtin_module_names;
    if (names.__contains__(Py.newString("posix"))) {
      return "posix";
    }
    if (names.__contains__(Py.newString("nt"))) {
      return "nt";
    }
    throw new IllegalStateException("Jython has neither a posix nor an nt module: " + names);
  }

  /** A new process's environment: the JVM's environment as it was at start-up. */
  static ProcessEnviron fresh() {
    // Outside this class's lock: initialize() takes JythonRuntime's, then captureAtStartup() ours.
    JythonRuntime.initialize();
    PyObject snapshot;
    synchronized (ProcessEnviron.class) {
      snapshot = pristine;
    }
    return new ProcessEnviron(snapshot.invoke("copy"));
  }

  /**
   * Makes this environment the {@code os.environ} of an interpreter that has not yet imported
   * {@code os}: a {@code posix} module of its own in its {@code sys.modules}. Costs a copy of a
   * small dict, no Python code.
   */
  void install(PySystemState sys) {
    PyStringMap dict;
    String name;
    synchronized (ProcessEnviron.class) {
      dict = moduleTemplate.copy();
      name = moduleName;
    }
    dict.__setitem__("environ", environ);
    PyString key = Py.newString(name);
    sys.modules.__setitem__(key, new PyModule(name, dict));
  }

  /** This process's mapping (tests). */
  PyObject environ() {
    return environ;
  }
}
