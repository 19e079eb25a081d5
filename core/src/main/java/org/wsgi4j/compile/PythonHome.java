package org.wsgi4j.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.wsgi4j.source.DiagnosticCode;
import org.wsgi4j.source.SourceSpan;

/**
 * What {@code WSGIPythonHome} / {@code python-home=} can mean on Jython 2.7. CPython takes the
 * standard library from there too; Jython's standard library is inside its jar, so only the prefix
 * and its site-packages remain: {@code Lib/site-packages} (a Jython environment) or {@code
 * lib/python2.7/site-packages} (a CPython 2.7 virtualenv, whose pure-Python packages Jython can
 * import). Jython's {@code sys.prefix} is one value for the whole JVM, so it stays as it is. A
 * prefix with neither directory is reported (W110): it would have no effect at all.
 */
final class PythonHome {
  private PythonHome() {}

  /** The prefix part of mod_wsgi's {@code prefix[:exec_prefix]} value. */
  static String prefix(String value) {
    int colon = value.indexOf(':');
    return colon < 0 ? value : value.substring(0, colon);
  }

  static void check(String value, SourceSpan at, CompileSession session) {
    problem(session.resolve(prefix(value)))
        .ifPresent(
            why ->
                session.report(
                    DiagnosticCode.W110,
                    at,
                    "Python home "
                        + prefix(value)
                        + " "
                        + why
                        + ": Jython has nothing to add to sys.path from it, so it has no"
                        + " effect"));
  }

  static Optional<String> problem(Path home) {
    if (!Files.isDirectory(home)) {
      return Optional.of("is not a directory");
    }
    if (Files.isDirectory(home.resolve("Lib/site-packages"))
        || Files.isDirectory(home.resolve("lib/python2.7/site-packages"))) {
      return Optional.empty();
    }
    try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
      Optional<String> other =
          lib.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("python")).findFirst();
      if (other.isPresent()) {
        return Optional.of(
            "is an environment for "
                + other.get()
                + ", whose packages Jython 2.7 cannot use (it has no lib/python2.7)");
      }
    } catch (IOException e) {
      // no lib/ at all: the general answer below
    }
    return Optional.of("has no Lib/site-packages or lib/python2.7/site-packages");
  }
}
