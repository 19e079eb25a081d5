package org.wsgi4j.text;

/** Numbers read the way httpd and mod_wsgi read them, with the C library. */
public final class CNumbers {
  private CNumbers() {}

  /**
   * C's {@code atol} (and {@code atoi}): leading white space, an optional sign, then the leading
   * digits; 0 when there are none, and anything after the digits ignored ({@code "12ab"} is 12).
   * The magnitude stops growing once it passes {@code Integer.MAX_VALUE}, so a long run of digits
   * cannot overflow.
   */
  public static long atol(String text) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    long value = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i)) && value < Integer.MAX_VALUE) {
      value = value * 10 + (text.charAt(i) - '0');
      i++;
    }
    return negative ? -value : value;
  }
}
