package org.wsgi4j.cli;

import java.io.PrintWriter;
import java.util.List;
import org.wsgi4j.lint.LintFinding;

/** Writes findings (load diagnostics and lint rules alike) in one output format. */
interface DiagnosticPrinter {
  void print(List<LintFinding> findings, PrintWriter out);
}
