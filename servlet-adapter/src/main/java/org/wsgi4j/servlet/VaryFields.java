package org.wsgi4j.servlet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * httpd's merge of a response's Vary fields into one before it is sent (the HTTP header filter's
 * {@code fixup_vary}), recorded in the serve kit's {@code vary-merge} case: every field in order
 * (mod_rewrite's, added before the handler ran, first), split at commas and whitespace, empty names
 * dropped, a name repeated in any case kept once as first written, joined by "," without spaces.
 * Fields that hold no name at all are left as they are.
 */
final class VaryFields {
  private VaryFields() {}

  /** The one field to send instead of {@code fields}, or empty to leave them alone. */
  static Optional<String> merge(List<String> fields) {
    Map<String, String> names = new LinkedHashMap<>();
    for (String field : fields) {
      int i = 0;
      while (i < field.length()) {
        while (i < field.length() && separates(field.charAt(i))) {
          i++;
        }
        int start = i;
        while (i < field.length() && !separates(field.charAt(i))) {
          i++;
        }
        if (i > start) {
          String name = field.substring(start, i);
          names.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
        }
      }
    }
    return names.isEmpty() ? Optional.empty() : Optional.of(String.join(",", names.values()));
  }

  private static boolean separates(char c) {
    return c == ',' || Character.isWhitespace(c);
  }

  /** {@code existing} then {@code added}, as one list. */
  static List<String> concat(Iterable<String> existing, List<String> added) {
    List<String> all = new ArrayList<>();
    existing.forEach(all::add);
    all.addAll(added);
    return all;
  }
}
