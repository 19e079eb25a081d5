package org.wsgi4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.files.LocalFileSystem;
import org.wsgi4j.rewrite.MapFiles;
import org.wsgi4j.routing.FileAuthenticator;
import org.wsgi4j.routing.HostResolver;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.RouteContext;
import org.wsgi4j.routing.Router;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.source.Severity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wsgi4j route}: loads a configuration and decides requests as httpd + mod_wsgi would,
 * explaining each decision step by step. One request from the command line, many from a JSON Lines
 * file, or a whole access log replayed into a summary. Exit code 0 when it decided, 1 when the
 * configuration has errors (httpd would not start), 2 for a usage or I/O problem.
 */
@Command(
    name = "route",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Decide requests as Apache httpd + mod_wsgi would with this configuration, and explain why.",
      "",
      "The request comes from 127.0.0.1 to 127.0.0.1:80 over HTTP/1.1 unless told otherwise. A"
          + " request without a Host header gets 'Host: localhost' (not with --no-host: an"
          + " HTTP/1.1 request without Host is then refused with 400, as httpd does).",
    },
    footer = {
      "",
      "Modes (exactly one):",
      "  METHOD REQUEST-TARGET  one request, e.g. GET '/app/x?y=1'",
      "  --requests FILE.jsonl  one JSON object a line: method, target, headers",
      "                         (name -> string or list of strings), remote_addr,",
      "                         local_port, version; the options are the defaults.",
      "                         One decision a line with --json.",
      "  --access-log FILE      replay an access log (common or combined format)",
      "                         and print a summary; Host as above.",
      "",
      "Exit status: 0 decided, 1 the configuration has errors, 2 usage or input",
      "problem (with --requests: some line was not a request).",
    })
final class RouteCommand implements Callable<Integer> {
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "httpd.conf.")
  Path config;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'NAME: VALUE'",
      description = "A request header; repeat for more (default: Host: localhost).")
  List<String> headers = new ArrayList<>();

  @Option(names = "--no-host", description = "Do not add 'Host: localhost' when Host is missing.")
  boolean noHost;

  @Option(
      names = "--remote-addr",
      paramLabel = "IP",
      defaultValue = "127.0.0.1",
      description = "Client address (default: ${DEFAULT-VALUE}).")
  String remoteAddress;

  @Option(
      names = "--local-addr",
      paramLabel = "IP",
      defaultValue = "127.0.0.1",
      description = "Address the connection arrived on (default: ${DEFAULT-VALUE}).")
  String localAddress;

  @Option(
      names = "--local-port",
      paramLabel = "N",
      defaultValue = "80",
      description = "Port the connection arrived on (default: ${DEFAULT-VALUE}).")
  int localPort;

  @Option(names = "--https", description = "The connection is TLS.")
  boolean secure;

  @Option(
      names = "--protocol",
      paramLabel = "HTTP/x.y",
      defaultValue = "HTTP/1.1",
      description = "Request protocol (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--json", description = "Print JSON instead of an explanation.")
  boolean json;

  @Option(names = "-D", paramLabel = "NAME", description = "Define NAME, as httpd -D NAME.")
  List<String> defines = new ArrayList<>();

  @Option(
      names = {"-d", "--server-root"},
      paramLabel = "DIR",
      description = "ServerRoot for relative paths (default: the folder of FILE).")
  Optional<Path> serverRoot = Optional.empty();

  @Option(
      names = "--env",
      paramLabel = "NAME=VALUE",
      description =
          "An environment variable for $${NAME} in the configuration, PassEnv and %%{ENV:NAME}"
              + " (over the process environment).")
  Map<String, String> environment = new LinkedHashMap<>();

  @Option(
      names = "--dns",
      description = "Resolve client names for host-based access rules (default: no DNS).")
  boolean dns;

  @Option(
      names = "--requests",
      paramLabel = "FILE.jsonl",
      description = "Decide each request of a JSON Lines file ('-': standard input).")
  Optional<Path> requests = Optional.empty();

  @Option(
      names = "--access-log",
      paramLabel = "FILE",
      description = "Replay an Apache access log and print a summary.")
  Optional<Path> accessLog = Optional.empty();

  @Parameters(index = "0", arity = "0..1", paramLabel = "METHOD", description = "GET, POST ...")
  String method;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "REQUEST-TARGET",
      description = "As on the request line: /path?query, an absolute URL, or *.")
  String target;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int modes =
        (method != null ? 1 : 0) + (requests.isPresent() ? 1 : 0) + (accessLog.isPresent() ? 1 : 0);
    if (modes != 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "give exactly one of: METHOD REQUEST-TARGET, --requests FILE, --access-log FILE");
    }
    if (method != null && target == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "missing REQUEST-TARGET after " + method);
    }
    if (localPort < 1 || localPort > 65535) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--local-port must be between 1 and 65535");
    }
    List<Map.Entry<String, String>> parsedHeaders = new ArrayList<>();
    for (String header : headers) {
      Optional<Map.Entry<String, String>> parsed = RequestDefaults.parseHeader(header);
      if (parsed.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--header needs 'Name: value', got '" + header + "'");
      }
      parsedHeaders.add(parsed.get());
    }
    RequestDefaults defaults =
        new RequestDefaults(
            remoteAddress,
            localAddress,
            localPort,
            secure,
            RequestDefaults.protocol(protocol),
            ImmutableList.copyOf(parsedHeaders),
            !noHost);

    if (!Files.isReadable(config)) {
      err.println("wsgi4j route: cannot read " + config);
      err.flush();
      return Main.USAGE_ERROR;
    }
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.putAll(environment);
    ImmutableMap<String, String> processEnvironment = ImmutableMap.copyOf(env);
    LoadOptions options =
        LoadOptions.defaults()
            .withDefines(ImmutableSet.copyOf(defines))
            .withEnvironment(processEnvironment);
    if (serverRoot.isPresent()) {
      options = options.withServerRoot(serverRoot.get());
    }
    LoadResult loaded = ConfigLoader.load(config, options);
    if (loaded.hasErrors()) {
      err.println("wsgi4j route: " + config + " has errors; httpd would not start with it:");
      new TextDiagnosticPrinter().printDiagnostics(notInfo(loaded.diagnostics()), err);
      err.flush();
      return 1;
    }
    List<Diagnostic> blocking =
        loaded.diagnostics().stream().filter(Diagnostic::blocksServing).toList();
    if (!blocking.isEmpty()) {
      err.println(
          "wsgi4j route: note: wsgi4j would refuse to serve this configuration (routing it"
              + " anyway):");
      new TextDiagnosticPrinter().printDiagnostics(blocking, err);
      err.flush();
    }
    Router router =
        new Router(
            new RouteContext(
                loaded.model(),
                LocalFileSystem.INSTANCE,
                new FileAuthenticator(),
                dns ? HostResolver.SYSTEM : HostResolver.NONE,
                new MapFiles(),
                processEnvironment,
                true));

    try {
      if (requests.isPresent()) {
        return routeRequests(router, defaults, requests.get(), out, err);
      }
      if (accessLog.isPresent()) {
        return replay(router, defaults, accessLog.get(), out);
      }
    } catch (IOException e) {
      out.flush();
      err.println("wsgi4j route: " + e.getMessage());
      err.flush();
      return Main.USAGE_ERROR;
    }
    RequestView request =
        defaults.request(
            method, target, Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    RoutingDecision decision = router.route(request);
    if (json) {
      out.println(write(PRETTY, DecisionJson.toMap(request, decision)));
    } else {
      DecisionText.print(decision, out);
    }
    out.flush();
    return 0;
  }

  private int routeRequests(
      Router router, RequestDefaults defaults, Path file, PrintWriter out, PrintWriter err)
      throws IOException {
    boolean invalid = false;
    boolean first = true;
    try (BufferedReader reader = open(file, StandardCharsets.UTF_8)) {
      long number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        RequestView request;
        try {
          request = RequestLine.parse(line, defaults);
        } catch (IllegalArgumentException e) {
          invalid = true;
          String message = file + ":" + number + ": " + e.getMessage();
          err.println("wsgi4j route: " + message);
          if (json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("line", number);
            error.put("error", e.getMessage());
            out.println(write(COMPACT, error));
          } else {
            if (!first) {
              out.println();
            }
            out.println("# line " + number + ": " + e.getMessage());
          }
          first = false;
          continue;
        }
        RoutingDecision decision = router.route(request);
        if (json) {
          out.println(write(COMPACT, DecisionJson.toMap(request, decision)));
        } else {
          if (!first) {
            out.println();
          }
          out.println("# " + request.method() + " " + request.target() + " " + headerText(request));
          DecisionText.print(decision, out);
        }
        first = false;
      }
    }
    out.flush();
    err.flush();
    return invalid ? Main.USAGE_ERROR : 0;
  }

  private int replay(Router router, RequestDefaults defaults, Path file, PrintWriter out)
      throws IOException {
    AccessLogSummary summary = new AccessLogSummary();
    // Latin-1 maps every byte to a character: no line can fail to decode.
    try (BufferedReader reader = open(file, StandardCharsets.ISO_8859_1)) {
      long number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        summary.line();
        AccessLogLine.Parsed parsed = AccessLogLine.parse(line);
        if (parsed instanceof AccessLogLine.Bad bad) {
          summary.unparsed(number, bad.reason());
          continue;
        }
        AccessLogLine logged = ((AccessLogLine.Ok) parsed).line();
        try {
          RequestView request =
              defaults.request(
                  logged.method(),
                  logged.target(),
                  Optional.of(logged.protocol()),
                  List.of(),
                  Optional.of(logged.remoteAddress()),
                  Optional.empty());
          summary.decided(logged, router.route(request));
        } catch (RuntimeException e) {
          summary.failed(number, e.toString());
        }
      }
    }
    if (json) {
      out.println(write(PRETTY, summary.toMap()));
    } else {
      summary.printText(out);
    }
    out.flush();
    return 0;
  }

  private static BufferedReader open(Path file, Charset charset) throws IOException {
    InputStream in = file.toString().equals("-") ? System.in : Files.newInputStream(file);
    return new BufferedReader(
        new InputStreamReader(
            in,
            charset
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
  }

  private static String headerText(RequestView request) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> header : request.headers()) {
      parts.add("[" + header.getKey() + ": " + header.getValue() + "]");
    }
    return String.join(" ", parts);
  }

  private static List<Diagnostic> notInfo(List<Diagnostic> diagnostics) {
    return diagnostics.stream().filter(d -> d.severity() != Severity.INFO).toList();
  }

  private static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
