package org.wsgi4j.routing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.text.CNumbers;

/**
 * The {@code Set-Cookie} header of a RewriteRule {@code [CO=...]} flag, built as mod_rewrite builds
 * it: {@code name:value:domain[:lifetime[:path[:secure[:httponly[:samesite]]]]]}, or with {@code ;}
 * as the separator when the value starts with {@code ;}. Without a domain there is no cookie.
 *
 * @param name the cookie name (httpd sets each name once per request)
 * @param header the header value
 */
record RewriteCookie(String name, String header) {
  private static final DateTimeFormatter EXPIRES =
      DateTimeFormatter.ofPattern("EEE, dd-MMM-yyyy HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  static Optional<RewriteCookie> parse(String spec, Instant now) {
    String separator = ":";
    String text = spec;
    if (text.startsWith(";")) {
      separator = ";";
      text = text.substring(1);
    }
    // strtok semantics: empty fields between separators do not count.
    List<String> fields = new ArrayList<>();
    for (String field : text.split(java.util.regex.Pattern.quote(separator), -1)) {
      if (!field.isEmpty()) {
        fields.add(field);
      }
    }
    if (fields.size() < 3) {
      return Optional.empty();
    }
    String name = fields.get(0);
    StringBuilder header =
        new StringBuilder(name).append('=').append(fields.get(1)).append("; path=");
    header.append(fields.size() > 4 ? fields.get(4) : "/");
    header.append("; domain=").append(fields.get(2));
    if (fields.size() > 3) {
      long minutes = CNumbers.atol(fields.get(3));
      if (minutes != 0) {
        header.append("; expires=").append(EXPIRES.format(now.plusSeconds(60 * minutes)));
      }
    }
    if (fields.size() > 5 && truthy(fields.get(5), "secure")) {
      header.append("; secure");
    }
    if (fields.size() > 6 && truthy(fields.get(6), "httponly")) {
      header.append("; HttpOnly");
    }
    if (fields.size() > 7
        && !fields.get(7).equals("0")
        && !fields.get(7).equalsIgnoreCase("false")) {
      header.append("; SameSite=").append(fields.get(7));
    }
    return Optional.of(new RewriteCookie(name, header.toString()));
  }

  private static boolean truthy(String value, String word) {
    return value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase(word);
  }
}
