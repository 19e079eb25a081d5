package org.wsgi4j.cli.serve;

import com.google.common.collect.ImmutableMap;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.wsgi4j.wsgi.ErrorLogScope;

/**
 * The error log in each server's {@code ErrorLogFormat} ({@link ErrorLogFormats}; httpd 2.4's
 * default {@code [Wed Oct 11 14:32:52.123456 2026] [wsgi:error] [pid 1234:tid 5678] [client A:P]
 * message} without one). Everything wsgi4j logs (the WSGI applications' {@code wsgi.errors} and
 * tracebacks under {@code wsgi}, httpd's own lines under their module's name, the rest under {@code
 * wsgi4j}) goes here, filtered by the configuration's {@code LogLevel}. What is logged for a
 * request goes to the {@code ErrorLog} of the virtual host that served it when it has one ({@link
 * ErrorLogScope}), as httpd + mod_wsgi write it; everything else to the main server's.
 */
final class ApacheErrorLog extends Handler {
  private static final Logger ROOT = Logger.getLogger("org.wsgi4j");

  private final LogSink sink;
  private final PrintStream out;
  private final ImmutableMap<String, LogSink> hosts;
  private final ErrorLogFormats formats;
  private final long pid = ProcessHandle.current().pid();

  private ApacheErrorLog(
      LogSink sink, ImmutableMap<String, LogSink> hosts, ErrorLogFormats formats, Level level) {
    this.sink = sink;
    this.out = sink.stream();
    this.hosts = hosts;
    this.formats = formats;
    setLevel(level);
  }

  /** Writes to {@code sink} (a file, a piped program or stderr) and takes over wsgi4j's logging. */
  static ApacheErrorLog open(LogSink sink, String logLevel) {
    return open(sink, ImmutableMap.of(), ErrorLogFormats.DEFAULT, logLevel);
  }

  /**
   * @param hosts the error logs of virtual hosts that have their own, by lower-case ServerName
   * @param formats the {@code ErrorLogFormat} of each server
   */
  static ApacheErrorLog open(
      LogSink sink, ImmutableMap<String, LogSink> hosts, ErrorLogFormats formats, String logLevel) {
    Level level = level(logLevel);
    ApacheErrorLog log = new ApacheErrorLog(sink, hosts, formats, level);
    ROOT.addHandler(log);
    ROOT.setUseParentHandlers(false);
    ROOT.setLevel(level);
    return log;
  }

  /** httpd's LogLevel names to java.util.logging levels (trace1..8 are all FINEST). */
  static Level level(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "emerg", "alert", "crit", "error" -> Level.SEVERE;
      case "warn" -> Level.WARNING;
      case "notice", "info" -> Level.INFO;
      case "debug" -> Level.FINE;
      default -> name.toLowerCase(Locale.ROOT).startsWith("trace") ? Level.FINEST : Level.WARNING;
    };
  }

  void notice(String message) {
    // httpd writes notices whatever the LogLevel (start, stop, graceful restart), for the main
    // server.
    write(
        out,
        new ErrorLogLine(
            Instant.now(),
            "core",
            NOTICE,
            pid,
            Thread.currentThread().getId(),
            message,
            Optional.empty(),
            formats.mainServerName(),
            Optional.empty()));
  }

  void warn(String message) {
    ROOT.warning(message);
  }

  void error(String message) {
    ROOT.severe(message);
  }

  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    Optional<ErrorLogScope.Request> request = ErrorLogScope.current();
    boolean applicationText = "org.wsgi4j.wsgi.errors".equals(record.getLoggerName());
    String message = record.getMessage();
    Object[] parameters = record.getParameters();
    if (applicationText && request.isPresent() && parameters != null && parameters.length == 2) {
      // wsgi.errors names the request in front of each line for other hosts' logs; here the
      // request's items come from the format ([client ...] in the default one), as in httpd.
      message = String.valueOf(parameters[1]);
    } else if (parameters != null && message != null && message.contains("{")) {
      message = java.text.MessageFormat.format(message, parameters);
    }
    if (record.getThrown() != null) {
      message = message + ": " + record.getThrown();
    }
    // What an application writes to wsgi.errors is an error in httpd's log, whatever its text.
    int level = applicationText ? ERROR : level(record.getLevel());
    Optional<String> host = request.flatMap(ErrorLogScope.Request::virtualHost);
    ErrorLogFormats.Server server = formats.server(host);
    Optional<String> source =
        server.needsSource(level) ? Optional.ofNullable(caller()) : Optional.empty();
    // One log line per line of the message, as mod_wsgi writes wsgi.errors.
    PrintStream target = streamOf(host);
    for (String text : String.valueOf(message).split("\n", -1)) {
      if (!text.isEmpty()) {
        write(
            target,
            new ErrorLogLine(
                record.getInstant(),
                module(record.getLoggerName()),
                level,
                pid,
                record.getLongThreadID(),
                text,
                source,
                server.name(),
                request));
      }
    }
  }

  /** The log of the virtual host the logging thread works for, else the main server's. */
  private PrintStream streamOf(Optional<String> host) {
    if (hosts.isEmpty() || host.isEmpty()) {
      return out;
    }
    LogSink own = hosts.get(host.get().toLowerCase(Locale.ROOT));
    return own == null ? out : own.stream();
  }

  private synchronized void write(PrintStream out, ErrorLogLine line) {
    Optional<String> text =
        formats.server(line.request().flatMap(r -> r.virtualHost())).render(line);
    text.ifPresent(out::println);
  }

  private static String module(String loggerName) {
    if (loggerName != null && loggerName.startsWith(HTTPD_MODULE)) {
      // The lines wsgi4j writes in an httpd module's words carry its name (authz_core, ...).
      return loggerName.substring(HTTPD_MODULE.length());
    }
    return loggerName != null && loggerName.startsWith("org.wsgi4j.wsgi") ? "wsgi" : "wsgi4j";
  }

  private static final String HTTPD_MODULE = "org.wsgi4j.httpd.";

  private static final int ERROR = 3;
  private static final int NOTICE = 5;

  /** httpd's level number of a java.util.logging level. */
  private static int level(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return ERROR;
    } else if (level.intValue() >= Level.WARNING.intValue()) {
      return 4;
    } else if (level.intValue() >= Level.INFO.intValue()) {
      return 6;
    } else if (level.intValue() >= Level.FINE.intValue()) {
      return 7;
    }
    return 8;
  }

  /**
   * The Java source file and line that called the logger ({@code %F}), as {@code
   * WsgiErrors.java(71)}: the first frame outside java.util.logging and this class.
   */
  private static String caller() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .filter(
                        f ->
                            !f.getClassName().startsWith("java.util.logging.")
                                && !f.getClassName().equals(ApacheErrorLog.class.getName()))
                    .findFirst()
                    .map(f -> f.getFileName() + "(" + f.getLineNumber() + ")")
                    .orElse(null));
  }

  @Override
  public void flush() {
    out.flush();
    hosts.values().forEach(host -> host.stream().flush());
  }

  /**
   * java.util.logging's own shutdown hook closes every handler, possibly while the server is still
   * draining: the file stays open for the server's last lines, and {@link #release} closes it.
   */
  @Override
  public void close() {
    flush();
  }

  /** Detaches from wsgi4j's logging and closes the file (the server has stopped). */
  void release() {
    ROOT.removeHandler(this);
    if (Arrays.stream(ROOT.getHandlers()).noneMatch(h -> h instanceof ApacheErrorLog)) {
      // The last server in this JVM is gone: wsgi4j logs through the usual handlers again.
      ROOT.setUseParentHandlers(true);
      ROOT.setLevel(null);
    }
    sink.close();
    // Hosts that name the same file share one sink (possibly the main server's).
    java.util.Set<LogSink> closed =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    closed.add(sink);
    for (LogSink host : hosts.values()) {
      if (closed.add(host)) {
        host.close();
      }
    }
  }
}
