package org.wsgi4j.lint;

import java.util.Comparator;
import java.util.Objects;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.source.Severity;
import org.wsgi4j.source.SourceSpan;

/**
 * One finding of {@code wsgi4j lint}: either a lint rule's ({@link LintCode}, W3xx/I4xx) or a load
 * diagnostic passed through ({@link org.wsgi4j.source.DiagnosticCode}, E0xx-W2xx). The code is kept
 * as its identifier string so that both families fit one record; the two families never share an
 * identifier.
 *
 * @param code the stable identifier, e.g. {@code "W301"} or {@code "E101"}
 * @param slug the short name of the code, e.g. {@code "daemon-unused"}
 * @param severity error only for what makes httpd refuse to start; lint rules never use it
 * @param span where the finding points
 * @param message one sentence for the operator
 */
public record LintFinding(
    String code, String slug, Severity severity, SourceSpan span, String message) {

  /** By file, then position, then code: the order {@link LintResult} uses. */
  public static final Comparator<LintFinding> ORDER =
      Comparator.comparing((LintFinding f) -> f.span().file().toString())
          .thenComparing(f -> f.span().start())
          .thenComparing(LintFinding::code)
          .thenComparing(LintFinding::message);

  public LintFinding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(message, "message");
  }

  /** A finding of a lint rule with the code's default severity. */
  public static LintFinding of(LintCode code, SourceSpan span, String message) {
    return new LintFinding(code.id(), code.slug(), code.defaultSeverity(), span, message);
  }

  /** A load diagnostic in the linter's terms. */
  public static LintFinding of(Diagnostic diagnostic) {
    return new LintFinding(
        diagnostic.code().id(),
        diagnostic.code().slug(),
        diagnostic.severity(),
        diagnostic.span(),
        diagnostic.message());
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code file:line:col: severity: message [CODE]}, as compilers print. */
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
        + code
        + "]";
  }
}
