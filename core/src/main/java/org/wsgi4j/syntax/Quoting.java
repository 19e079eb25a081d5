package org.wsgi4j.syntax;

/** How an argument was written: httpd removes the quotes but some directives care. */
public enum Quoting {
  NONE,
  DOUBLE,
  SINGLE
}
