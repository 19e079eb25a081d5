package org.wsgi4j.source;

/**
 * Every diagnostic wsgi4j can report, with a stable identifier. Identifiers never change meaning
 * and are never reused; each has a page under {@code docs/lint/}. The first digit is the stage that
 * finds it: 0 syntax and file structure, 1 directive name, context, arity and value, 2
 * cross-references between directives, 3 and up semantic lint rules.
 */
public enum DiagnosticCode {
  // ---- 0: syntax, sections, includes, variables ----
  E000("syntax", Severity.ERROR),
  E001("section-not-closed", Severity.ERROR),
  E002("close-tag-mismatch", Severity.ERROR),
  E003("close-tag-without-section", Severity.ERROR),
  E004("section-missing-gt", Severity.ERROR),
  E005("line-too-long", Severity.ERROR),
  E006("file-unreadable", Severity.ERROR),
  E007("include-no-match", Severity.ERROR),
  E008("include-recursion", Severity.ERROR),
  E009("define-invalid-name", Severity.ERROR),
  E010("section-missing-argument", Severity.ERROR),
  W011("variable-undefined", Severity.WARNING),
  E012("condition-invalid", Severity.ERROR),
  // ---- 1: directive name, context, arity, value ----
  E101("unknown-directive", Severity.ERROR),
  E102("directive-not-allowed-here", Severity.ERROR),
  E103("directive-arity", Severity.ERROR),
  E104("directive-invalid-value", Severity.ERROR),
  W105("directive-refused", Severity.WARNING),
  I106("directive-ignored", Severity.INFO),
  I107("module-not-loaded-natively", Severity.INFO),
  W108("option-not-enforced", Severity.WARNING),
  W109("module-file-missing", Severity.WARNING),
  W110("python-home-unusable", Severity.WARNING),
  W150("not-applied-by-serve", Severity.WARNING),
  // ---- 2: cross-references ----
  W201("process-group-undefined", Severity.WARNING),
  W202("backreference-without-group", Severity.WARNING),
  W203("script-missing", Severity.WARNING),
  W204("auth-file-missing", Severity.WARNING),
  E205("process-group-duplicate", Severity.ERROR),
  W206("document-root-missing", Severity.WARNING);

  private final String slug;
  private final Severity defaultSeverity;

  DiagnosticCode(String slug, Severity defaultSeverity) {
    this.slug = slug;
    this.defaultSeverity = defaultSeverity;
  }

  public String id() {
    return name();
  }

  /** A short name that says what the code is about, for documentation and SARIF rule names. */
  public String slug() {
    return slug;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }
}
