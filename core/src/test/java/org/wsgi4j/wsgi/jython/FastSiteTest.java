package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.python.core.Py;
import org.python.core.PyObject;

/**
 * {@link FastSite} against Jython's own {@code site}: for each set-up, an interpreter that applied
 * site's start-up itself and one that imported {@code site} must show the same {@code sys.path},
 * builtins, {@code sys} and {@code site} module values; set-ups it cannot decide fall back to the
 * real {@code site} (and so must agree too).
 */
class FastSiteTest {
  @TempDir Path dir;

  /** What a set-up shows to applications; each line is compared between the two interpreters. */
  private static final String OBSERVED =
      """
      import sys, __builtin__
      seen = []
      seen.append(repr(sys.path))
      seen.append(repr(sorted(__builtin__.__dict__.keys())))
      for name in ('quit', 'exit', 'copyright', 'credits', 'license', 'help'):
          value = getattr(__builtin__, name)
          seen.append('%s %r %s.%s' % (name, value, type(value).__module__, type(value).__name__))
      seen.append(repr(hasattr(sys, 'setdefaultencoding')))
      seen.append(repr(sorted(k for k in sys.modules if k.startswith('sitecustom'))))
      quit_before = __builtin__.quit
      import site
      seen.append(repr(sys.path))
      seen.append(repr((site.ENABLE_USER_SITE, site.USER_BASE, site.USER_SITE, site.PREFIXES)))
      seen.append(repr(site.getsitepackages()))
      seen.append(repr(site.__file__))
      """;

  private record Seen(boolean siteImportedAtStart, List<String> lines) {}

  private static Seen observe(JythonInterpreter interpreter) {
    boolean siteAtStart = interpreter.eval("'site' in __import__('sys').modules").__nonzero__();
    interpreter.exec(OBSERVED);
    List<String> lines = toStrings(interpreter);
    return new Seen(siteAtStart, lines);
  }

  private static List<String> toStrings(JythonInterpreter interpreter) {
    return toStrings(interpreter.eval("seen"));
  }

  private static List<String> toStrings(PyObject list) {
    ImmutableList.Builder<String> lines = ImmutableList.builder();
    for (var line : list.asIterable()) {
      lines.add(line.toString());
    }
    return lines.build();
  }

  private static ProcessEnviron environ(Map<String, String> set) {
    ProcessEnviron environ = ProcessEnviron.fresh();
    set.forEach((name, value) -> environ.environ().__setitem__(name, Py.newString(value)));
    return environ;
  }

  /** Asserts both ways agree and returns whether the fast way applied site without importing it. */
  private boolean compare(PythonSetup setup, Map<String, String> env) {
    Seen fast;
    Seen python;
    try (JythonInterpreter interpreter =
        new JythonInterpreter("", setup, true, true, environ(env))) {
      fast = observe(interpreter);
    }
    try (JythonInterpreter interpreter =
        new JythonInterpreter("", setup, true, false, environ(env))) {
      python = observe(interpreter);
    }
    assertEquals(true, python.siteImportedAtStart(), "the reference ran Jython's site");
    for (int i = 0; i < python.lines().size(); i++) {
      assertEquals(python.lines().get(i), fast.lines().get(i), "observation " + i);
    }
    assertEquals(python.lines().size(), fast.lines().size());
    return !fast.siteImportedAtStart();
  }

  private Path mkdirs(String relative) throws IOException {
    return Files.createDirectories(dir.resolve(relative));
  }

  private Map<String, String> home(String relative) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", mkdirs(relative).toString());
    return env;
  }

  @Test
  void plainInterpreterIsAppliedWithoutImportingSite() throws IOException {
    assertEquals(true, compare(PythonSetup.NONE, home("home")));
  }

  @Test
  void pythonPathHomeAndPythonHomeAsSiteAndModWsgiDoThem() throws IOException {
    Path a = mkdirs("a");
    Path b = mkdirs("b");
    Path workdir = mkdirs("work");
    Path prefix = mkdirs("venv");
    mkdirs("venv/Lib/site-packages");
    PythonSetup setup =
        new PythonSetup(
            ImmutableList.of(
                a.toString(), b.toString(), a.toString(), dir.resolve("gone").toString()),
            Optional.of(workdir.toString()),
            Optional.of(prefix.toString()));
    assertEquals(true, compare(setup, home("home")));
  }

  @Test
  void userSitePackagesFromHomeAndFromPythonUserBase() throws IOException {
    mkdirs("user/.local/lib/jython2.7/site-packages");
    assertEquals(true, compare(PythonSetup.NONE, home("user")));
    mkdirs("base/lib/jython2.7/site-packages");
    Map<String, String> env = home("user");
    env.put("PYTHONUSERBASE", dir.resolve("base").toString() + "/");
    assertEquals(true, compare(PythonSetup.NONE, env));
  }

  @Test
  void pthFilesSitecustomizeAndOddPathsFallBackToJythonsSite() throws IOException {
    Path withPth = mkdirs("pth");
    mkdirs("pth/extra");
    Files.writeString(withPth.resolve("x.pth"), "extra\n# comment\n", StandardCharsets.UTF_8);
    assertEquals(
        false, compare(PythonSetup.of(List.of(withPth.toString()), Optional.empty()), home("h")));

    Path custom = mkdirs("custom");
    Files.writeString(
        custom.resolve("sitecustomize.py"),
        "import sys\nsys.customized = 1\n",
        StandardCharsets.UTF_8);
    assertEquals(
        false, compare(PythonSetup.of(List.of(custom.toString()), Optional.empty()), home("h")));

    Path plain = mkdirs("plain");
    String unnormal = plain + "/../plain";
    assertEquals(false, compare(PythonSetup.of(List.of(unnormal), Optional.empty()), home("h")));
  }

  @Test
  void importingSiteLaterDoesNotRunItsStartUpAgain() throws IOException {
    try (JythonInterpreter interpreter =
        new JythonInterpreter("", PythonSetup.NONE, true, true, environ(home("h")))) {
      assertEquals("False", interpreter.eval("'site' in __import__('sys').modules").toString());
      interpreter.exec(
          """
          import sys, __builtin__
          before = (list(sys.path), id(__builtin__.quit))
          import site
          after = (list(sys.path), id(__builtin__.quit))
          """);
      assertEquals(interpreter.eval("before").toString(), interpreter.eval("after").toString());
    }
  }

  /**
   * Every module Jython's site leaves imported can be imported first in an interpreter that did not
   * run site, with the same outcome (Jython's posixpath and genericpath fail before os is imported;
   * a scan of the whole standard library, top-level modules and packages, found no others).
   */
  @Test
  void modulesSiteWouldHaveImportedCanBeImportedFirst() throws IOException {
    List<String> siteModules;
    try (JythonInterpreter python =
        new JythonInterpreter("", PythonSetup.NONE, true, false, environ(home("h")))) {
      siteModules =
          toStrings(
              python.eval(
                  "sorted(n for n, m in __import__('sys').modules.items()"
                      + " if m is not None and hasattr(m, '__loader__') and n != 'site')"));
    }
    assertTrue(
        siteModules.containsAll(List.of("os", "posixpath", "genericpath", "re")),
        siteModules.toString());
    for (String module : siteModules) {
      try (JythonInterpreter fast =
          new JythonInterpreter("", PythonSetup.NONE, true, true, environ(home("h")))) {
        fast.exec(
            "__import__('%s')\nimported = sorted(vars(__import__('sys').modules['%s']))"
                .formatted(module, module));
        assertTrue(fast.eval("len(imported) > 0").__nonzero__(), module);
      }
    }
  }
}
