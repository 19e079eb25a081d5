package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What an application's imports of Java classes and packages resolve to in a new interpreter with
 * {@code site}, in one generation after another. Importing {@code site} makes Jython look up many
 * names as Java classes that are not (docs/site.md, "Failing Java look-ups"); whatever is done
 * about their cost must leave these answers as they are.
 */
class JavaImportsTest {
  /** On the application's class path (the test class path), not in the JDK or Jython. */
  public static final class OnAppClassPath {
    public static final String GREETING = "from the class path";

    private OnAppClassPath() {}
  }

  private static String str(JythonInterpreter interpreter, String expression) {
    return interpreter.eval(expression).toString();
  }

  private static void eachGeneration(Consumer<JythonInterpreter> check) {
    for (int generation = 0; generation < 3; generation++) {
      try (JythonInterpreter interpreter = new JythonInterpreter("", List.of(), true)) {
        check.accept(interpreter);
      }
    }
  }

  @Test
  void javaPackagesAndClassesImportAsBefore() {
    eachGeneration(
        interpreter -> {
          interpreter.exec(
              """
              import java.util
              from java.util import ArrayList
              from java.util.concurrent import ConcurrentHashMap as Chm
              from javax.xml.parsers import DocumentBuilderFactory
              import java.lang.String as S
              """);
          assertEquals("java.util.ArrayList", str(interpreter, "ArrayList.getName()"));
          assertEquals("True", str(interpreter, "java.util.ArrayList is ArrayList"));
          assertEquals("3", str(interpreter, "java.util.ArrayList([1, 2, 3]).size()"));
          assertEquals(
              "java.util.concurrent.ConcurrentHashMap",
              str(interpreter, "Chm().getClass().getName()"));
          assertEquals(
              "javax.xml.parsers.DocumentBuilderFactory",
              str(interpreter, "DocumentBuilderFactory.getName()"));
          assertEquals("java.lang.String", str(interpreter, "S.getName()"));
          assertEquals("True", str(interpreter, "type(java.util).__name__ == 'javapackage'"));
        });
  }

  @Test
  void aClassOnTheApplicationsClassPathImports() {
    eachGeneration(
        interpreter -> {
          interpreter.exec(
              """
              from org.wsgi4j.wsgi.jython.JavaImportsTest import OnAppClassPath as C
              import org.wsgi4j.wsgi.jython
              """);
          assertEquals(OnAppClassPath.GREETING, str(interpreter, "C.GREETING"));
          assertEquals(
              "True",
              str(
                  interpreter,
                  "org.wsgi4j.wsgi.jython.JavaImportsTest.OnAppClassPath is C"
                      + " and hasattr(org.python.core, 'PyObject')"));
        });
  }

  @Test
  void failedImportsStillRaiseImportError() {
    eachGeneration(
        interpreter -> {
          interpreter.exec(
              """
              def fails(source):
                  try:
                      exec source in {}
                  except ImportError:
                      return 'ImportError'
                  return 'imported'
              """);
          assertEquals("ImportError", str(interpreter, "fails('import no_such_module_here')"));
          assertEquals("ImportError", str(interpreter, "fails('from _warnings import filters')"));
          assertEquals("ImportError", str(interpreter, "fails('import sitecustomize')"));
          assertEquals("ImportError", str(interpreter, "fails('from os import no_such_name')"));
          assertEquals("ImportError", str(interpreter, "fails('from java.util import NoSuchX')"));
          assertEquals("ImportError", str(interpreter, "fails('import java.no_such_package_x.Y')"));
          assertEquals("imported", str(interpreter, "fails('import os, encodings.aliases')"));
          assertEquals("False", str(interpreter, "hasattr(__import__('os'), 'no_such_attr')"));
        });
  }
}
