package org.wsgi4j.directive;

/** Where in the configuration a directive appears, at the granularity httpd checks. */
public enum Context {
  /** Top level of the main server configuration. */
  SERVER,
  /** Inside {@code <VirtualHost>}. */
  VHOST,
  /** Inside {@code <Directory>} or {@code <DirectoryMatch>}. */
  DIRECTORY,
  /** Inside {@code <Location>} or {@code <LocationMatch>}. */
  LOCATION,
  /** Inside {@code <Files>} or {@code <FilesMatch>}. */
  FILES,
  /** Inside {@code <Limit>} or {@code <LimitExcept>}. */
  LIMIT,
  /** Inside {@code <If>}, {@code <ElseIf>} or {@code <Else>}. */
  IF;

  public static Context parse(String word) {
    return valueOf(word.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
