package org.wsgi4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wsgi4j.lint.LintFinding;
import org.wsgi4j.source.Diagnostic;

/**
 * GCC-style lines ({@code file:line:col: severity: message [CODE]}), understood by editors and CI
 * annotators, each followed by the source line and a caret under the column.
 */
final class TextDiagnosticPrinter implements DiagnosticPrinter {
  /** Load diagnostics, printed the same way. */
  void printDiagnostics(List<Diagnostic> diagnostics, PrintWriter out) {
    print(diagnostics.stream().map(LintFinding::of).toList(), out);
  }

  @Override
  public void print(List<LintFinding> diagnostics, PrintWriter out) {
    Map<Path, List<String>> sources = new HashMap<>();
    for (LintFinding diagnostic : diagnostics) {
      out.println(diagnostic.format());
      List<String> lines =
          sources.computeIfAbsent(diagnostic.span().file(), TextDiagnosticPrinter::readLines);
      int line = diagnostic.span().line();
      if (line >= 1 && line <= lines.size()) {
        String text = lines.get(line - 1);
        out.println("  " + text);
        out.println(
            "  "
                + " ".repeat(Math.max(0, Math.min(diagnostic.span().column() - 1, text.length())))
                + "^");
      }
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
