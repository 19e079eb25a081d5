package org.wsgi4j.cli;

/** How {@code lint} prints diagnostics. */
enum OutputFormat {
  text,
  json,
  sarif;

  DiagnosticPrinter printer() {
    return switch (this) {
      case text -> new TextDiagnosticPrinter();
      case json -> new JsonDiagnosticPrinter();
      case sarif -> new SarifPrinter();
    };
  }
}
