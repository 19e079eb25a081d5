package org.wsgi4j.wsgi.jython;

import java.util.Properties;
import org.python.core.Py;
import org.python.core.PyString;
import org.python.util.PythonInterpreter;

/** Jython's one-per-JVM initialisation, and native-string conversion. */
final class JythonRuntime {
  private static boolean initialized;

  private JythonRuntime() {}

  /**
   * Initialises Jython once. The JVM's system properties are the pre-properties (so {@code
   * -Dpython.import.site=false} and friends work); the package cache is skipped, as nothing imports
   * Java packages by name.
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
