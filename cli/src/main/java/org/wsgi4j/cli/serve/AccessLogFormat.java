package org.wsgi4j.cli.serve;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.source.Diagnostic;

/**
 * One compiled {@code LogFormat} of mod_log_config (recorded against httpd 2.4 in the serve kit's
 * {@code logs} case). Supported: {@code %%}, {@code %a}, {@code %A}, {@code %b}, {@code %B}, {@code
 * %D}, {@code %h} (the address: no HostnameLookups), {@code %H}, {@code %{NAME}i}, {@code %l}
 * ({@code -}: no identd), {@code %m}, {@code %{NAME}o}, {@code %O}, {@code %p}, {@code %q}, {@code
 * %r}, {@code %s}, {@code %>s}, {@code %t}, {@code %T}, {@code %u}, {@code %U}, {@code %v}, {@code
 * %V}, {@code %X}. Anything else (e.g. {@code %I}, {@code %{c}a}, {@code %{format}t}) is written as
 * {@code -} and reported once as W150 when the format is read: never a wrong value.
 */
final class AccessLogFormat {
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
  private static final String SUPPORTED = "aAbBDhHilmoOpqrstTuUvVX";

  /** What one log line is made of. */
  record Exchange(
      Request request, Response response, Optional<RoutingDecision> decision, Host host) {}

  /** The server that answered, as the log names it. */
  record Host(String name, int port) {}

  private final ImmutableList<Function<Exchange, String>> parts;

  private AccessLogFormat(List<Function<Exchange, String>> parts) {
    this.parts = ImmutableList.copyOf(parts);
  }

  String line(Exchange exchange) {
    StringBuilder line = new StringBuilder();
    for (Function<Exchange, String> part : parts) {
      line.append(part.apply(exchange));
    }
    return line.toString();
  }

  /** Compiles a LogFormat string (as httpd's parse_log_item does, minus status conditions). */
  static AccessLogFormat compile(String format) {
    List<Function<Exchange, String>> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (Item item : items(format)) {
      if (item.code == 0) {
        literal.append(item.argument);
        continue;
      }
      if (literal.length() > 0) {
        String text = literal.toString();
        parts.add(e -> text);
        literal.setLength(0);
      }
      parts.add(item(item.code, item.argument));
    }
    if (literal.length() > 0) {
      String text = literal.toString();
      parts.add(e -> text);
    }
    return new AccessLogFormat(parts);
  }

  /** W150 for every directive of {@code target}'s format that is written as {@code -}. */
  static List<Diagnostic> unsupported(ServerDirectives.LogTarget target) {
    List<Diagnostic> notes = new ArrayList<>();
    for (Item item : items(target.format())) {
      if (item.code == 0 || supported(item.code, item.argument)) {
        continue;
      }
      String written = "%" + (item.argument == null ? "" : "{" + item.argument + "}") + item.code;
      String why =
          item.code == 'I'
              ? " (bytes received with headers: the embedded server cannot count them per request)"
              : "";
      notes.add(
          Diagnostic.of(
              org.wsgi4j.source.DiagnosticCode.W150,
              target.span(),
              "log format item "
                  + written
                  + " is not supported by wsgi4j serve"
                  + why
                  + ": it is written as -"));
    }
    return notes;
  }

  private static boolean supported(char code, String argument) {
    if (SUPPORTED.indexOf(code) < 0) {
      return false;
    }
    return switch (code) {
      case 'i', 'o' -> argument != null;
      default -> argument == null;
    };
  }

  /** One literal character ({@code code} 0, the text in argument) or one %-directive. */
  private record Item(char code, String argument) {}

  private static List<Item> items(String format) {
    List<Item> items = new ArrayList<>();
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        if (c == '\\' && i + 1 < format.length()) {
          items.add(new Item((char) 0, String.valueOf(escape(format.charAt(i + 1)))));
          i += 2;
        } else {
          items.add(new Item((char) 0, String.valueOf(c)));
          i++;
        }
        continue;
      }
      i++;
      String argument = null;
      // Status-code conditions (%400,501{User-agent}i) are skipped; < and > choose the original
      // or the final request, which are the same here (no internal redirects reach the log).
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
      items.add(code == '%' ? new Item((char) 0, "%") : new Item(code, argument));
    }
    return items;
  }

  private static char escape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      default -> c;
    };
  }

  private static Function<Exchange, String> item(char code, String argument) {
    if (!supported(code, argument)) {
      return e -> "-";
    }
    return switch (code) {
      case 'a', 'h' -> e -> Request.getRemoteAddr(e.request());
      case 'A' -> e -> Request.getLocalAddr(e.request());
      case 'b' -> e -> clf(bodyBytes(e));
      case 'B' -> e -> Long.toString(bodyBytes(e));
      case 'O' -> e -> Long.toString(ConnectionBytes.sentFor(e.request()));
      case 'D' -> e -> Long.toString(elapsed(e.request(), TimeUnit.MICROSECONDS));
      case 'T' -> e -> Long.toString(elapsed(e.request(), TimeUnit.SECONDS));
      case 'H' -> e -> e.request().getConnectionMetaData().getProtocol();
      case 'm' -> e -> escapeValue(e.request().getMethod());
      case 'q' ->
          e -> {
            String query = e.request().getHttpURI().getQuery();
            return query == null ? "" : escapeValue("?" + query);
          };
      case 'U' -> e -> escapeValue(path(e));
      case 'r' -> e -> escapeValue(RequestLineText.of(e.request()));
      case 's' -> e -> Integer.toString(e.response().getStatus());
      case 't' -> new ClfTime();
      case 'p' -> e -> Integer.toString(e.host().port());
      case 'u' ->
          e -> RemoteUser.of(e.decision(), e.request()).map(AccessLogFormat::user).orElse("-");
      case 'v' -> e -> escapeValue(e.host().name());
      case 'V' ->
          e ->
              escapeValue(
                  e.decision()
                      .map(d -> d.facts().serverName())
                      .filter(name -> !name.isEmpty())
                      .orElseGet(() -> Request.getServerName(e.request())));
      case 'X' -> e -> e.request().getConnectionMetaData().isPersistent() ? "+" : "-";
      case 'i' ->
          e -> {
            HttpField field = e.request().getHeaders().getField(argument);
            return field == null ? "-" : escapeValue(field.getValue());
          };
      case 'o' ->
          e -> {
            String value = e.response().getHeaders().get(argument);
            return value == null ? "-" : escapeValue(value);
          };
      default -> e -> "-";
    };
  }

  /**
   * {@code %t}: the request's second in httpd's format. Formatted once per second, not per request
   * (a date-time format is the dearest part of a log line).
   */
  private static final class ClfTime implements Function<Exchange, String> {
    /** A second since the epoch and its text. */
    private record Stamp(long second, String text) {}

    private volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

    @Override
    public String apply(Exchange e) {
      long second = Math.floorDiv(Request.getTimeStamp(e.request()), 1000L);
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

  /** httpd writes an empty user name as two double quotes. */
  private static String user(String name) {
    return name.isEmpty() ? "\"\"" : escapeValue(name);
  }

  /** {@code r->uri}: the decoded path the router worked on; {@code *} for {@code OPTIONS *}. */
  private static String path(Exchange e) {
    Optional<String> routed = e.decision().map(d -> d.facts().uri()).filter(u -> !u.isEmpty());
    if (routed.isPresent()) {
      return routed.get();
    }
    String path = e.request().getHttpURI().getDecodedPath();
    return path == null || path.isEmpty() ? "*" : RequestLineText.asSentBytes(path);
  }

  /** Body bytes sent: none for HEAD (Jetty counts what the application wrote and it dropped). */
  private static long bodyBytes(Exchange e) {
    return e.request().getMethod().equals("HEAD")
        ? 0
        : Response.getContentBytesWritten(e.response());
  }

  private static long elapsed(Request request, TimeUnit unit) {
    long nanos = System.nanoTime() - request.getBeginNanoTime();
    return unit.convert(nanos, TimeUnit.NANOSECONDS);
  }

  private static String clf(long bytes) {
    return bytes == 0 ? "-" : Long.toString(bytes);
  }

  /**
   * httpd's ap_escape_logitem: quotes and backslashes get a backslash, {@code \b \n \r \t \v} their
   * C escapes, other control characters and every byte above 0x7E {@code \xhh}. Characters here
   * stand for the bytes received (ISO-8859-1), so a character above 0xFF is escaped as its UTF-8
   * bytes.
   */
  static String escapeValue(String value) {
    StringBuilder escaped = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        if (escaped != null) {
          escaped.append(c);
        }
        continue;
      }
      if (escaped == null) {
        escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      switch (c) {
        case '"', '\\' -> escaped.append('\\').append(c);
        case '\b' -> escaped.append("\\b");
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        case 0x0b -> escaped.append("\\v");
        default -> {
          byte[] bytes =
              c <= 0xff
                  ? new byte[] {(byte) c}
                  : String.valueOf(c).getBytes(StandardCharsets.UTF_8);
          for (byte b : bytes) {
            escaped.append(String.format(Locale.ROOT, "\\x%02x", b & 0xff));
          }
        }
      }
    }
    return escaped == null ? value : escaped.toString();
  }
}
