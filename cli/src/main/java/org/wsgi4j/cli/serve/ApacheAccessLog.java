package org.wsgi4j.cli.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * The access log in a {@code LogFormat} of mod_log_config: {@code common}, {@code combined} or any
 * format made of the directives below. Unsupported directives are written as {@code -}.
 *
 * <p>Supported: {@code %%}, {@code %a}, {@code %A}, {@code %b}, {@code %B}, {@code %D}, {@code %h}
 * (the address: wsgi4j does no HostnameLookups), {@code %H}, {@code %{NAME}i}, {@code %l} ({@code
 * -}: no identd), {@code %m}, {@code %{NAME}o}, {@code %p}, {@code %q}, {@code %r}, {@code %s},
 * {@code %>s}, {@code %t}, {@code %T}, {@code %u}, {@code %U}, {@code %v}, {@code %V}, {@code %X},
 * {@code %I}, {@code %O}.
 */
final class ApacheAccessLog implements RequestLog, AutoCloseable {
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  /** One piece of a compiled format: literal text or a value taken from the exchange. */
  private interface Part extends BiFunction<Request, Response, String> {}

  private final List<Part> parts;
  private final PrintStream out;
  private final boolean ownsStream;

  private ApacheAccessLog(List<Part> parts, PrintStream out, boolean ownsStream) {
    this.parts = parts;
    this.out = out;
    this.ownsStream = ownsStream;
  }

  /** Appends to {@code file}, or writes to stdout when there is none. */
  static ApacheAccessLog open(Optional<Path> file, String format) throws IOException {
    if (file.isEmpty()) {
      return new ApacheAccessLog(compile(format), System.out, false);
    }
    Path parent = file.get().toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    OutputStream stream =
        Files.newOutputStream(file.get(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new ApacheAccessLog(
        compile(format), new PrintStream(stream, true, StandardCharsets.UTF_8), true);
  }

  @Override
  public void log(Request request, Response response) {
    StringBuilder line = new StringBuilder();
    for (Part part : parts) {
      line.append(part.apply(request, response));
    }
    synchronized (out) {
      out.println(line);
    }
  }

  @Override
  public void close() {
    out.flush();
    if (ownsStream) {
      out.close();
    }
  }

  /** Compiles a LogFormat string (as httpd's parse_log_item does, minus conditions). */
  static List<Part> compile(String format) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        literal.append(c == '\\' && i + 1 < format.length() ? escape(format.charAt(++i)) : c);
        i++;
        continue;
      }
      i++;
      String argument = null;
      // Status-code conditions (%400,501{User-agent}i) and the < > modifiers are skipped.
      while (i < format.length() && "<>!,0123456789".indexOf(format.charAt(i)) >= 0) {
        i++;
      }
      if (i < format.length() && format.charAt(i) == '{') {
        int close = format.indexOf('}', i);
        if (close < 0) {
          break;
        }
        argument = format.substring(i + 1, close);
        i = close + 1;
      }
      if (i >= format.length()) {
        break;
      }
      char code = format.charAt(i++);
      if (code == '%') {
        literal.append('%');
        continue;
      }
      if (literal.length() > 0) {
        String text = literal.toString();
        parts.add((q, r) -> text);
        literal.setLength(0);
      }
      parts.add(item(code, argument));
    }
    if (literal.length() > 0) {
      String text = literal.toString();
      parts.add((q, r) -> text);
    }
    return parts;
  }

  private static char escape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      default -> c;
    };
  }

  private static Part item(char code, String argument) {
    return switch (code) {
      case 'a', 'h' -> (q, r) -> Request.getRemoteAddr(q);
      case 'A' -> (q, r) -> Request.getLocalAddr(q);
      case 'b' -> (q, r) -> clf(Response.getContentBytesWritten(r));
      case 'B' -> (q, r) -> Long.toString(Response.getContentBytesWritten(r));
      case 'O' -> (q, r) -> Long.toString(Response.getContentBytesWritten(r));
      case 'I' -> (q, r) -> Long.toString(Request.getContentBytesRead(q));
      case 'D' -> (q, r) -> Long.toString(elapsed(q, TimeUnit.MICROSECONDS));
      case 'T' -> (q, r) -> Long.toString(elapsed(q, TimeUnit.SECONDS));
      case 'H' -> (q, r) -> q.getConnectionMetaData().getProtocol();
      case 'm' -> (q, r) -> q.getMethod();
      case 'q' ->
          (q, r) -> q.getHttpURI().getQuery() == null ? "" : "?" + q.getHttpURI().getQuery();
      case 'U' -> (q, r) -> q.getHttpURI().getPath();
      case 'r' ->
          (q, r) ->
              escapeValue(
                  q.getMethod()
                      + " "
                      + Optional.ofNullable(q.getHttpURI().getPathQuery()).orElse("*")
                      + " "
                      + q.getConnectionMetaData().getProtocol());
      case 's' -> (q, r) -> Integer.toString(r.getStatus());
      case 't' -> new ClfTime();
      case 'p' -> (q, r) -> Integer.toString(Request.getLocalPort(q));
      case 'v', 'V' -> (q, r) -> Request.getServerName(q);
      case 'X' -> (q, r) -> q.getConnectionMetaData().isPersistent() ? "+" : "-";
      case 'i' ->
          (q, r) -> {
            HttpField field = argument == null ? null : q.getHeaders().getField(argument);
            return field == null ? "-" : escapeValue(field.getValue());
          };
      case 'o' ->
          (q, r) -> {
            String value = argument == null ? null : r.getHeaders().get(argument);
            return value == null ? "-" : escapeValue(value);
          };
      default -> (q, r) -> "-";
    };
  }

  /**
   * {@code %t}: the request's second in httpd's format. Formatted once per second, not per request
   * (a date-time format is the dearest part of a log line).
   */
  private static final class ClfTime implements Part {
    /** A second since the epoch and its text. */
    private record Stamp(long second, String text) {}

    private volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

    @Override
    public String apply(Request request, Response response) {
      long second = Math.floorDiv(Request.getTimeStamp(request), 1000L);
      Stamp stamp = last;
      if (stamp.second() != second) {
        stamp = new Stamp(second, format(second));
        last = stamp;
      }
      return stamp.text();
    }

    private static String format(long second) {
      return "["
          + ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneId.systemDefault())
              .format(CLF_TIME)
          + "]";
    }
  }

  private static long elapsed(Request request, TimeUnit unit) {
    long nanos = System.nanoTime() - request.getBeginNanoTime();
    return unit.convert(nanos, TimeUnit.NANOSECONDS);
  }

  private static String clf(long bytes) {
    return bytes == 0 ? "-" : Long.toString(bytes);
  }

  /** httpd escapes quotes, backslashes and control characters in logged request data. */
  static String escapeValue(String value) {
    StringBuilder escaped = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        escaped.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        escaped.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
