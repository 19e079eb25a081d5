package org.wsgi4j.cli;

import java.io.PrintWriter;
import java.util.List;
import org.wsgi4j.source.Diagnostic;

/** Writes diagnostics in one output format. */
interface DiagnosticPrinter {
  void print(List<Diagnostic> diagnostics, PrintWriter out);
}
