package org.wsgi4j.wsgi.jython;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Python packages where apt installs them. Tests put links to exactly the modules they use
 * into a folder of their own, so nothing else of the system's Python 3 folder is importable, and no
 * compiled {@code $py.class} files are written next to the system's files.
 */
final class DebianPython {
  /** Where Debian's python3-* packages install pure-Python modules. */
  static final Path DIST_PACKAGES = Path.of("/usr/lib/python3/dist-packages");

  private DebianPython() {}

  /**
   * Links the named modules (a package folder or a {@code .py} file) into {@code folder}; skips the
   * test when one is not installed.
   */
  static void link(Path folder, String... modules) throws IOException {
    System.setProperty("python.dont_write_bytecode", "true");
    for (String module : modules) {
      Path installed = DIST_PACKAGES.resolve(module);
      Assumptions.assumeTrue(
          Files.exists(installed),
          installed
              + " is not installed: apt-get install python3-paste python3-bottle python3-webob"
              + " (.ci/run installs them)");
      Files.createSymbolicLink(folder.resolve(module), installed);
    }
  }
}
