package org.wsgi4j.servlet;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** HTTP dates as httpd writes them and as apr_date_parse_http reads them. */
final class HttpDates {
  private static final DateTimeFormatter IMF =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /** RFC 1123, RFC 850 (two-digit year) and asctime, the three forms HTTP/1.1 allows. */
  private static final List<DateTimeFormatter> READERS =
      List.of(
          DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss 'GMT'", Locale.US),
          new DateTimeFormatterBuilder()
              .appendPattern("EEEE, dd-MMM-")
              .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
              .appendPattern(" HH:mm:ss 'GMT'")
              .toFormatter(Locale.US),
          DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US));

  private HttpDates() {}

  static String format(long epochSeconds) {
    return IMF.format(Instant.ofEpochSecond(epochSeconds));
  }

  /** Seconds since the epoch, or empty for a value that is not an HTTP date. */
  static OptionalLong parse(String value) {
    String trimmed = value.trim();
    for (DateTimeFormatter reader : READERS) {
      try {
        return OptionalLong.of(LocalDateTime.parse(trimmed, reader).toEpochSecond(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return OptionalLong.empty();
  }
}
