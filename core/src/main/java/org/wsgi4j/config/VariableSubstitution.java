package org.wsgi4j.config;

import java.util.function.Function;

/**
 * httpd's {@code ap_resolve_env}: every {@code ${NAME}} of a logical line is replaced before the
 * line is tokenized. The first {@code }} ends the name; a name that is not defined is left as
 * written (httpd warns, except for names with a colon, which RewriteMap's {@code ${map:key}} needs
 * to survive).
 */
final class VariableSubstitution {
  /** The substituted text and, for each of its characters, the offset it came from. */
  static final class Result {
    private final String text;
    private final int[] sourceOffsets;

    Result(String text, int[] sourceOffsets) {
      this.text = text;
      this.sourceOffsets = sourceOffsets;
    }

    String text() {
      return text;
    }

    /** The offset in the original line of the character at {@code index} of {@link #text}. */
    int sourceOffset(int index) {
      return index < sourceOffsets.length ? sourceOffsets[index] : sourceOffsets.length;
    }
  }

  private VariableSubstitution() {}

  static Result apply(String line, Function<String, String> lookup, UndefinedListener undefined) {
    StringBuilder out = new StringBuilder(line.length());
    int[] offsets = new int[line.length() * 2 + 16];
    int i = 0;
    while (i < line.length()) {
      int end = line.startsWith("${", i) ? line.indexOf('}', i + 2) : -1;
      if (end > 0) {
        String name = line.substring(i + 2, end);
        String value = lookup.apply(name);
        if (value != null) {
          for (int k = 0; k < value.length(); k++) {
            offsets = put(offsets, out.length(), i);
            out.append(value.charAt(k));
          }
          i = end + 1;
          continue;
        }
        if (name.indexOf(':') < 0) {
          undefined.undefined(name, i);
        }
      }
      offsets = put(offsets, out.length(), i);
      out.append(line.charAt(i));
      i++;
    }
    int[] exact = new int[out.length()];
    System.arraycopy(offsets, 0, exact, 0, out.length());
    return new Result(out.toString(), exact);
  }

  private static int[] put(int[] offsets, int index, int value) {
    int[] target = offsets;
    if (index >= target.length) {
      int[] grown = new int[target.length * 2];
      System.arraycopy(target, 0, grown, 0, target.length);
      target = grown;
    }
    target[index] = value;
    return target;
  }

  @FunctionalInterface
  interface UndefinedListener {
    void undefined(String name, int offset);
  }
}
