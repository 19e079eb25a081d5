package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgi4j.wsgi.Dispatches.dispatch;
import static org.wsgi4j.wsgi.Dispatches.get;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.PoolSettings;
import org.wsgi4j.wsgi.ProcessGroupPool;
import org.wsgi4j.wsgi.WsgiUnavailableException;

/**
 * A configuration reload ({@link JythonGateway#start} with a new configuration) on real Jython: a
 * daemon group whose WSGIDaemonProcess line changed gets a new pool built from it while the old one
 * drains what it has (bounded by eviction-timeout); an unchanged group keeps its pool and its
 * interpreters.
 */
class GatewayReloadTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private JythonGateway gateway;
  private ExecutorService clients;
  private Path app;
  private Path gate;
  private Path entered;

  @BeforeEach
  void setUp() throws IOException {
    gateway = new JythonGateway();
    clients = Executors.newFixedThreadPool(4);
    gate = dir.resolve("gate");
    entered = dir.resolve("entered");
    // Counts its requests in a module global; "block" waits until the gate file exists.
    app =
        Files.writeString(
            dir.resolve("app.wsgi"),
            "import os, time\n"
                + "count = [0]\n"
                + "def application(environ, start_response):\n"
                + "    count[0] += 1\n"
                + "    if environ.get('QUERY_STRING') == 'block':\n"
                + "        open(r'"
                + entered
                + "', 'a').close()\n"
                + "        while not os.path.exists(r'"
                + gate
                + "'):\n"
                + "            time.sleep(0.01)\n"
                + "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
                + "    return [str(count[0])]\n",
            StandardCharsets.UTF_8);
  }

  @AfterEach
  void tearDown() throws IOException {
    if (!Files.exists(gate)) {
      Files.createFile(gate); // lets a request still blocked return
    }
    clients.shutdownNow();
    gateway.close();
  }

  private ServerConfig load(String config) throws IOException {
    return SiteConfigs.load(dir, config);
  }

  private WsgiTarget target(ServerConfig config) {
    return new WsgiTarget(
        app.toString(), "/app", "", "g", config.processGroup("g"), "", "application", false);
  }

  private BufferedWsgiResponse call(WsgiTarget target, String query) throws IOException {
    BufferedWsgiResponse response = new BufferedWsgiResponse();
    gateway.handle(
        dispatch(target, query), get("/app" + (query.isEmpty() ? "" : "?" + query)), response);
    return response;
  }

  private String body(WsgiTarget target) throws IOException {
    BufferedWsgiResponse response = call(target, "");
    assertEquals(200, response.status());
    return new String(response.bodyBytes(), StandardCharsets.ISO_8859_1);
  }

  @SuppressWarnings("unchecked")
  private ProcessGroupPool<JythonProcess> pool() {
    return (ProcessGroupPool<JythonProcess>) gateway.processGroup("g").orElseThrow();
  }

  private void awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(file) && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    assertTrue(Files.exists(file), file + " appeared");
  }

  /** Waits for the replaced pools to finish draining; true if they did within the test's wait. */
  private boolean drained() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (gateway.drainingPools() > 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    return gateway.drainingPools() == 0;
  }

  private static void assertClosed(ProcessGroupPool<JythonProcess> pool) {
    WsgiUnavailableException refused =
        assertThrows(WsgiUnavailableException.class, () -> pool.runUncounted(p -> null));
    assertEquals(503, refused.status());
  }

  @Test
  void aChangedDefinitionGetsANewPoolWithTheNewSettings() throws Exception {
    ServerConfig before = load("WSGIDaemonProcess g threads=1\n");
    gateway.start(before);
    assertEquals("1", body(target(before)));
    assertEquals("2", body(target(before)));
    ProcessGroupPool<JythonProcess> old = pool();
    assertEquals(1, old.settings().threads());

    ServerConfig after = load("WSGIDaemonProcess g threads=3 maximum-requests=2\n");
    gateway.start(after);
    ProcessGroupPool<JythonProcess> fresh = pool();
    assertNotSame(old, fresh, "the changed group runs in a new pool");
    assertEquals(3, fresh.settings().threads());
    assertEquals(OptionalInt.of(2), fresh.settings().maximumRequests());
    // Built during the reload, before any request reached it.
    assertEquals(1, fresh.stats().replicasCreated());
    assertEquals("1", body(target(after)), "new interpreters: the module global starts again");
    assertEquals("2", body(target(after)));
    assertTrue(fresh.awaitGeneration(2, WAIT), "maximum-requests=2 now recycles the group");
    assertEquals("1", body(target(after)), "a new generation after two requests");

    assertTrue(drained(), "the old pool finished draining");
    assertClosed(old);
    assertEquals(1, old.stats().replicasClosed());
  }

  @Test
  void droppingMaximumRequestsStopsTheRecycling() throws Exception {
    ServerConfig before = load("WSGIDaemonProcess g threads=1 maximum-requests=2\n");
    gateway.start(before);
    body(target(before));
    ServerConfig after = load("WSGIDaemonProcess g threads=1\n");
    gateway.start(after);
    assertEquals(OptionalInt.empty(), pool().settings().maximumRequests());
    for (int i = 1; i <= 6; i++) {
      assertEquals(String.valueOf(i), body(target(after)), "one interpreter serves them all");
    }
    assertEquals(1, pool().generation());
    assertEquals(0, pool().stats().recycles());
  }

  /**
   * httpd's graceful restart restarts an unchanged daemon group too (recorded:
   * reload/apache-graceful, its counter starts again at 1), and so does a reload here; a definition
   * that differs only in where it is written is still the same group's.
   */
  @Test
  void aReloadRestartsAnUnchangedGroupWhereverItsLineIsWritten() throws Exception {
    ServerConfig before = load("WSGIDaemonProcess g threads=2 maximum-requests=100\n");
    gateway.start(before);
    assertEquals("1", body(target(before)));
    assertEquals("2", body(target(before)));
    ProcessGroupPool<JythonProcess> running = pool();

    // The same line moved down, its options in another order: not a change.
    ServerConfig after =
        load(
            "# moved\n\nServerName example.test\n\nWSGIDaemonProcess g maximum-requests=100 threads=2\n");
    assertFalse(
        before
            .processGroup("g")
            .orElseThrow()
            .origin()
            .equals(after.processGroup("g").orElseThrow().origin()),
        "the line is at another place");
    gateway.start(after);
    ProcessGroupPool<JythonProcess> restarted = pool();
    assertNotSame(running, restarted, "restarted, as httpd restarts every daemon process");
    assertEquals("1", body(target(after)), "new interpreters: the module global starts again");
    assertEquals("2", body(target(before)), "a request routed before the reload runs there too");
    assertSame(restarted, pool(), "and did not replace the group again");
    assertEquals(1, restarted.stats().replicasCreated());
    assertTrue(drained(), "the old pool finished draining");
    assertClosed(running);
  }

  @Test
  void aRequestInFlightInTheOldPoolFinishesThenTheOldPoolCloses() throws Exception {
    ServerConfig before = load("WSGIDaemonProcess g threads=1\n");
    gateway.start(before);
    WsgiTarget oldTarget = target(before);
    Future<BufferedWsgiResponse> blocked = clients.submit(() -> call(oldTarget, "block"));
    awaitFile(entered);
    // Queued behind it in the old pool (its only thread is busy), before the reload.
    Future<BufferedWsgiResponse> queued = clients.submit(() -> call(oldTarget, ""));
    ProcessGroupPool<JythonProcess> old = pool();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (old.queued() == 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    assertEquals(1, old.queued());

    ServerConfig after = load("WSGIDaemonProcess g threads=2\n");
    gateway.start(after); // returns while the old pool still has its request
    assertNotSame(old, pool());
    assertEquals("1", body(target(after)), "the new pool serves meanwhile");
    assertEquals(1, gateway.drainingPools(), "the old pool waits for its requests");
    assertFalse(blocked.isDone());

    Files.createFile(gate);
    BufferedWsgiResponse first = blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(200, first.status());
    assertEquals("1", new String(first.bodyBytes(), StandardCharsets.ISO_8859_1));
    BufferedWsgiResponse second = queued.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(200, second.status());
    assertEquals(
        "2",
        new String(second.bodyBytes(), StandardCharsets.ISO_8859_1),
        "the queued request ran in the old pool's interpreter");
    assertTrue(drained());
    assertClosed(old);
    assertEquals(1, old.stats().replicasClosed());
    assertEquals(0, old.stats().abandonedRequests());
  }

  @Test
  void aStuckRequestIsAbandonedAtTheEvictionTimeout() throws Exception {
    // graceful-timeout is far longer than the test waits: only eviction-timeout can end the drain.
    ServerConfig before =
        load(
            "WSGIDaemonProcess g threads=1 eviction-timeout=1 graceful-timeout=3600 shutdown-timeout=1\n");
    gateway.start(before);
    WsgiTarget oldTarget = target(before);
    Future<BufferedWsgiResponse> stuck = clients.submit(() -> call(oldTarget, "block"));
    awaitFile(entered);
    ProcessGroupPool<JythonProcess> old = pool();
    // Queued behind it: the old pool never gets to start it.
    Future<BufferedWsgiResponse> queued = clients.submit(() -> call(oldTarget, ""));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (old.queued() == 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    assertEquals(1, old.queued());

    gateway.start(load("WSGIDaemonProcess g threads=2\n"));
    // The gate never opens: the old pool gives up on the request when its drain bound passes.
    BufferedWsgiResponse answer = stuck.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(503, answer.status());
    assertEquals(1, old.stats().abandonedRequests());
    // The request it never started is not failed with it: it runs on the group's new pool.
    BufferedWsgiResponse moved = queued.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(200, moved.status());
    assertEquals("1", new String(moved.bodyBytes(), StandardCharsets.ISO_8859_1));
    assertEquals(2, pool().settings().threads());
    assertTrue(drained());
    assertClosed(old);
  }

  @Test
  void aRequestCarryingTheNewDefinitionBeforeTheReloadUsesTheRunningPool() throws Exception {
    ServerConfig before = load("WSGIDaemonProcess g threads=1\n");
    gateway.start(before);
    assertEquals("1", body(target(before)));
    ProcessGroupPool<JythonProcess> running = pool();
    // Routing already swapped (the filter installs the router first), start() not yet called.
    ServerConfig after = load("WSGIDaemonProcess g threads=2\n");
    assertEquals("2", body(target(after)), "served by the running pool, not a second new one");
    assertSame(running, pool());
    gateway.start(after);
    assertNotSame(running, pool());
    assertEquals(2, pool().settings().threads());
  }

  @Test
  void theReloadGraceIsEvictionTimeoutElseGracefulTimeout() throws Exception {
    assertEquals(
        Duration.ofSeconds(3),
        PoolSettings.reloadGrace(
            load("WSGIDaemonProcess g eviction-timeout=3 graceful-timeout=9\n")
                .processGroup("g")
                .orElseThrow()));
    assertEquals(
        Duration.ofSeconds(9),
        PoolSettings.reloadGrace(
            load("WSGIDaemonProcess g eviction-timeout=0 graceful-timeout=9\n")
                .processGroup("g")
                .orElseThrow()));
    assertEquals(
        Duration.ofSeconds(15),
        PoolSettings.reloadGrace(load("WSGIDaemonProcess g\n").processGroup("g").orElseThrow()));
  }
}
