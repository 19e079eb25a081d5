package org.wsgi4j.cli.serve;

import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.config.ConfigReader;
import org.wsgi4j.config.ExpandedConfig;
import org.wsgi4j.config.ReadOptions;
import org.wsgi4j.directive.DirectiveCatalogue;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.syntax.ConfNode;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;

/**
 * The server-level directives that the routing model leaves out because they change neither access
 * nor routing, but that the embedded server acts on: logs, timeouts and keep-alive. One value each
 * for the whole server: the main server's, or else the first virtual host's that sets it (httpd can
 * log per virtual host; wsgi4j serve writes one log).
 *
 * @param logFormats {@code LogFormat} nicknames and their formats (httpd's built-in ones included)
 * @param customLog the first {@code CustomLog}: target and format (a nickname resolved)
 * @param errorLog the {@code ErrorLog} target
 * @param timeout {@code Timeout} (httpd's default 60 s)
 * @param keepAlive {@code KeepAlive} (default on)
 * @param keepAliveTimeout {@code KeepAliveTimeout} (default 5 s)
 * @param readTimeouts mod_reqtimeout's {@code RequestReadTimeout}
 * @param logLevel the main level of {@code LogLevel} (default {@code warn})
 * @param serverRoot the ServerRoot that relative log paths resolve against
 */
public record ServerDirectives(
    ImmutableMap<String, String> logFormats,
    Optional<LogTarget> customLog,
    Optional<String> errorLog,
    Duration timeout,
    boolean keepAlive,
    Duration keepAliveTimeout,
    ReadTimeouts readTimeouts,
    String logLevel,
    Path serverRoot) {

  /** httpd's compiled-in default format ({@code LogFormat} without a nickname sets it). */
  static final String COMMON = "%h %l %u %t \"%r\" %>s %b";

  /**
   * {@code RequestReadTimeout header=20-40,MinRate=500 body=20,MinRate=500} (httpd's defaults).
   *
   * @param header the most time for a request head (the upper bound of the range)
   * @param body the time for a body before {@code MinRate} extensions
   * @param bodyMinRate bytes per second that extend the body timeout by one second each
   */
  public record ReadTimeouts(Duration header, Duration body, long bodyMinRate) {}

  /** Where {@code CustomLog} writes and in which format. */
  public record LogTarget(String target, String format) {}

  /** Reads {@code config} as httpd would (its directives only; the model is loaded separately). */
  public static ServerDirectives read(Path config, ReadOptions options) {
    ExpandedConfig expanded =
        ConfigReader.read(config, options, DirectiveCatalogue.builtIn(), new Diagnostics());
    Map<String, String> formats = new HashMap<>();
    formats.put("common", COMMON);
    formats.put("combined", COMMON + " \"%{Referer}i\" \"%{User-Agent}i\"");
    Map<String, Directive> first = new HashMap<>();
    Map<String, Directive> firstInHost = new HashMap<>();
    for (ConfNode node : expanded.nodes()) {
      if (node instanceof Directive directive) {
        collect(directive, formats, first);
      } else if (node instanceof Section section
          && section.name().equalsIgnoreCase("VirtualHost")) {
        for (ConfNode inner : section.body()) {
          if (inner instanceof Directive directive) {
            collect(directive, formats, firstInHost);
          }
        }
      }
    }
    firstInHost.forEach(first::putIfAbsent);
    Optional<LogTarget> customLog =
        Optional.ofNullable(first.get("customlog"))
            .filter(d -> d.args().size() >= 2)
            .map(d -> new LogTarget(d.value(0), formats.getOrDefault(d.value(1), d.value(1))));
    Optional<String> errorLog =
        Optional.ofNullable(first.get("errorlog"))
            .filter(d -> !d.args().isEmpty())
            .map(d -> d.value(0));
    Duration timeout = seconds(first.get("timeout"), 60);
    boolean keepAlive =
        Optional.ofNullable(first.get("keepalive"))
            .filter(d -> !d.args().isEmpty())
            .map(d -> !d.value(0).equalsIgnoreCase("off"))
            .orElse(true);
    Duration keepAliveTimeout = seconds(first.get("keepalivetimeout"), 5);
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
    return new ServerDirectives(
        ImmutableMap.copyOf(formats),
        customLog,
        errorLog,
        timeout,
        keepAlive,
        keepAliveTimeout,
        new ReadTimeouts(header, body, bodyMinRate),
        logLevel(first.get("loglevel")),
        expanded.serverRoot());
  }

  private static void collect(
      Directive directive, Map<String, String> formats, Map<String, Directive> first) {
    String name = directive.name().toLowerCase(Locale.ROOT);
    if (name.equals("logformat") && !directive.args().isEmpty()) {
      formats.put(directive.args().size() > 1 ? directive.value(1) : "", directive.value(0));
      return;
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
