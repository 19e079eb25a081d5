package org.wsgi4j.cli.serve;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.config.ConfigReader;
import org.wsgi4j.config.ExpandedConfig;
import org.wsgi4j.config.ReadOptions;
import org.wsgi4j.directive.DirectiveCatalogue;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.source.DiagnosticCode;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.source.SourceSpan;
import org.wsgi4j.syntax.ConfNode;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;

/**
 * The server-level directives that the routing model leaves out because they change neither access
 * nor routing, but that the embedded server acts on: logs, timeouts and keep-alive. Connection
 * settings are the main server's, or else the first virtual host's that sets them; logs are kept
 * per virtual host, as httpd writes them.
 *
 * @param logFormats {@code LogFormat} nicknames and their formats (httpd defines none itself:
 *     Debian's apache2.conf defines {@code common}, {@code combined} and {@code vhost_combined})
 * @param logs where each server's access and error logs go
 * @param timeout {@code Timeout} (httpd's default 60 s)
 * @param keepAlive {@code KeepAlive} (default on)
 * @param keepAliveTimeout {@code KeepAliveTimeout} (default 5 s)
 * @param maxKeepAliveRequests {@code MaxKeepAliveRequests} (default 100; 0 for unlimited)
 * @param readTimeouts mod_reqtimeout's {@code RequestReadTimeout}
 * @param logLevel the main level of {@code LogLevel} (default {@code warn})
 * @param serverRoot the ServerRoot that relative log paths resolve against
 * @param notes what serve does not carry out as httpd would (W150), with positions
 * @param errorFormats the {@code ErrorLogFormat} of each server
 */
public record ServerDirectives(
    ImmutableMap<String, String> logFormats,
    LogPlan logs,
    Duration timeout,
    boolean keepAlive,
    Duration keepAliveTimeout,
    int maxKeepAliveRequests,
    ReadTimeouts readTimeouts,
    String logLevel,
    Path serverRoot,
    ImmutableList<Diagnostic> notes,
    ErrorLogFormats errorFormats) {

  /**
   * httpd's compiled-in default format (used when no {@code LogFormat} without nickname is set).
   */
  static final String COMMON = "%h %l %u %t \"%r\" %>s %b";

  /**
   * {@code RequestReadTimeout header=20-40,MinRate=500 body=20,MinRate=500} (httpd's defaults).
   *
   * @param header the most time for a request head (the upper bound of the range)
   * @param body the time for a body before {@code MinRate} extensions
   * @param bodyMinRate bytes per second that extend the body timeout by one second each
   */
  public record ReadTimeouts(Duration header, Duration body, long bodyMinRate) {}

  /** Where one {@code CustomLog} writes and in which format (a nickname already resolved). */
  public record LogTarget(String target, String format, SourceSpan span) {}

  /**
   * The access logs of one virtual host.
   *
   * @param serverName its ServerName as written, empty when it has none (it then logs with the main
   *     server's logs)
   * @param access its own {@code CustomLog}s; empty to use the main server's
   * @param error its own {@code ErrorLog} target (a file or a pipe); empty to use the main server's
   */
  public record HostLogs(
      Optional<String> serverName, ImmutableList<LogTarget> access, Optional<String> error) {}

  /**
   * Every log the configuration names.
   *
   * @param mainAccess the main server's {@code CustomLog}s (also used by hosts without their own)
   * @param mainError the main server's {@code ErrorLog} target
   * @param hosts the virtual hosts in configuration order
   * @param mainServerName the main server's ServerName, if set
   */
  public record LogPlan(
      ImmutableList<LogTarget> mainAccess,
      Optional<String> mainError,
      ImmutableList<HostLogs> hosts,
      Optional<String> mainServerName) {

    /** The first access log's format: main server first, else the first virtual host's. */
    String firstFormat() {
      if (!mainAccess.isEmpty()) {
        return mainAccess.get(0).format();
      }
      return hosts.stream()
          .flatMap(h -> h.access().stream())
          .map(LogTarget::format)
          .findFirst()
          .orElse(COMMON);
    }
  }

  /** Reads {@code config} as httpd would (its directives only; the model is loaded separately). */
  public static ServerDirectives read(Path config, ReadOptions options) {
    ExpandedConfig expanded =
        ConfigReader.read(config, options, DirectiveCatalogue.builtIn(), new Diagnostics());
    Map<String, String> formats = new HashMap<>();
    formats.put("", COMMON);
    Map<String, Directive> first = new HashMap<>();
    Map<String, Directive> firstInHost = new HashMap<>();
    List<Directive> mainLogs = new ArrayList<>();
    List<Section> hostSections = new ArrayList<>();
    List<Diagnostic> notes = new ArrayList<>();
    for (ConfNode node : expanded.nodes()) {
      if (node instanceof Directive directive) {
        collect(directive, formats, first, mainLogs);
      } else if (node instanceof Section section
          && section.name().equalsIgnoreCase("VirtualHost")) {
        hostSections.add(section);
        for (ConfNode inner : section.body()) {
          if (inner instanceof Directive directive) {
            collect(directive, formats, firstInHost, new ArrayList<>());
          }
        }
      }
    }
    // httpd looks nicknames up when it opens the logs, after the whole configuration was read.
    ImmutableList<LogTarget> mainAccess = targets(mainLogs, formats);
    ImmutableList.Builder<HostLogs> hosts = ImmutableList.builder();
    Optional<ErrorLogFormat> mainFormat = errorLogFormat(expanded.nodes(), notes);
    Map<String, Optional<ErrorLogFormat>> hostFormats = new java.util.LinkedHashMap<>();
    for (Section section : hostSections) {
      List<Directive> own = new ArrayList<>();
      Directive ownError = null;
      Optional<String> serverName = Optional.empty();
      for (ConfNode inner : section.body()) {
        if (!(inner instanceof Directive directive)) {
          continue;
        }
        String name = directive.name().toLowerCase(Locale.ROOT);
        if (name.equals("servername") && !directive.args().isEmpty() && serverName.isEmpty()) {
          serverName = Optional.of(directive.value(0));
        } else if (name.equals("customlog") || name.equals("transferlog")) {
          own.add(directive);
        } else if (name.equals("errorlog") && !directive.args().isEmpty()) {
          ownError = directive;
        } else if (name.equals("keepalivetimeout")
            || name.equals("maxkeepaliverequests")
            || name.equals("keepalive")) {
          notes.add(
              note(
                  directive,
                  directive.name()
                      + " in a <VirtualHost> is not applied by wsgi4j serve: connections use the"
                      + " main server's value"));
        }
      }
      Optional<ErrorLogFormat> ownFormat = errorLogFormat(section.body(), notes);
      if (serverName.isPresent()) {
        hostFormats.putIfAbsent(serverName.get(), ownFormat);
      } else if (ownFormat.isPresent()) {
        notes.add(
            note(
                firstNamed(section.body(), "errorlogformat"),
                "ErrorLogFormat in a <VirtualHost> without ServerName is not applied by wsgi4j"
                    + " serve (the router names hosts by ServerName): this host's lines use the"
                    + " main server's format"));
      }
      if (serverName.isEmpty() && !own.isEmpty()) {
        notes.add(
            note(
                own.get(0),
                "CustomLog in a <VirtualHost> without ServerName is not opened by wsgi4j serve"
                    + " (the router names hosts by ServerName): this host logs to the main"
                    + " server's access logs"));
      }
      Optional<String> error = Optional.empty();
      if (ownError != null) {
        if (ownError.value(0).startsWith("syslog")) {
          notes.add(
              note(
                  ownError,
                  "ErrorLog syslog is not supported by wsgi4j serve: this host's messages go to"
                      + " the main server's error log"));
        } else if (serverName.isEmpty()) {
          notes.add(
              note(
                  ownError,
                  "ErrorLog in a <VirtualHost> without ServerName is not opened by wsgi4j serve"
                      + " (the router names hosts by ServerName): this host's messages go to the"
                      + " main server's error log"));
        } else {
          error = Optional.of(ownError.value(0));
        }
      }
      hosts.add(new HostLogs(serverName, targets(own, formats), error));
    }
    // The main server's ErrorLog is its own: a virtual host's is that host's (httpd then logs to
    // the main server's default, logs/error.log under ServerRoot; serve to stderr).
    Directive errorLogDirective = first.get("errorlog");
    firstInHost.forEach(first::putIfAbsent);
    Optional<String> errorLog =
        Optional.ofNullable(errorLogDirective)
            .filter(d -> !d.args().isEmpty())
            .map(d -> d.value(0));
    if (errorLogDirective != null && errorLog.filter(t -> t.startsWith("syslog")).isPresent()) {
      notes.add(
          note(
              errorLogDirective,
              "ErrorLog syslog is not supported by wsgi4j serve: stderr is used"));
    }
    Directive lookups = first.get("hostnamelookups");
    if (lookups != null && !lookups.args().isEmpty() && !lookups.value(0).equalsIgnoreCase("off")) {
      notes.add(
          note(
              lookups,
              "HostnameLookups is not applied by wsgi4j serve: %h is the client's address"));
    }
    for (LogTarget target : allTargets(mainAccess, hosts.build())) {
      notes.addAll(AccessLogFormat.unsupported(target));
    }
    Duration timeout = seconds(first.get("timeout"), 60);
    boolean keepAlive =
        Optional.ofNullable(first.get("keepalive"))
            .filter(d -> !d.args().isEmpty())
            .map(d -> !d.value(0).equalsIgnoreCase("off"))
            .orElse(true);
    Duration keepAliveTimeout = seconds(first.get("keepalivetimeout"), 5);
    int maxKeepAlive = (int) number(first.get("maxkeepaliverequests"), 100);
    Duration header = Duration.ofSeconds(40);
    Duration body = Duration.ofSeconds(20);
    long bodyMinRate = 500;
    Directive reqtimeout = first.get("requestreadtimeout");
    if (reqtimeout != null) {
      for (var arg : reqtimeout.args()) {
        String value = arg.value().toLowerCase(Locale.ROOT);
        if (value.startsWith("header=")) {
          header = upperBound(value.substring(7), header);
        } else if (value.startsWith("body=")) {
          body = upperBound(value.substring(5), body);
          bodyMinRate = minRate(value.substring(5), bodyMinRate);
        }
      }
    }
    Optional<String> mainServerName =
        Optional.ofNullable(first.get("servername"))
            .filter(d -> !d.args().isEmpty() && mainLevel(d, expanded))
            .map(d -> ServerName.host(d.value(0)));
    return new ServerDirectives(
        ImmutableMap.copyOf(formats),
        new LogPlan(mainAccess, errorLog, hosts.build(), mainServerName),
        timeout,
        keepAlive,
        keepAliveTimeout,
        maxKeepAlive,
        new ReadTimeouts(header, body, bodyMinRate),
        logLevel(first.get("loglevel")),
        expanded.serverRoot(),
        ImmutableList.copyOf(notes),
        ErrorLogFormats.of(mainFormat, hostFormats, mainServerName));
  }

  /**
   * The {@code ErrorLogFormat} set directly in {@code nodes} (the last one wins, as in httpd); a
   * format httpd refuses and the once-per-connection and once-per-request formats are reported
   * (W150) and left out.
   */
  private static Optional<ErrorLogFormat> errorLogFormat(
      List<ConfNode> nodes, List<Diagnostic> notes) {
    Optional<ErrorLogFormat> format = Optional.empty();
    for (ConfNode node : nodes) {
      if (!(node instanceof Directive directive)
          || !directive.name().equalsIgnoreCase("ErrorLogFormat")
          || directive.args().isEmpty()) {
        continue;
      }
      if (directive.args().size() > 1) {
        notes.add(
            note(
                directive,
                "ErrorLogFormat "
                    + directive.value(0)
                    + " (once-per-connection and once-per-request lines) is not written by"
                    + " wsgi4j serve"));
        continue;
      }
      try {
        ErrorLogFormat parsed = ErrorLogFormat.parse(directive.value(0));
        format = directive.value(0).isEmpty() ? Optional.empty() : Optional.of(parsed);
        if (!parsed.notKnown().isEmpty()) {
          notes.add(
              note(
                  directive,
                  "ErrorLogFormat items "
                      + parsed.notKnown().stream()
                          .map(
                              c ->
                                  c == 'k'
                                      ? "%k (the connection's keep-alive count)"
                                      : "%n (request notes)")
                          .collect(java.util.stream.Collectors.joining(", "))
                      + " are written as empty by wsgi4j serve"));
        }
      } catch (IllegalArgumentException e) {
        notes.add(
            note(
                directive,
                "ErrorLogFormat not applied by wsgi4j serve (httpd refuses it: "
                    + e.getMessage()
                    + "): httpd's default format is written"));
      }
    }
    return format;
  }

  private static Directive firstNamed(List<ConfNode> nodes, String name) {
    for (ConfNode node : nodes) {
      if (node instanceof Directive directive && directive.name().equalsIgnoreCase(name)) {
        return directive;
      }
    }
    throw new IllegalStateException(name);
  }

  private static boolean mainLevel(Directive directive, ExpandedConfig expanded) {
    return expanded.nodes().contains(directive);
  }

  private static List<LogTarget> allTargets(List<LogTarget> main, List<HostLogs> hosts) {
    List<LogTarget> all = new ArrayList<>(main);
    hosts.forEach(h -> all.addAll(h.access()));
    return all;
  }

  private static ImmutableList<LogTarget> targets(
      List<Directive> directives, Map<String, String> formats) {
    ImmutableList.Builder<LogTarget> targets = ImmutableList.builder();
    for (Directive directive : directives) {
      if (directive.args().isEmpty()) {
        continue;
      }
      String format =
          directive.name().equalsIgnoreCase("TransferLog") || directive.args().size() < 2
              ? formats.get("")
              : formats.getOrDefault(directive.value(1), directive.value(1));
      targets.add(new LogTarget(directive.value(0), format, directive.span()));
    }
    return targets.build();
  }

  static Diagnostic note(Directive directive, String message) {
    return Diagnostic.of(DiagnosticCode.W150, directive.span(), message);
  }

  private static void collect(
      Directive directive,
      Map<String, String> formats,
      Map<String, Directive> first,
      List<Directive> logs) {
    String name = directive.name().toLowerCase(Locale.ROOT);
    if (name.equals("logformat") && !directive.args().isEmpty()) {
      formats.put(directive.args().size() > 1 ? directive.value(1) : "", directive.value(0));
      return;
    }
    if (name.equals("customlog") || name.equals("transferlog")) {
      logs.add(directive);
    }
    first.putIfAbsent(name, directive);
  }

  /** The level without a module prefix ({@code LogLevel info rewrite:trace3} gives info). */
  private static String logLevel(Directive directive) {
    if (directive != null) {
      for (var arg : directive.args()) {
        if (!arg.value().contains(":")) {
          return arg.value();
        }
      }
    }
    return "warn";
  }

  private static long number(Directive directive, long fallback) {
    if (directive == null || directive.args().isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(directive.value(0).trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Duration seconds(Directive directive, long fallback) {
    if (directive == null || directive.args().isEmpty()) {
      return Duration.ofSeconds(fallback);
    }
    try {
      return Duration.ofSeconds(Long.parseLong(directive.value(0).trim()));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(fallback);
    }
  }

  /**
   * {@code 20-40,MinRate=500}: the most time a client can get is the upper bound; {@code 0}
   * switches the timeout off (then Timeout applies).
   */
  private static Duration upperBound(String spec, Duration fallback) {
    String times = spec.split(",", 2)[0];
    String upper = times.contains("-") ? times.substring(times.indexOf('-') + 1) : times;
    try {
      long value = Long.parseLong(upper.trim());
      return value == 0 ? fallback : Duration.ofSeconds(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static long minRate(String spec, long fallback) {
    for (String part : com.google.common.base.Splitter.on(',').split(spec)) {
      if (part.startsWith("minrate=")) {
        try {
          return Long.parseLong(part.substring(8).trim());
        } catch (NumberFormatException e) {
          return fallback;
        }
      }
    }
    return fallback;
  }

  /** A log target as a path: relative to ServerRoot; empty for a pipe or syslog. */
  public Optional<Path> resolve(String target) {
    if (target.startsWith("|") || target.startsWith("syslog")) {
      return Optional.empty();
    }
    return Optional.of(serverRoot.resolve(target));
  }
}
