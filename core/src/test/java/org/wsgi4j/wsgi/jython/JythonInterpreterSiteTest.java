package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.python.core.PySystemState;
import org.python.util.PythonInterpreter;

/**
 * How a new interpreter meets {@code site}: imported as at Python's start-up unless turned off,
 * with the same effects as Jython's own {@code import site}, and no state shared between
 * interpreters.
 */
class JythonInterpreterSiteTest {
  @TempDir Path dir;

  private List<String> pythonPath() throws IOException {
    Files.writeString(
        dir.resolve("sitecustomize.py"),
        """
        import __builtin__
        __builtin__.customized = getattr(__builtin__, 'customized', 0) + 1
        """,
        StandardCharsets.UTF_8);
    return List.of(dir.toString());
  }

  private static String str(JythonInterpreter interpreter, String expression) {
    return interpreter.eval(expression).toString();
  }

  @Test
  void siteRunsInEveryNewInterpreterWithSitecustomizeFromPythonPath() throws IOException {
    List<String> path = pythonPath();
    for (int generation = 0; generation < 2; generation++) {
      try (JythonInterpreter interpreter = new JythonInterpreter("", path, true)) {
        assertEquals("True", str(interpreter, "'site' in __import__('sys').modules"));
        assertEquals("1", str(interpreter, "customized"), "sitecustomize ran once, in this one");
        for (String builtin : List.of("exit", "quit", "help", "copyright", "credits", "license")) {
          assertEquals(
              "True", str(interpreter, "hasattr(__import__('__builtin__'), '" + builtin + "')"));
        }
        assertEquals("False", str(interpreter, "hasattr(__import__('sys'), 'setdefaultencoding')"));
      }
    }
  }

  @Test
  void withoutSiteNothingOfSiteIsThere() throws IOException {
    try (JythonInterpreter interpreter = new JythonInterpreter("", pythonPath(), false)) {
      assertEquals("False", str(interpreter, "'site' in __import__('sys').modules"));
      assertEquals("False", str(interpreter, "hasattr(__import__('__builtin__'), 'customized')"));
      assertEquals("False", str(interpreter, "hasattr(__import__('__builtin__'), 'exit')"));
    }
  }

  /**
   * The reference: a PySystemState built as Jython's own start-up does, then {@code import site},
   * then python-path's entries moved to the front of {@code sys.path} (mod_wsgi's rule).
   */
  @Test
  void sameSysPathAndBuiltinsAsJythonsOwnImportSite() throws IOException {
    List<String> path = pythonPath();
    String reference;
    String referenceBuiltins;
    JythonRuntime.initialize();
    PySystemState sys = new PySystemState();
    // Its own builtins, as Jython's default dict is shared by the JVM (and would keep this site).
    sys.setBuiltins(JythonRuntime.freshBuiltins());
    for (String entry : path) {
      sys.path.append(JythonRuntime.nativeString(entry));
    }
    PySystemState previous = org.python.core.Py.getSystemState();
    try (PythonInterpreter python = new PythonInterpreter(null, sys)) {
      python.exec("import site, sys, __builtin__");
      python.exec(
          "front = [p for p in sys.path if p in "
              + path.stream().map(p -> "'" + p + "'").toList()
              + "]\nfor p in front: sys.path.remove(p)\nsys.path[:0] = front");
      reference = python.eval("repr(sys.path)").toString();
      referenceBuiltins = python.eval("repr(sorted(__builtin__.__dict__.keys()))").toString();
    } finally {
      org.python.core.Py.setSystemState(previous);
    }
    try (JythonInterpreter interpreter = new JythonInterpreter("", path, true)) {
      assertEquals(reference, str(interpreter, "repr(__import__('sys').path)"));
      assertEquals(
          referenceBuiltins,
          str(interpreter, "repr(sorted(__import__('__builtin__').__dict__.keys()))"));
    }
  }

  @Test
  void noModuleOrBuiltinStateIsShared() throws IOException {
    List<String> path = pythonPath();
    try (JythonInterpreter first = new JythonInterpreter("a", path, true);
        JythonInterpreter second = new JythonInterpreter("b", path, true)) {
      first.exec("import __builtin__, os\n__builtin__.leaked = 1\nos.leaked = 1\n");
      assertEquals("1", str(first, "leaked"));
      assertEquals("False", str(second, "hasattr(__import__('__builtin__'), 'leaked')"));
      assertEquals("False", str(second, "hasattr(__import__('os'), 'leaked')"));
      assertEquals("1", str(second, "customized"), "each ran its own sitecustomize");
      assertNotEquals(
          str(first, "id(__import__('sys').modules['site'])"),
          str(second, "id(__import__('sys').modules['site'])"));
      assertNotSame(
          first.eval("__import__('site')"),
          second.eval("__import__('site')"),
          "each interpreter has its own site module");
    }
    try (JythonInterpreter next = new JythonInterpreter("a", path, true)) {
      assertTrue(
          next.eval("hasattr(__import__('__builtin__'), 'leaked')").toString().equals("False"),
          "a later generation starts without its predecessor's builtins");
    }
  }
}
