package org.wsgi4j.source;

import java.util.Objects;

/**
 * One problem found in a configuration, with a stable code and an exact position.
 *
 * @param code stable identifier such as {@code E101}; documented under {@code docs/lint/}
 * @param severity what the problem means for httpd (see {@link Severity})
 * @param span where it is
 * @param message what is wrong, in httpd's own wording where httpd has one
 * @param blocksServing true when wsgi4j refuses to serve the configuration although httpd would
 *     start with it: a directive that could grant access or change routing and is not implemented
 */
public record Diagnostic(
    DiagnosticCode code,
    Severity severity,
    SourceSpan span,
    String message,
    boolean blocksServing) {

  public Diagnostic {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(message, "message");
  }

  public static Diagnostic of(DiagnosticCode code, SourceSpan span, String message) {
    return new Diagnostic(
        code, code.defaultSeverity(), span, message, code.defaultSeverity() == Severity.ERROR);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** GCC style, understood by editors and CI annotators: {@code file:line:col: sev: msg [CODE]}. */
  public String format() {
    return span.file()
        + ":"
        + span.line()
        + ":"
        + span.column()
        + ": "
        + severity.label()
        + ": "
        + message
        + " ["
        + code.id()
        + "]";
  }
}
