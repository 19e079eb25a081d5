package org.wsgi4j.directive;

/** What wsgi4j does with a directive httpd knows. */
public enum SupportLevel {
  /** Read into the model and acted on. */
  IMPLEMENTED,
  /** Cannot change who gets access or what handles a request (logging, tuning): skipped. */
  IGNORED,
  /**
   * Could grant access, deny it or change routing if skipped, and is not implemented: the
   * configuration loads (httpd would start) but wsgi4j will not serve it. Fail closed.
   */
  REFUSED;

  public static SupportLevel parse(String word) {
    return valueOf(word.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
