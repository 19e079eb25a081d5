package org.wsgi4j.cli.serve;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.wsgi.ErrorLogScope;

/**
 * One message for the error log and what its format items are made of.
 *
 * @param time when it was logged
 * @param module the module name httpd would write ({@code wsgi}, {@code core}, {@code wsgi4j})
 * @param level httpd's level number: 0 emerg, 3 error, 4 warn, 5 notice, 6 info, 7 debug, 8 trace1
 * @param pid the process id
 * @param thread the logging thread's id
 * @param message the message text (escaped when written)
 * @param source the Java source file and line of the log call, {@code File.java(12)}, if known
 * @param serverName the ServerName of the server the message belongs to ({@code %v})
 * @param request the request the message was logged for, if any
 */
record ErrorLogLine(
    Instant time,
    String module,
    int level,
    long pid,
    long thread,
    String message,
    Optional<String> source,
    String serverName,
    Optional<ErrorLogScope.Request> request) {

  private static final String[] LEVELS = {
    "emerg", "alert", "crit", "error", "warn", "notice", "info", "debug", "trace1", "trace2",
    "trace3", "trace4", "trace5", "trace6", "trace7", "trace8"
  };
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT);
  private static final DateTimeFormatter CTIME_USEC =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSSSSS yyyy", Locale.ROOT);
  private static final DateTimeFormatter COMPACT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter COMPACT_USEC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  /** httpd's name of a level number. */
  static String levelName(int level) {
    return LEVELS[Math.max(0, Math.min(LEVELS.length - 1, level))];
  }

  /** The value of item {@code %{arg}letter}; empty when it has none. */
  String item(char letter, String arg) {
    return switch (letter) {
      case 't' -> time(arg);
      case 'l' -> levelName(level);
      case 'm' -> module;
      case 'P' -> Long.toString(pid);
      case 'T' -> Long.toString(thread);
      case 'a' -> request.map(ErrorLogLine::client).orElse("");
      case 'A' -> request.map(ErrorLogLine::local).orElse("");
      case 'e' -> request.flatMap(r -> r.variable(arg)).map(ErrorLogLine::escape).orElse("");
      case 'i' -> request.flatMap(r -> r.header(arg)).map(ErrorLogLine::escape).orElse("");
      case 'F' -> source.orElse("");
      case 'L' -> request.map(r -> r.environ().getOrDefault("mod_wsgi.request_id", "")).orElse("");
      case 'v' -> serverName;
      case 'V' -> request.map(r -> r.environ().getOrDefault("SERVER_NAME", "")).orElse("");
      // %E (the APR status of a failed call) has no counterpart in Java; %k and %n are not known.
      default -> "";
    };
  }

  private String time(String arg) {
    boolean usec = arg.indexOf('u') >= 0;
    boolean compact = arg.indexOf('c') >= 0;
    ZonedDateTime when = ZonedDateTime.ofInstant(time, ZoneId.systemDefault());
    return when.format(compact ? (usec ? COMPACT_USEC : COMPACT) : (usec ? CTIME_USEC : CTIME));
  }

  private static String client(ErrorLogScope.Request request) {
    return request.environ().getOrDefault("REMOTE_ADDR", "")
        + ":"
        + request.environ().getOrDefault("REMOTE_PORT", "0");
  }

  private static String local(ErrorLogScope.Request request) {
    String address = request.environ().getOrDefault("SERVER_ADDR", "");
    return address.isEmpty()
        ? ""
        : address + ":" + request.environ().getOrDefault("mod_wsgi.listener_port", "0");
  }

  /**
   * httpd's format when no {@code ErrorLogFormat} is set: {@code [time] [module:level] [pid P:tid
   * T] [client A:P] message, referer: R}.
   */
  String renderDefault() {
    StringBuilder out = new StringBuilder(96 + message.length());
    out.append('[').append(time("u")).append("] [");
    out.append(module).append(':').append(levelName(level));
    out.append("] [pid ").append(pid).append(":tid ").append(thread).append("] ");
    if (level >= 7 && source.isPresent()) {
      out.append(source.get()).append(": ");
    }
    request.ifPresent(r -> out.append("[client ").append(client(r)).append("] "));
    out.append(escape(message));
    request
        .flatMap(r -> r.header("Referer"))
        .ifPresent(referer -> out.append(", referer: ").append(escape(referer)));
    return out.toString();
  }

  /**
   * httpd's escaping of error log text ({@code ap_escape_errorlog_item}): a backslash doubled,
   * control characters as {@code \n}, {@code \t} and so on, other bytes outside printable ASCII as
   * {@code \xhh}; quotes are kept.
   */
  static String escape(String text) {
    int i = 0;
    while (i < text.length() && plain(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    while (i < text.length()) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c < 0x80 && plain((char) c)) {
        out.append((char) c);
        continue;
      }
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0B -> out.append("\\v");
        default -> {
          // Text up to U+00FF holds bytes (PEP 3333's latin-1 view of a Python 2 byte string);
          // beyond it, the UTF-8 bytes of a unicode string.
          byte[] bytes =
              c <= 0xFF
                  ? new byte[] {(byte) c}
                  : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
          for (byte b : bytes) {
            out.append(String.format(Locale.ROOT, "\\x%02x", b & 0xFF));
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean plain(char c) {
    return c >= 0x20 && c < 0x7F && c != '\\';
  }
}
