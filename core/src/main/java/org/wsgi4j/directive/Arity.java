package org.wsgi4j.directive;

/**
 * How many arguments a directive takes, with httpd's own names for its command kinds
 * ({@code AP_INIT_TAKE1} and so on) and httpd's own wording when the count is wrong.
 */
public enum Arity {
  NO_ARGS(0, 0, "takes no arguments"),
  TAKE1(1, 1, "takes one argument"),
  TAKE2(2, 2, "takes two arguments"),
  TAKE3(3, 3, "takes three arguments"),
  TAKE12(1, 2, "takes 1-2 arguments"),
  TAKE13(1, 3, "takes one or three arguments"),
  TAKE23(2, 3, "takes two or three arguments"),
  TAKE123(1, 3, "takes one, two or three arguments"),
  ITERATE(1, Integer.MAX_VALUE, "requires at least one argument"),
  ITERATE2(2, Integer.MAX_VALUE, "requires at least two arguments"),
  FLAG(1, 1, "must be On or Off"),
  RAW_ARGS(0, Integer.MAX_VALUE, ""),
  TAKE_ARGV(0, Integer.MAX_VALUE, "");

  private final int min;
  private final int max;
  private final String complaint;

  Arity(int min, int max, String complaint) {
    this.min = min;
    this.max = max;
    this.complaint = complaint;
  }

  /** Whether {@code count} arguments (as ap_getword_conf splits them) pass httpd's check. */
  public boolean accepts(int count) {
    if (this == TAKE13) {
      return count == 1 || count == 3;
    }
    return count >= min && count <= max;
  }

  /** Whether httpd splits the arguments itself; RAW_ARGS handlers read the line on their own. */
  public boolean tokenizedByHttpd() {
    return this != RAW_ARGS;
  }

  /** httpd's message when the count is wrong, without the directive name. */
  public String complaint() {
    return complaint;
  }
}
