package org.wsgi4j.directive;

import java.util.List;

/**
 * How many arguments a directive takes, with httpd's own names for its command kinds ({@code
 * AP_INIT_TAKE1} and so on) and httpd's own wording when the count is wrong.
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

  /**
   * Whether httpd's generic check ({@code invoke_cmd}) accepts these argument values. httpd reads
   * words with {@code ap_getword_conf}, which returns an empty word at the end of the line, so an
   * empty quoted argument ({@code ""}) counts as missing; FLAG ignores words after the first.
   */
  public boolean accepts(List<String> values) {
    int count = values.size();
    return switch (this) {
      case NO_ARGS -> count == 0;
      case FLAG -> present(values, 0);
      case TAKE13 ->
          present(values, 0) && (!present(values, 1) || present(values, 2)) && count <= 3;
      case ITERATE -> present(values, 0);
      case ITERATE2 -> present(values, 0) && count >= 2;
      case RAW_ARGS, TAKE_ARGV -> true;
      default -> requiredPresent(values) && count <= max;
    };
  }

  private boolean requiredPresent(List<String> values) {
    for (int i = 0; i < min; i++) {
      if (!present(values, i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean present(List<String> values, int index) {
    return index < values.size() && !values.get(index).isEmpty();
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
