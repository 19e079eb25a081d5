package org.wsgi4j.source;

/**
 * How bad a diagnostic is. The meaning is fixed so that tools can rely on it: {@link #ERROR} means
 * Apache httpd would refuse to start with this configuration; anything httpd accepts, however sure
 * it is to fail at run time, is at most a {@link #WARNING}.
 */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
