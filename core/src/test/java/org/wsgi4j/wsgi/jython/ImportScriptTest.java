package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgi4j.wsgi.Dispatches.dispatch;
import static org.wsgi4j.wsgi.Dispatches.get;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.ProcessGroupPool;

/**
 * WSGIImportScript and preloading WSGIScriptAlias on real Jython: scripts load when a process
 * starts, before its first request, in their application group, and again in every recycled
 * generation before it takes work; a failing import script does not stop the process.
 */
class ImportScriptTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final JythonGateway gateway = new JythonGateway();

  @AfterEach
  void stop() {
    gateway.close();
  }

  private ServerConfig load(String config) throws IOException {
    return SiteConfigs.load(dir, config);
  }

  /** A script that appends one line to {@code marker} each time it is loaded as a module. */
  private Path markingScript(String name, Path marker, String extra) throws IOException {
    return Files.writeString(
        dir.resolve(name),
        "import sys\n"
            + "with open(r'"
            + marker
            + "', 'a') as f:\n    f.write('loaded\\n')\n"
            + "sys.imported_count = getattr(sys, 'imported_count', 0) + 1\n"
            + extra,
        StandardCharsets.UTF_8);
  }

  private static final String APP =
      """
      import sys
      def application(environ, start_response):
          start_response('200 OK', [('Content-Type', 'text/plain')])
          return [str(getattr(sys, 'imported_count', 0))]
      """;

  private int lines(Path marker) throws IOException {
    return Files.exists(marker) ? Files.readAllLines(marker).size() : 0;
  }

  private String call(WsgiTarget target) throws IOException {
    BufferedWsgiResponse response = new BufferedWsgiResponse();
    gateway.handle(dispatch(target, ""), get("/app"), response);
    assertEquals(200, response.status(), new String(response.bodyBytes(), StandardCharsets.UTF_8));
    return new String(response.bodyBytes(), StandardCharsets.ISO_8859_1);
  }

  private static WsgiTarget target(ServerConfig config, Path script, String group, String app) {
    return new WsgiTarget(
        script.toString(),
        "/app",
        "",
        group,
        group.isEmpty() ? Optional.empty() : config.processGroup(group),
        app,
        "application",
        false);
  }

  @SuppressWarnings("unchecked")
  private ProcessGroupPool<JythonProcess> pool(String name) {
    return (ProcessGroupPool<JythonProcess>) gateway.processGroup(name).orElseThrow();
  }

  @Test
  void importScriptRunsAtStartInItsGroupAndAgainInEveryRecycledGeneration() throws Exception {
    Path marker = dir.resolve("marker");
    Path imported = markingScript("warm.py", marker, "");
    Path app = Files.writeString(dir.resolve("app.wsgi"), APP);
    ServerConfig config =
        load(
            "WSGIDaemonProcess g threads=1 maximum-requests=4\n"
                + "WSGIImportScript "
                + imported
                + " process-group=g application-group=shared\n");
    gateway.start(config);
    assertTrue(gateway.processGroup("g").isPresent(), "the group started without a request");
    assertEquals(1, lines(marker), "loaded once, before any request");
    WsgiTarget target = target(config, app, "g", "shared");
    assertEquals("1", call(target), "the request's interpreter is the one it was loaded into");
    WsgiTarget other = target(config, app, "g", "other");
    assertEquals("0", call(other), "another application group did not load it");
    // Requests 3 and 4 reach the count. (With a count of 2, the new generation's first request
    // would already be half its count and start a third generation's import while we look.)
    call(other);
    call(other);
    assertTrue(pool("g").awaitGeneration(2, WAIT));
    assertEquals("1", call(target), "the new generation loaded it before taking this request");
    assertEquals(2, lines(marker));
    assertEquals(1, pool("g").stats().recycles());
  }

  @Test
  void embeddedImportScriptRunsAtStart() throws Exception {
    Path marker = dir.resolve("marker");
    Path imported = markingScript("warm.py", marker, "");
    Path app = Files.writeString(dir.resolve("app.wsgi"), APP);
    ServerConfig config =
        load(
            "WSGIImportScript "
                + imported
                + " process-group=%{GLOBAL} application-group=%{GLOBAL}\n");
    gateway.start(config);
    assertEquals(1, lines(marker));
    assertEquals("1", call(target(config, app, "", "")));
  }

  @Test
  void scriptAliasWithBothGroupsIsPreloadedAndTheRequestUsesThatModule() throws Exception {
    Path marker = dir.resolve("marker");
    Path app = markingScript("app.wsgi", marker, APP);
    ServerConfig config =
        load(
            "WSGIDaemonProcess g threads=2\n"
                + "WSGIScriptAlias /app "
                + app
                + " process-group=g application-group=%{GLOBAL}\n");
    gateway.start(config);
    assertEquals(1, lines(marker), "preloaded at start");
    assertEquals("1", call(target(config, app, "g", "")));
    assertEquals("1", call(target(config, app, "g", "")));
    assertEquals(1, lines(marker), "the request found the preloaded module: not loaded again");
  }

  @Test
  void scriptAliasWithoutBothGroupsIsNotPreloaded() throws Exception {
    Path marker = dir.resolve("marker");
    Path app = markingScript("app.wsgi", marker, APP);
    ServerConfig config =
        load("WSGIDaemonProcess g threads=2\nWSGIScriptAlias /app " + app + " process-group=g\n");
    gateway.start(config);
    assertFalse(gateway.processGroup("g").isPresent());
    assertEquals(0, lines(marker));
    assertEquals("1", call(target(config, app, "g", "x")));
  }

  @Test
  void aFailingImportScriptIsLoggedAndTheProcessServesAnyway() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.py"), "raise SystemExit(3)\n");
    Path marker = dir.resolve("marker");
    Path imported = markingScript("warm.py", marker, "");
    Path app = Files.writeString(dir.resolve("app.wsgi"), APP);
    ServerConfig config =
        load(
            "WSGIDaemonProcess g threads=1\n"
                + "WSGIImportScript "
                + broken
                + " process-group=g application-group=a\n"
                + "WSGIImportScript "
                + imported
                + " process-group=g application-group=a\n");
    gateway.start(config);
    assertEquals(1, lines(marker), "the scripts after the failing one still load");
    assertEquals("1", call(target(config, app, "g", "a")));
  }

  @Test
  void pythonSetupFollowsModWsgiForDaemonAndEmbeddedMode() throws IOException {
    ServerConfig config =
        load(
            """
            WSGIPythonPath /e1:/e2
            WSGIPythonHome /h
            WSGIDaemonProcess a python-path=/d1 home=/w
            WSGIDaemonProcess b python-home=/hb
            """);
    PythonSetup embedded = JythonGateway.setup(Optional.empty(), config.wsgiStartup());
    assertEquals(List.of("/e1", "/e2"), embedded.pythonPath());
    assertEquals(Optional.of("/h"), embedded.pythonHome());
    PythonSetup a = JythonGateway.setup(config.processGroup("a"), config.wsgiStartup());
    assertEquals(List.of("/d1"), a.pythonPath(), "WSGIPythonPath is not for daemon processes");
    assertEquals(Optional.of("/w"), a.home());
    assertEquals(Optional.of("/h"), a.pythonHome(), "WSGIPythonHome unless python-home=");
    PythonSetup b = JythonGateway.setup(config.processGroup("b"), config.wsgiStartup());
    assertEquals(Optional.of("/hb"), b.pythonHome());
  }
}
