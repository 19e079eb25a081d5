package org.wsgi4j.wsgi.jython;

import com.google.common.collect.ImmutableList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How each interpreter of a process group is set up, from mod_wsgi's directives.
 *
 * @param pythonPath {@code python-path=} (daemon) or {@code WSGIPythonPath} (embedded): each
 *     directory goes through {@code site.addsitedir} (its {@code .pth} files are read) and the new
 *     entries are moved to the front of {@code sys.path}
 * @param home {@code home=}: the working directory, also first on {@code sys.path}
 * @param pythonHome {@code python-home=} or {@code WSGIPythonHome}: the prefix whose site-packages
 *     are added, and each interpreter's {@code sys.prefix} and {@code sys.exec_prefix} ({@link
 *     InterpreterSystemState})
 */
record PythonSetup(
    ImmutableList<String> pythonPath, Optional<String> home, Optional<String> pythonHome) {
  static final PythonSetup NONE =
      new PythonSetup(ImmutableList.of(), Optional.empty(), Optional.empty());

  PythonSetup {
    Objects.requireNonNull(pythonPath, "pythonPath");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(pythonHome, "pythonHome");
  }

  static PythonSetup of(List<String> pythonPath, Optional<String> home) {
    return new PythonSetup(ImmutableList.copyOf(pythonPath), home, Optional.empty());
  }

  /**
   * The python home's package directories that exist: {@code Lib/site-packages} (a Jython
   * installation or environment) and {@code lib/python2.7/site-packages} (a CPython 2.7
   * virtualenv).
   */
  List<String> homeSitePackages() {
    List<String> dirs = new ArrayList<>();
    pythonHome.ifPresent(
        prefix -> {
          for (String sub : List.of("Lib/site-packages", "lib/python2.7/site-packages")) {
            Path dir = Path.of(prefix).resolve(sub);
            if (Files.isDirectory(dir)) {
              dirs.add(dir.toString());
            }
          }
        });
    return dirs;
  }
}
