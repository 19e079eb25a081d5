package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.python.core.Py;
import org.python.core.PySystemState;
import org.python.util.PythonInterpreter;

/**
 * The standard library's compiled code is shared between interpreters; its modules are not. A
 * module imported through the sharing importer looks as Jython's own import makes it.
 */
class SharedStdlibImporterTest {
  private static final String MODULES =
      "['os', 'posixpath', 're', 'encodings', 'encodings.aliases', 'json', 'json.decoder']";

  private static String str(JythonInterpreter interpreter, String expression) {
    return interpreter.eval(expression).toString();
  }

  /** What Jython's own importers make of the same modules, in a plain PySystemState. */
  private static String reference(String expression) {
    JythonRuntime.initialize();
    PySystemState sys = new PySystemState();
    sys.setBuiltins(JythonRuntime.freshBuiltins());
    PySystemState previous = Py.getSystemState();
    try (PythonInterpreter python = new PythonInterpreter(null, sys)) {
      python.exec("import sys, importlib\nfor m in " + MODULES + ": importlib.import_module(m)");
      return python.eval(expression).toString();
    } finally {
      Py.setSystemState(previous);
    }
  }

  private static final String DESCRIPTION =
      "repr([(m, sys.modules[m].__file__, getattr(sys.modules[m], '__path__', None),"
          + " type(sys.modules[m].__loader__).__name__, sys.modules[m].__loader__.archive,"
          + " sys.modules[m].__loader__.prefix, sys.modules[m].__name__,"
          + " sorted(k for k in vars(sys.modules[m]) if k != '__builtins__'))"
          + " for m in "
          + MODULES
          + "])";

  @Test
  void modulesLookAsJythonsOwnImportMakesThem() {
    try (JythonInterpreter interpreter = new JythonInterpreter("a", List.of(), false)) {
      interpreter.exec(
          "import sys, importlib\nfor m in " + MODULES + ": importlib.import_module(m)");
      assertTrue(
          str(interpreter, "repr(sys.path_importer_cache)").contains("shared-code"),
          "the sharing importer is in use");
      assertEquals(reference(DESCRIPTION), str(interpreter, DESCRIPTION));
      assertEquals("True", str(interpreter, "__import__('json').loads('[1]') == [1]"));
    }
  }

  @Test
  void codeIsSharedModulesAreNot() {
    try (JythonInterpreter first = new JythonInterpreter("a", List.of(), true);
        JythonInterpreter second = new JythonInterpreter("b", List.of(), true)) {
      String function = "__import__('posixpath').join";
      assertSame(
          first.eval(function + ".func_code"),
          second.eval(function + ".func_code"),
          "one code object");
      assertNotSame(first.eval(function), second.eval(function), "a function per interpreter");
      assertNotSame(first.eval("__import__('os')"), second.eval("__import__('os')"));
      first.exec(
          "import os, re\nos.leaked = 1\nre.purge = None\nimport posixpath\nposixpath.sep = 'X'\n");
      assertEquals("False", str(second, "hasattr(__import__('os'), 'leaked')"));
      assertEquals("'/'", str(second, "repr(__import__('posixpath').sep)"));
      assertEquals("True", str(second, "callable(__import__('re').purge)"));
      assertEquals("'a/b'", str(second, "repr(__import__('os').path.join('a', 'b'))"));
      // Each module's globals hold its own interpreter's builtins.
      assertSame(
          second.systemState().getBuiltins(),
          second.eval("__import__('posixpath').join.func_globals['__builtins__']"));
    }
  }

  /**
   * the interpreter that first imported a module is collectable while others run its code.
   */
  @Test
  void theFirstImporterStaysCollectable() throws Exception {
    JythonInterpreter first = new JythonInterpreter("a", List.of(), false);
    // A module nothing else in the test JVM imports, so this interpreter defines its class.
    first.exec("import colorsys");
    Object code = first.eval("__import__('colorsys').rgb_to_hsv.func_code");
    WeakReference<Object> state = new WeakReference<>(first.systemState());
    WeakReference<Object> loader = new WeakReference<>(first.systemState().getSyspathJavaLoader());
    first.close();
    first = null;
    try (JythonInterpreter later = new JythonInterpreter("a", List.of(), false)) {
      assertSame(code, later.eval("__import__('colorsys').rgb_to_hsv.func_code"));
      assertTrue(cleared(state), "the first interpreter's PySystemState");
      assertTrue(cleared(loader), "the first interpreter's sys-path class loader");
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
