package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** python-path / WSGIPythonPath, python-home / WSGIPythonHome in an interpreter. */
class PythonSetupTest {
  @TempDir Path dir;

  private static String eval(JythonInterpreter interpreter, String expression) {
    return interpreter.eval(expression).toString();
  }

  @Test
  void pythonPathGoesThroughAddsitedirAndItsEntriesGoToTheFront() throws IOException {
    Path first = Files.createDirectories(dir.resolve("first"));
    Path extra = Files.createDirectories(dir.resolve("extra"));
    Path second = Files.createDirectories(dir.resolve("second"));
    Files.writeString(first.resolve("more.pth"), extra + "\n");
    Files.writeString(extra.resolve("frompth.py"), "value = 'pth'\n");
    PythonSetup setup =
        new PythonSetup(
            ImmutableList.of(first.toString(), second.toString()),
            Optional.empty(),
            Optional.empty());
    try (JythonInterpreter interpreter = new JythonInterpreter("", setup, true)) {
      assertEquals("pth", eval(interpreter, "__import__('frompth').value"), "the .pth was read");
      assertEquals(
          "['" + first + "', '" + extra + "', '" + second + "']",
          eval(interpreter, "__import__('sys').path[:3]"),
          "the new entries, in the order addsitedir added them, lead sys.path");
    }
  }

  @Test
  void pythonHomeAddsItsSitePackagesInEitherLayout() throws IOException {
    Path jython = Files.createDirectories(dir.resolve("jy/Lib/site-packages"));
    Files.writeString(jython.resolve("jymod.py"), "value = 'jython layout'\n");
    Path cpython = Files.createDirectories(dir.resolve("cp/lib/python2.7/site-packages"));
    Files.writeString(cpython.resolve("cpmod.py"), "value = 'cpython 2.7 layout'\n");
    Files.writeString(cpython.resolve("x.pth"), "import sys; sys.pth_ran = True\n");
    try (JythonInterpreter a =
            new JythonInterpreter(
                "",
                new PythonSetup(
                    ImmutableList.of(),
                    Optional.empty(),
                    Optional.of(dir.resolve("jy").toString())),
                true);
        JythonInterpreter b =
            new JythonInterpreter(
                "",
                new PythonSetup(
                    ImmutableList.of(),
                    Optional.empty(),
                    Optional.of(dir.resolve("cp").toString())),
                true)) {
      assertEquals("jython layout", eval(a, "__import__('jymod').value"));
      assertEquals("cpython 2.7 layout", eval(b, "__import__('cpmod').value"));
      assertEquals("True", eval(b, "getattr(__import__('sys'), 'pth_ran', False)"));
      assertEquals("False", eval(a, "'" + cpython + "' in __import__('sys').path"));
    }
  }

  @Test
  void sysPrefixIsTheHomeAndBelongsToItsInterpreter() {
    PythonSetup home =
        new PythonSetup(ImmutableList.of(), Optional.empty(), Optional.of("/srv/venv"));
    try (JythonInterpreter a = new JythonInterpreter("", home, false);
        JythonInterpreter b = new JythonInterpreter("", PythonSetup.NONE, false)) {
      String jython = org.python.core.PySystemState.prefix.toString();
      assertEquals(
          "/srv/venv /srv/venv",
          eval(a, "__import__('sys').prefix + ' ' + __import__('sys').exec_prefix"));
      assertEquals(jython, eval(b, "__import__('sys').prefix"), "without a home: Jython's");
      a.exec("import sys; sys.prefix = '/assigned'; sys.exec_prefix = '/assigned-exec'");
      assertEquals(
          "/assigned /assigned-exec",
          eval(a, "__import__('sys').prefix + ' ' + __import__('sys').exec_prefix"));
      assertEquals(jython, eval(b, "__import__('sys').prefix"), "not in another interpreter");
      assertEquals(jython, org.python.core.PySystemState.prefix.toString(), "nor JVM-wide");
      assertEquals("True", eval(a, "'prefix' in dir(__import__('sys'))"));
    }
  }
}
