package org.wsgi4j.wsgi.jython;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.python.core.CompileMode;
import org.python.core.CompilerFlags;
import org.python.core.Py;
import org.python.core.PyCode;
import org.python.core.PySystemState;

/**
 * Compiled WSGI scripts, shared JVM-wide: every generation of a process (and every application
 * group) that loads the same bytes from the same file runs the same code object in its own, fresh
 * module.
 *
 * <p>Why: Jython compiles a script into a new Java class. A recycled process that compiled its
 * script again gave the JVM a new class every few hundred requests, and the request path's compiled
 * machine code, specialised for the previous class, had to be thrown away and compiled again (the
 * JIT threads' CPU was the largest part of a recycle's cost; see docs/site.md).
 *
 * <p>What is shared is only what CPython shares between two imports of the same {@code .pyc}: a
 * code object (immutable in Jython too: its attributes are read-only) and the class behind it. No
 * module, dict, function or other Python state is shared; each load runs the code in a new module
 * with its own globals and the interpreter's own {@code __builtins__}.
 *
 * <p>Collectability (security.md R-02): Jython defines a compiled class in a loader whose parent is
 * the <em>current</em> {@code PySystemState}'s sys-path loader. Compiling while a generation's
 * interpreter is current would make every later generation keep that one's loader, and with it its
 * {@code PySystemState}, alive. So scripts are compiled with a system state of their own that no
 * generation owns and that never runs Python code.
 */
final class SharedCode {
  /** The configuration's scripts are few; bound the cache anyway (oldest entry goes first). */
  static final int LIMIT = 256;

  /**
   * A compiled script and the bytes it was compiled from (kept whole: comparing a script's few
   * kilobytes costs less than digesting them, and every new interpreter asks).
   */
  private static final class Entry {
    private final byte[] source;
    private final PyCode code;

    Entry(byte[] source, PyCode code) {
      this.source = source.clone();
      this.code = code;
    }

    boolean compiledFrom(byte[] bytes) {
      return Arrays.equals(source, bytes);
    }
  }

  private static final Map<String, Entry> CODE =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > LIMIT;
        }
      };

  private static PySystemState compilerState;

  private SharedCode() {}

  /**
   * The code object of {@code source}, the bytes of {@code filename} as read now: the shared one if
   * those same bytes were compiled before, else compiled now (under the compiler's own system
   * state) and remembered. Raises the Python exception ({@code SyntaxError}) of a script that does
   * not compile; a failure is not remembered.
   */
  static PyCode compile(String filename, byte[] source) {
    if (!enabled()) {
      return Py.compile_flags(
          new ByteArrayInputStream(source), filename, CompileMode.exec, new CompilerFlags());
    }
    synchronized (CODE) {
      Entry known = CODE.get(filename);
      if (known != null && known.compiledFrom(source)) {
        return known.code;
      }
    }
    PyCode code = compileNeutral(filename, source);
    synchronized (CODE) {
      CODE.put(filename, new Entry(source, code));
    }
    return code;
  }

  /**
   * Whether compiled code is shared: {@code -Dwsgi4j.sharedCode=false} turns it off (for scripts
   * and the standard library), so every interpreter compiles and defines its own classes again, as
   * Jython alone does. Only useful to measure what sharing saves, or to rule it out.
   */
  static boolean enabled() {
    return !"false".equals(System.getProperty("wsgi4j.sharedCode"));
  }

  /**
   * The code object of source that never changes while the JVM runs (wsgi4j's own Python), compiled
   * under the compiler's system state; the caller keeps it.
   */
  static PyCode compileConstant(String filename, byte[] source) {
    return compileNeutral(filename, source);
  }

  private static PyCode compileNeutral(String filename, byte[] source) {
    return underCompilerState(
        () ->
            Py.compile_flags(
                new ByteArrayInputStream(source), filename, CompileMode.exec, new CompilerFlags()));
  }

  /**
   * Runs {@code work} (which defines compiled classes, and runs no Python code) with the compiler's
   * own system state current, so that the classes' loader belongs to no interpreter.
   */
  static <T> T underCompilerState(Supplier<T> work) {
    PySystemState previous = Py.setSystemState(compilerState());
    try {
      return work.get();
    } finally {
      Py.setSystemState(previous);
    }
  }

  /** The system state compiled classes are defined under; created once, never runs code. */
  private static synchronized PySystemState compilerState() {
    if (compilerState == null) {
      JythonRuntime.initialize();
      // Its sys-path loader's parent is the thread's context class loader at creation. It must be
      // Jython's own: a container's web-application loader (the thread that happens to come first)
      // stops working when that application stops, and every later compilation would fail.
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(PySystemState.class.getClassLoader());
      try {
        compilerState = new PySystemState();
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
    return compilerState;
  }
}
