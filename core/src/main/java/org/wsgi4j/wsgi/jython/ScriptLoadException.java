package org.wsgi4j.wsgi.jython;

/** A WSGI script could not be loaded, or lacks its callable. */
final class ScriptLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean missingCallable;

  ScriptLoadException(String message, boolean missingCallable, Throwable cause) {
    super(message, cause);
    this.missingCallable = missingCallable;
  }

  /** The script loaded but has no such callable (404 embedded, 500 daemon). */
  boolean missingCallable() {
    return missingCallable;
  }
}
