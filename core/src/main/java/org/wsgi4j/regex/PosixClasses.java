package org.wsgi4j.regex;

import com.google.common.collect.ImmutableMap;

/**
 * PCRE's POSIX bracket classes ({@code [:alpha:]}) as Java class escapes, ASCII only as in PCRE.
 */
final class PosixClasses {
  private static final ImmutableMap<String, String> JAVA =
      ImmutableMap.<String, String>builder()
          .put("alpha", "\\p{Alpha}")
          .put("digit", "\\p{Digit}")
          .put("alnum", "\\p{Alnum}")
          .put("upper", "\\p{Upper}")
          .put("lower", "\\p{Lower}")
          .put("space", "\\s")
          .put("blank", "\\p{Blank}")
          .put("punct", "\\p{Punct}")
          .put("print", "\\p{Print}")
          .put("graph", "\\p{Graph}")
          .put("cntrl", "\\p{Cntrl}")
          .put("xdigit", "\\p{XDigit}")
          .put("word", "\\w")
          .put("ascii", "\\p{ASCII}")
          .buildOrThrow();

  private PosixClasses() {}

  static String toJava(String name) {
    // Negated forms ([:^alpha:]) have no exact Java spelling inside a larger class: refused.
    return JAVA.get(name);
  }
}
