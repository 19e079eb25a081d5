package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.python.core.PyException;
import org.python.core.PyObject;

/**
 * Interpreters (later generations of a process, other application groups) that load the same script
 * bytes run one shared code object, and share nothing else: each has its own module, globals and
 * builtins, and a closed interpreter stays collectable while the code lives on.
 */
class SharedCodeTest {
  @TempDir Path dir;

  private Path script(String name, String source) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, source, StandardCharsets.UTF_8);
    return file;
  }

  private static final String APP =
      """
      seen = []
      import __builtin__
      def application(environ, start_response):
          seen.append(1)
          start_response('200 OK', [])
          return [str(len(seen))]
      """;

  private static PyObject application(JythonInterpreter interpreter, Path script) {
    return interpreter.enter(
        () -> {
          try {
            return interpreter.application(script.toString(), "application", true);
          } catch (ScriptLoadException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void sameBytesShareTheCodeButNeverTheModuleState() throws IOException {
    Path script = script("app.wsgi", APP);
    try (JythonInterpreter first = new JythonInterpreter("a", List.of(), false);
        JythonInterpreter second = new JythonInterpreter("b", List.of(), false)) {
      PyObject one = application(first, script);
      PyObject two = application(second, script);
      assertNotSame(one, two, "each interpreter has its own function");
      assertSame(one.__getattr__("func_code"), two.__getattr__("func_code"), "one code object");
      assertNotSame(one.__getattr__("func_globals"), two.__getattr__("func_globals"));
      first.exec(
          "import sys\nfor m in sys.modules.values():\n  if getattr(m, 'seen', None) is not None: m.seen.extend([1, 1, 1])");
      assertEquals(
          "[1, 1, 1]",
          first
              .eval("[m for m in __import__('sys').modules.values() if hasattr(m, 'seen')][0].seen")
              .toString());
      assertEquals(
          "[]",
          second
              .eval("[m for m in __import__('sys').modules.values() if hasattr(m, 'seen')][0].seen")
              .toString(),
          "the other interpreter's globals are untouched");
      // The module's builtins are its interpreter's own, not the first loader's.
      assertSame(
          first.systemState().getBuiltins(),
          one.__getattr__("func_globals").__finditem__("__builtins__"));
      assertSame(
          second.systemState().getBuiltins(),
          two.__getattr__("func_globals").__finditem__("__builtins__"));
    }
  }

  @Test
  void theSharedCodeCannotBeChangedFromPython() throws IOException {
    Path script = script("app.wsgi", APP);
    try (JythonInterpreter interpreter = new JythonInterpreter("a", List.of(), false)) {
      application(interpreter, script);
      for (String attribute : List.of("co_name", "co_filename", "co_flags", "co_varnames")) {
        PyException e =
            assertThrows(
                PyException.class,
                () ->
                    interpreter.exec(
                        "import sys\n"
                            + "m = [m for m in sys.modules.values() if hasattr(m, 'seen')][0]\n"
                            + "m.application.func_code."
                            + attribute
                            + " = 'x'\n"));
        assertTrue(e.toString().contains("readonly attribute"), e.toString());
      }
    }
  }

  @Test
  void changedBytesAreCompiledAgain() throws IOException {
    Path script = script("app.wsgi", APP);
    PyObject before;
    try (JythonInterpreter interpreter = new JythonInterpreter("a", List.of(), false)) {
      before = application(interpreter, script).__getattr__("func_code");
    }
    Files.writeString(script, APP.replace("200 OK", "201 Created"), StandardCharsets.UTF_8);
    try (JythonInterpreter interpreter = new JythonInterpreter("a", List.of(), false)) {
      PyObject after = application(interpreter, script).__getattr__("func_code");
      assertNotSame(before, after);
      assertTrue(after.toString().contains("application"));
    }
  }

  /**
   * R-02 with sharing: the code's class is defined under the compiler's own loader, so an
   * interpreter that compiled a script first is collectable once closed, while later ones run the
   * same code.
   */
  @Test
  void theFirstLoaderOfAScriptStaysCollectable() throws Exception {
    Path script = script("app.wsgi", APP);
    JythonInterpreter first = new JythonInterpreter("a", List.of(), false);
    PyObject code = application(first, script).__getattr__("func_code");
    WeakReference<Object> state = new WeakReference<>(first.systemState());
    WeakReference<Object> loader = new WeakReference<>(first.systemState().getSyspathJavaLoader());
    first.close();
    first = null;
    try (JythonInterpreter later = new JythonInterpreter("a", List.of(), false)) {
      assertSame(code, application(later, script).__getattr__("func_code"));
      assertTrue(cleared(state), "the first interpreter's PySystemState");
      assertTrue(cleared(loader), "the first interpreter's sys-path class loader");
      assertSame(code, application(later, script).__getattr__("func_code"));
    }
  }

  private static boolean cleared(WeakReference<?> ref) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (ref.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    return ref.get() == null;
  }
}
