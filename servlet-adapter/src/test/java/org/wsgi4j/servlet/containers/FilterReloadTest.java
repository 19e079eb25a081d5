package org.wsgi4j.servlet.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.servlet.GatewayRunner;
import org.wsgi4j.servlet.WsgiFilter;
import org.wsgi4j.wsgi.jython.JythonGateway;

/**
 * {@link WsgiFilter#reload} on Jetty with the Jython gateway: a WSGIDaemonProcess line changed by
 * the reload is in force for the requests after it (its group was rebuilt from the new line).
 */
class FilterReloadTest {
  @TempDir Path dir;
  private final JythonGateway gateway = new JythonGateway();
  private final JettyContainer container = new JettyContainer();

  @AfterEach
  void stop() throws Exception {
    container.stop();
    gateway.close();
  }

  private LoadResult config(String daemonLine) throws IOException {
    Path script =
        Files.writeString(
            dir.resolve("count.wsgi"),
            """
            count = [0]
            def application(environ, start_response):
                count[0] += 1
                start_response('200 OK', [('Content-Type', 'text/plain')])
                return [str(count[0])]
            """,
            StandardCharsets.UTF_8);
    Path conf =
        Files.writeString(
            dir.resolve("site.conf"),
            daemonLine
                + "\nWSGIScriptAlias /count "
                + script
                + "\n<Location /count>\nWSGIProcessGroup g\n</Location>\n",
            StandardCharsets.UTF_8);
    LoadResult loaded = ConfigLoader.load(conf);
    assertTrue(loaded.isServable(), loaded.diagnostics().toString());
    return loaded;
  }

  /** The module global of each answer, in order. */
  private List<String> counts(int port, int requests) throws IOException {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      RawHttp.Response response = RawHttp.get(port, "/count");
      assertEquals(200, response.status(), response.text());
      answers.add(response.text().trim());
    }
    return answers;
  }

  @Test
  void droppingMaximumRequestsOnReloadStopsTheRecycling() throws Exception {
    WsgiFilter filter =
        new WsgiFilter(
            config("WSGIDaemonProcess g threads=1 maximum-requests=2"),
            Optional.of(new GatewayRunner(gateway)));
    int port = container.start(filter);
    // Every second request ends a generation: the next one starts counting again.
    List<String> before = counts(port, 2);
    assertEquals(List.of("1", "2"), before);
    assertEquals(
        OptionalInt.of(2), gateway.processGroup("g").orElseThrow().settings().maximumRequests());

    assertTrue(filter.reload(config("WSGIDaemonProcess g threads=1")));
    assertEquals(
        OptionalInt.empty(), gateway.processGroup("g").orElseThrow().settings().maximumRequests());
    // One interpreter from the reload on: its count only grows.
    assertEquals(List.of("1", "2", "3", "4", "5"), counts(port, 5));
    assertEquals(0, gateway.processGroup("g").orElseThrow().stats().recycles());
  }
}
