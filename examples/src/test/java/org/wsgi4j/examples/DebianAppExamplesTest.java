package org.wsgi4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.routing.FileAuthenticator;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.RouteContext;
import org.wsgi4j.routing.Router;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.WsgiRequest;
import org.wsgi4j.wsgi.jython.JythonGateway;

/**
 * The bottle and WebOb examples, loaded from their configurations, routed and served through the
 * Jython gateway with Debian's packages (python3-bottle, python3-webob) unmodified.
 */
class DebianAppExamplesTest {
  /** Where Debian installs pure-Python modules. */
  private static final Path DIST_PACKAGES = Path.of("/usr/lib/python3/dist-packages");

  private static final Path EXAMPLES = Path.of("").toAbsolutePath();

  private static JythonGateway gateway;

  @BeforeAll
  static void start(@TempDir Path sitePackages) throws IOException {
    // Links to exactly the packages the examples use, so nothing else of the system's Python 3
    // folder is importable; no $py.class files are written beside the system's files.
    for (String module : List.of("bottle.py", "webob")) {
      Path installed = DIST_PACKAGES.resolve(module);
      Assumptions.assumeTrue(
          Files.exists(installed),
          installed
              + " is not installed: apt-get install python3-bottle python3-webob (.ci/run"
              + " installs them)");
      Files.createSymbolicLink(sitePackages.resolve(module), installed);
    }
    // What `wsgi4j serve --python-path DIR` does: read once, when Jython starts.
    System.setProperty("python.path", sitePackages.toString());
    System.setProperty("python.dont_write_bytecode", "true");
    gateway = new JythonGateway();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void bottleNotesServeRequests() throws IOException {
    Router router = router("bottle/bottle-vhost.conf");
    String host = "notes.example.org";

    BufferedWsgiResponse hello = serve(router, host, "GET", "/notes/hello/world", "");
    assertEquals(200, hello.status(), hello.bodyText());
    assertEquals("Hello world from bottle 0.12.23\n", hello.bodyText());
    assertEquals("text/plain", hello.header("Content-Type").orElseThrow());

    BufferedWsgiResponse saved = serve(router, host, "PUT", "/notes/note/todo", "buy milk");
    assertEquals(201, saved.status(), saved.bodyText());
    assertTrue(saved.bodyText().contains("\"bytes\": 8"), saved.bodyText());

    BufferedWsgiResponse note = serve(router, host, "GET", "/notes/note/todo", "");
    assertEquals(200, note.status());
    assertEquals("buy milk", note.bodyText());

    BufferedWsgiResponse index = serve(router, host, "GET", "/notes/", "");
    assertEquals(200, index.status());
    assertEquals("application/json", index.header("Content-Type").orElseThrow());
    assertTrue(index.bodyText().contains("\"notes\": [\"todo\"]"), index.bodyText());
    assertTrue(index.bodyText().contains("\"mount\": \"/notes/\""), index.bodyText());

    BufferedWsgiResponse missing = serve(router, host, "GET", "/notes/note/nothing", "");
    assertEquals(404, missing.status());
    assertTrue(missing.bodyText().contains("No note called nothing"), missing.bodyText());
  }

  @Test
  void webobGreeterServesRequests() throws IOException {
    Router router = router("webob/greeter-vhost.conf");
    String host = "greeter.example.org";

    BufferedWsgiResponse hello = serve(router, host, "GET", "/?name=J%C3%BCrgen", "");
    assertEquals(200, hello.status(), hello.bodyText());
    assertEquals("text/plain; charset=utf-8", hello.header("Content-Type").orElseThrow());
    assertEquals(
        "Hello, J\u00fcrgen!\n",
        new String(hello.bodyBytes(), StandardCharsets.UTF_8),
        "WebOb decodes the query as UTF-8 and encodes the answer");

    BufferedWsgiResponse form = serve(router, host, "POST", "/echo", "a=1&b=two");
    assertEquals(200, form.status(), form.bodyText());
    assertEquals(
        "{\"charset\": \"UTF-8\", \"form\": {\"a\": \"1\", \"b\": \"two\"}}", form.bodyText());

    BufferedWsgiResponse get = serve(router, host, "GET", "/echo", "");
    assertEquals(405, get.status());
    assertEquals("POST", get.header("Allow").orElseThrow());

    assertEquals(404, serve(router, host, "GET", "/elsewhere", "").status());
  }

  private static Router router(String config) {
    LoadResult loaded =
        ConfigLoader.load(
            EXAMPLES.resolve(config),
            LoadOptions.defaults()
                .withEnvironment(ImmutableMap.of("WSGI4J_EXAMPLES", EXAMPLES.toString())));
    List<String> errors =
        loaded.diagnostics().stream()
            .filter(d -> d.isError() || d.blocksServing())
            .map(Diagnostic::format)
            .toList();
    assertEquals(List.of(), errors, config + " is servable");
    return new Router(RouteContext.of(loaded.model()).withAuthenticator(new FileAuthenticator()));
  }

  private static BufferedWsgiResponse serve(
      Router router, String host, String method, String target, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Host", host));
    if (bytes.length > 0) {
      headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
      headers.add(Map.entry("Content-Length", Integer.toString(bytes.length)));
    }
    RequestView view =
        new RequestView(
            method,
            target,
            "HTTP/1.1",
            ImmutableList.copyOf(headers),
            "127.0.0.1",
            "127.0.0.1",
            80,
            false);
    RoutingDecision decision = router.route(view);
    assertTrue(
        decision instanceof RoutingDecision.Dispatch, target + " goes to the app: " + decision);
    BufferedWsgiResponse response = new BufferedWsgiResponse();
    gateway.handle(
        (RoutingDecision.Dispatch) decision,
        WsgiRequest.of(view, 40000, new ByteArrayInputStream(bytes)),
        response);
    return response;
  }
}
