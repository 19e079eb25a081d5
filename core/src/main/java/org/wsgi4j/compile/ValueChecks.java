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
    if (name.equals("authdigestshmemsize") && !directive.args().isEmpty()) {
      shmemSize(directive, session);
    }
    if (name.equals("defaultruntimedir")
        && !java.nio.file.Files.isDirectory(session.resolve(directive.value(0)))) {
      // Debian's apache2.conf sets it from ${APACHE_RUN_DIR}: without envvars httpd stops here.
      session.error(
          directive.span(),
          "DefaultRuntimeDir must be a valid directory, absolute or relative to ServerRoot");
    }
  }

  /**
   * mod_auth_digest's size check: a number, optionally followed (after blanks) by b, k or m, and at
   * least its table's header size on a 64-bit build (88 bytes), with httpd's messages.
   */
  private static void shmemSize(Directive directive, CompileSession session) {
    String text = directive.value(0);
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    int numberStart = i;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    boolean digits = i > numberStart && Character.isDigit(text.charAt(i - 1));
    long size = 0;
    int end = numberStart;
    if (digits) {
      try {
        size = Long.parseLong(text.substring(numberStart, i));
      } catch (NumberFormatException e) {
        size = text.charAt(numberStart) == '-' ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      end = i;
    } else {
      end = 0;
    }
    while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    char unit = end < text.length() ? text.charAt(end) : '\0';
    switch (Character.toLowerCase(unit)) {
      case '\0', 'b' -> {}
      case 'k' -> size = saturatedTimes(size, 1024);
      case 'm' -> size = saturatedTimes(size, 1048576);
      default -> {
        session.error(directive.span(), "Invalid size in AuthDigestShmemSize: " + text);
        return;
      }
    }
    long minimum = 88;
    if (size < minimum) {
      session.error(
          directive.span(), "size in AuthDigestShmemSize too small: " + size + " < " + minimum);
    }
  }

  private static long saturatedTimes(long value, long factor) {
    try {
      return Math.multiplyExact(value, factor);
    } catch (ArithmeticException e) {
      return value < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
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
