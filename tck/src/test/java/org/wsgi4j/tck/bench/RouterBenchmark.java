package org.wsgi4j.tck.bench;

import com.google.common.collect.ImmutableMap;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.routing.FileAuthenticator;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.RouteContext;
import org.wsgi4j.routing.Router;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.source.Diagnostic;

/**
 * Decision time of {@link Router#route}: the two seed configurations (Trac with a normal page and
 * the login page with valid credentials, Django), generated configurations with 10 and 10,000
 * virtual hosts ({@link BenchConfig}, request for the last one) and one virtual host with 1,000
 * RewriteRules (request matching the last one). Every setup checks that the request is dispatched
 * to the expected WSGI script before anything is measured. Run by {@code bench/route}; not a test.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterBenchmark {

  /** alice / wonderland: a bcrypt entry of examples/multi-trac/users. */
  static final String ALICE = "Basic YWxpY2U6d29uZGVybGFuZA==";

  /** The seed Trac configuration, ${WSGI4J_EXAMPLES} resolved to the checkout's examples. */
  @State(Scope.Benchmark)
  public static class Trac {
    Router router;
    RequestView wiki;
    RequestView login;

    @Setup(Level.Trial)
    public void load() {
      Path examples = examples();
      router = router(loadSeed(examples.resolve("multi-trac/trac-vhost.conf"), examples));
      wiki = RequestView.of("GET", "/alpha/wiki", 80, headers("dev.example.org"));
      login =
          RequestView.of(
              "GET",
              "/alpha/login",
              80,
              List.of(Map.entry("Host", "dev.example.org"), Map.entry("Authorization", ALICE)));
      String script = examples.resolve("multi-trac/trac.wsgi").toString();
      expectDispatch(router.route(wiki), script, "/alpha", "tracs");
      expectDispatch(router.route(login), script, "/alpha", "tracs");
    }
  }

  /** The seed Django configuration. */
  @State(Scope.Benchmark)
  public static class Django {
    Router router;
    RequestView request;

    @Setup(Level.Trial)
    public void load() {
      Path examples = examples();
      router = router(loadSeed(examples.resolve("multi-django/django-vhost.conf"), examples));
      request = RequestView.of("GET", "/app1/x", 80, headers("www.example.org"));
      expectDispatch(
          router.route(request),
          examples.resolve("multi-django/django_app1.wsgi").toString(),
          "/app1",
          "django_app1");
    }
  }

  /** {@link BenchConfig} with a number of virtual hosts; the request is for the last one. */
  public abstract static class Generated {
    Path dir;
    Router router;
    RequestView request;

    void generate(int vhosts) throws IOException {
      dir = Files.createTempDirectory("wsgi4j-route-bench");
      Path main = BenchConfig.generate(dir, vhosts);
      LoadResult result = ConfigLoader.load(main, LoadOptions.defaults().withServerRoot(dir));
      ConfigLoadBenchmark.check(result, vhosts);
      router = router(result);
      int last = vhosts - 1;
      // The second RewriteRule ([PT]) turns /api/v2/items into /app/items for WSGIScriptAlias.
      request =
          RequestView.of("GET", "/api/v2/items", 8080, headers("site" + last + ".example.com"));
      RoutingDecision decision = router.route(request);
      expectDispatch(decision, dir.resolve("app.wsgi").toString(), "/app", "app" + last);
      if (!"2".equals(decision.facts().environment().get("API_VERSION"))) {
        throw new IllegalStateException("API_VERSION not set: " + decision.facts());
      }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
      BenchConfig.delete(dir);
    }
  }

  @State(Scope.Benchmark)
  public static class Vhosts10 extends Generated {
    @Setup(Level.Trial)
    public void setup() throws IOException {
      generate(10);
    }
  }

  @State(Scope.Benchmark)
  public static class Vhosts10000 extends Generated {
    @Setup(Level.Trial)
    public void setup() throws IOException {
      generate(10_000);
    }
  }

  /** One virtual host with 1,000 RewriteRules; the request matches only the last one. */
  @State(Scope.Benchmark)
  public static class Rules1000 {
    static final int RULES = 1000;
    Path dir;
    Router router;
    RequestView request;

    @Setup(Level.Trial)
    public void setup() throws IOException {
      dir = Files.createTempDirectory("wsgi4j-route-bench");
      Path main = rulesConfig(dir, RULES);
      LoadResult result = ConfigLoader.load(main, LoadOptions.defaults().withServerRoot(dir));
      failOnErrors(result);
      router = router(result);
      int last = RULES - 1;
      request = RequestView.of("GET", "/section" + last + "/page", 8080, headers("rules.example"));
      RoutingDecision decision = router.route(request);
      expectDispatch(decision, dir.resolve("app.wsgi").toString(), "/app", "rules");
      if (!("section=" + last).equals(decision.facts().query())) {
        throw new IllegalStateException("the last rule did not apply: " + decision.facts());
      }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
      BenchConfig.delete(dir);
    }
  }

  @Benchmark
  public RoutingDecision tracWiki(Trac state) {
    return state.router.route(state.wiki);
  }

  @Benchmark
  public RoutingDecision tracLogin(Trac state) {
    return state.router.route(state.login);
  }

  @Benchmark
  public RoutingDecision django(Django state) {
    return state.router.route(state.request);
  }

  @Benchmark
  public RoutingDecision vhosts10(Vhosts10 state) {
    return state.router.route(state.request);
  }

  @Benchmark
  public RoutingDecision vhosts10000(Vhosts10000 state) {
    return state.router.route(state.request);
  }

  @Benchmark
  public RoutingDecision rules1000(Rules1000 state) {
    return state.router.route(state.request);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * The checkout's examples folder: the system property {@code wsgi4j.examples} (bench/route sets
   * it), else the first {@code examples/multi-trac} found from the working directory upwards.
   */
  static Path examples() {
    String property = System.getProperty("wsgi4j.examples");
    if (property != null) {
      return Path.of(property).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("examples/multi-trac"))) {
        return dir.resolve("examples");
      }
    }
    throw new IllegalStateException("examples/ not found: set -Dwsgi4j.examples=DIR");
  }

  static LoadResult loadSeed(Path file, Path examples) {
    LoadResult result =
        ConfigLoader.load(
            file,
            LoadOptions.defaults()
                .withEnvironment(ImmutableMap.of("WSGI4J_EXAMPLES", examples.toString())));
    failOnErrors(result);
    return result;
  }

  static void failOnErrors(LoadResult result) {
    if (result.hasErrors()) {
      throw new IllegalStateException(
          "the configuration has errors:\n"
              + result.diagnostics().stream()
                  .filter(Diagnostic::isError)
                  .limit(20)
                  .map(Diagnostic::format)
                  .collect(Collectors.joining("\n")));
    }
  }

  static Router router(LoadResult result) {
    return new Router(RouteContext.of(result.model()).withAuthenticator(new FileAuthenticator()));
  }

  static List<Map.Entry<String, String>> headers(String host) {
    return List.of(Map.entry("Host", host));
  }

  /** Refuses to measure a request that is not dispatched where it should be. */
  static void expectDispatch(
      RoutingDecision decision, String script, String scriptName, String processGroup) {
    if (!(decision instanceof RoutingDecision.Dispatch dispatch)
        || !dispatch.target().scriptFilename().equals(script)
        || !dispatch.target().scriptName().equals(scriptName)
        || !dispatch.target().processGroup().equals(processGroup)) {
      throw new IllegalStateException(
          "expected a dispatch to "
              + script
              + " SCRIPT_NAME "
              + scriptName
              + " process group "
              + processGroup
              + ", got "
              + decision);
    }
  }

  /** httpd.conf with one virtual host and {@code rules} RewriteRules, plus app.wsgi. */
  static Path rulesConfig(Path dir, int rules) throws IOException {
    Path script = dir.resolve("app.wsgi");
    Files.writeString(
        script,
        """
        def application(environ, start_response):
            start_response('200 OK', [('Content-Type', 'text/plain')])
            return [b'ok']
        """,
        StandardCharsets.UTF_8);
    Path main = dir.resolve("httpd.conf");
    try (BufferedWriter out = Files.newBufferedWriter(main, StandardCharsets.UTF_8)) {
      out.write("ServerRoot \"" + dir + "\"\n");
      for (String module :
          List.of(
              "mpm_event", "authz_core", "authz_host", "rewrite", "alias", "env", "mime", "wsgi")) {
        out.write(
            "LoadModule " + module + "_module /usr/lib/apache2/modules/mod_" + module + ".so\n");
      }
      out.write("ServerName bench.example\n");
      out.write("ErrorLog /dev/null\n");
      out.write("Listen 8080\n");
      out.write("<Directory \"" + dir + "\">\n    Require all granted\n</Directory>\n");
      out.write("<VirtualHost *:8080>\n");
      out.write("    ServerName rules.example\n");
      out.write("    RewriteEngine On\n");
      for (int i = 0; i < rules; i++) {
        out.write("    RewriteRule ^/section" + i + "/(.*)$ /app/$1?section=" + i + " [PT,L]\n");
      }
      out.write("    WSGIDaemonProcess rules threads=10\n");
      out.write("    WSGIScriptAlias /app " + script + " process-group=rules\n");
      out.write("</VirtualHost>\n");
    }
    return main;
  }
}
