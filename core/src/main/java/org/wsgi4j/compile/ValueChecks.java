package org.wsgi4j.compile;

import com.google.common.collect.ImmutableSet;
import java.util.Locale;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;

/**
 * The value checks httpd makes for directives wsgi4j does not implement, where a common mistake
 * would otherwise pass here and stop httpd: lint must refuse what httpd refuses.
 */
final class ValueChecks {
  private static final ImmutableSet<String> HEADER_ACTIONS =
      ImmutableSet.of(
          "add", "set", "setifempty", "append", "merge", "unset", "echo", "note", "edit", "edit*");

  /** mod_ssl refuses to start when one of these files is missing or empty. */
  private static final ImmutableSet<String> SSL_FILES =
      ImmutableSet.of(
          "sslcertificatefile",
          "sslcertificatekeyfile",
          "sslcertificatechainfile",
          "sslcacertificatefile");

  private ValueChecks() {}

  static void check(Directive directive, CompileSession session) {
    String name = directive.name().toLowerCase(Locale.ROOT);
    if (name.equals("header") || name.equals("requestheader")) {
      header(directive, session);
    }
    if (SSL_FILES.contains(name) && !directive.args().isEmpty()) {
      java.nio.file.Path file = session.resolve(directive.value(0));
      boolean usable;
      try {
        usable = java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.size(file) > 0;
      } catch (java.io.IOException e) {
        usable = false;
      }
      if (!usable) {
        session.error(
            directive.span(),
            directive.name() + ": file '" + file + "' does not exist or is empty");
      }
    }
    if (name.equals("defaultruntimedir")
        && !java.nio.file.Files.isDirectory(session.resolve(directive.value(0)))) {
      // Debian's apache2.conf sets it from ${APACHE_RUN_DIR}: without envvars httpd stops here.
      session.error(
          directive.span(),
          "DefaultRuntimeDir must be a valid directory, absolute or relative to ServerRoot");
    }
  }

  static void checkSection(Section section, CompileSession session) {
    if (section.name().equalsIgnoreCase("Else") && !section.args().isEmpty()) {
      session.error(section.openSpan(), "<Else> does not take an argument");
    }
  }

  private static void header(Directive directive, CompileSession session) {
    if (directive.args().isEmpty()) {
      return;
    }
    int first =
        directive.value(0).equalsIgnoreCase("always")
                || directive.value(0).equalsIgnoreCase("onsuccess")
            ? 1
            : 0;
    if (directive.args().size() <= first) {
      return;
    }
    String action = directive.value(first).toLowerCase(Locale.ROOT);
    if (!HEADER_ACTIONS.contains(action)) {
      session.error(
          directive.span(),
          "first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo',"
              + " 'note', 'edit', or 'edit*'.");
    }
  }
}
