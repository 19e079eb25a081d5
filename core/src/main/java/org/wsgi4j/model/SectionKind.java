package org.wsgi4j.model;

/** The per-path sections httpd merges, in the groups of its merge order. */
public enum SectionKind {
  DIRECTORY("Directory", false),
  DIRECTORY_MATCH("DirectoryMatch", true),
  FILES("Files", false),
  FILES_MATCH("FilesMatch", true),
  LOCATION("Location", false),
  LOCATION_MATCH("LocationMatch", true);

  private final String directiveName;
  private final boolean regex;

  SectionKind(String directiveName, boolean regex) {
    this.directiveName = directiveName;
    this.regex = regex;
  }

  /** The section name as written in configuration, without angle brackets. */
  public String directiveName() {
    return directiveName;
  }

  public boolean isRegex() {
    return regex;
  }
}
