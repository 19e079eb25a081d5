package org.wsgi4j.cli.serve;

import com.google.common.collect.ImmutableMap;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.wsgi4j.wsgi.ErrorLogScope;

/**
 * The error log in httpd 2.4's default {@code ErrorLogFormat}: {@code [Wed Oct 11 14:32:52.123456
 * 2026] [wsgi:error] [pid 1234:tid 5678] message}. Everything wsgi4j logs (the WSGI applications'
 * {@code wsgi.errors} and tracebacks under {@code wsgi}, the rest under {@code wsgi4j}) goes here,
 * filtered by the configuration's {@code LogLevel}. What a request's application logs goes to the
 * {@code ErrorLog} of the virtual host that served the request when it has one ({@link
 * ErrorLogScope}), as httpd + mod_wsgi write it; everything else to the main server's.
 */
final class ApacheErrorLog extends Handler {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSSSSS yyyy", Locale.ROOT);
  private static final Logger ROOT = Logger.getLogger("org.wsgi4j");

  private final LogSink sink;
  private final PrintStream out;
  private final ImmutableMap<String, LogSink> hosts;
  private final long pid = ProcessHandle.current().pid();

  private ApacheErrorLog(LogSink sink, ImmutableMap<String, LogSink> hosts, Level level) {
    this.sink = sink;
    this.out = sink.stream();
    this.hosts = hosts;
    setLevel(level);
  }

  /** Writes to {@code sink} (a file, a piped program or stderr) and takes over wsgi4j's logging. */
  static ApacheErrorLog open(LogSink sink, String logLevel) {
    return open(sink, ImmutableMap.of(), logLevel);
  }

  /**
   * @param hosts the error logs of virtual hosts that have their own, by lower-case ServerName
   */
  static ApacheErrorLog open(LogSink sink, ImmutableMap<String, LogSink> hosts, String logLevel) {
    Level level = level(logLevel);
    ApacheErrorLog log = new ApacheErrorLog(sink, hosts, level);
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
    // httpd writes notices whatever the LogLevel (start, stop, graceful restart).
    write(out, "core", "notice", message, Thread.currentThread().getId(), Instant.now());
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
    String message = record.getMessage();
    if (record.getParameters() != null && message != null && message.contains("{")) {
      message = java.text.MessageFormat.format(message, record.getParameters());
    }
    if (record.getThrown() != null) {
      message = message + ": " + record.getThrown();
    }
    // What an application writes to wsgi.errors is an error in httpd's log, whatever its text.
    String severity =
        "org.wsgi4j.wsgi.errors".equals(record.getLoggerName())
            ? "error"
            : severity(record.getLevel());
    write(
        streamOfCurrentRequest(),
        module(record.getLoggerName()),
        severity,
        message,
        record.getLongThreadID(),
        record.getInstant());
  }

  /** The log of the virtual host the logging thread works for, else the main server's. */
  private PrintStream streamOfCurrentRequest() {
    if (hosts.isEmpty()) {
      return out;
    }
    return ErrorLogScope.virtualHost()
        .map(name -> hosts.get(name.toLowerCase(Locale.ROOT)))
        .map(LogSink::stream)
        .orElse(out);
  }

  private synchronized void write(
      PrintStream out, String module, String severity, String message, long thread, Instant when) {
    String time = ZonedDateTime.ofInstant(when, ZoneId.systemDefault()).format(TIME);
    // One log line per line of the message, as mod_wsgi writes wsgi.errors.
    for (String line : String.valueOf(message).split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      out.println(
          "[" + time + "] [" + module + ":" + severity + "] [pid " + pid + ":tid " + thread + "] "
              + line);
    }
  }

  private static String module(String loggerName) {
    return loggerName != null && loggerName.startsWith("org.wsgi4j.wsgi") ? "wsgi" : "wsgi4j";
  }

  private static String severity(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return "error";
    } else if (level.intValue() >= Level.WARNING.intValue()) {
      return "warn";
    } else if (level.intValue() >= Level.INFO.intValue()) {
      return "info";
    } else if (level.intValue() >= Level.FINE.intValue()) {
      return "debug";
    }
    return "trace1";
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
