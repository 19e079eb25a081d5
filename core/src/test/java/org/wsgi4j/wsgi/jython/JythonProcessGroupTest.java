package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgi4j.wsgi.Dispatches.dispatch;
import static org.wsgi4j.wsgi.Dispatches.get;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.python.core.PySystemState;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.Dispatches;
import org.wsgi4j.wsgi.ProcessGroupPool;

/**
 * Process groups on real Jython: retired generations are collectable (R-02), threads=1 serialises a
 * GIL-reliant application, a hung request is answered and its process replaced (R-15), and a
 * changed script recycles a daemon process instead of reloading in place.
 */
class JythonProcessGroupTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private JythonGateway gateway;
  private ExecutorService clients;

  @BeforeEach
  void start() {
    gateway = new JythonGateway();
    clients = Executors.newFixedThreadPool(8);
  }

  @AfterEach
  void stop() {
    clients.shutdownNow();
    gateway.close();
  }

  private static WsgiTarget daemonTarget(
      String script, String pathInfo, String group, Map<String, String> options) {
    DaemonProcessGroup daemon = Dispatches.daemon(group, 1, options);
    WsgiTarget target =
        new WsgiTarget(
            script, "/app", pathInfo, "", Optional.empty(), "localhost|/app", "application", false);
    return Dispatches.inGroups(target, Optional.of(daemon), "g");
  }

  private BufferedWsgiResponse call(WsgiTarget target, String query) throws IOException {
    BufferedWsgiResponse response = new BufferedWsgiResponse();
    gateway.handle(
        dispatch(target, query),
        get(target.scriptName() + target.pathInfo() + (query.isEmpty() ? "" : "?" + query)),
        response);
    return response;
  }

  @SuppressWarnings("unchecked")
  private ProcessGroupPool<JythonProcess> pool(String name) {
    return (ProcessGroupPool<JythonProcess>) gateway.processGroup(name).orElseThrow();
  }

  /** Jython's registry of system-state closers: one entry (and shutdown hook) per live state. */
  private static int systemStateClosers() throws ReflectiveOperationException {
    Field field = PySystemState.class.getDeclaredField("sysClosers");
    field.setAccessible(true);
    return ((Map<?, ?>) field.get(null)).size();
  }

  private static boolean cleared(WeakReference<?> ref) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (ref.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    return ref.get() == null;
  }

  /**
   * R-02: a weak reference to each retired generation's interpreter, its PySystemState and its
   * class loader is cleared within two later recycles; Jython's closers (each with a JVM shutdown
   * hook) and the thread count do not grow.
   */
  @Test
  void retiredGenerationsAreCollectable() throws Exception {
    WsgiTarget target =
        daemonTarget(
            Dispatches.script("counter.wsgi"),
            "/x",
            "weak",
            Map.of("threads", "2", "maximum-requests", "4"));
    gateway.preload(target);
    ProcessGroupPool<JythonProcess> pool = pool("weak");
    List<WeakReference<Object>> interpreters = new ArrayList<>();
    List<WeakReference<Object>> states = new ArrayList<>();
    List<WeakReference<Object>> loaders = new ArrayList<>();
    int closersAtStart = -1;
    int threadsAtStart = -1;
    int generations = 8;
    for (int generation = 1; generation <= generations; generation++) {
      assertTrue(pool.awaitGeneration(generation, WAIT));
      pool.runUncounted(
          process -> {
            JythonInterpreter interpreter = process.interpreter("g");
            interpreters.add(new WeakReference<>(interpreter));
            states.add(new WeakReference<>(interpreter.systemState()));
            loaders.add(new WeakReference<>(interpreter.systemState().getSyspathJavaLoader()));
            return null;
          });
      if (generation == 3) {
        closersAtStart = systemStateClosers();
        threadsAtStart = Thread.activeCount();
      }
      if (generation >= 3) {
        int old = generation - 3; // retired two recycles ago
        assertTrue(cleared(interpreters.get(old)), "interpreter of generation " + (old + 1));
        assertTrue(cleared(states.get(old)), "PySystemState of generation " + (old + 1));
        assertTrue(cleared(loaders.get(old)), "class loader of generation " + (old + 1));
      }
      while (pool.generation() == generation) {
        assertEquals(200, call(target, "").status());
      }
    }
    System.gc();
    assertTrue(
        systemStateClosers() <= closersAtStart + 1,
        "closers " + closersAtStart + " -> " + systemStateClosers());
    assertTrue(
        Math.abs(Thread.activeCount() - threadsAtStart) <= 2,
        "threads " + threadsAtStart + " -> " + Thread.activeCount());
  }

  /**
   * R-02 with worker threads reused across generations: an application's {@code threading.local}
   * holding its own module (and {@code sys}, and a traceback) would keep every retired generation
   * alive through the thread's thread-locals if the thread did not forget them; here each retired
   * interpreter and PySystemState is still collected within two recycles, while the same few
   * threads serve every generation.
   */
  @Test
  void reusedWorkersDoNotKeepRetiredGenerationsAlive() throws Exception {
    WsgiTarget target =
        daemonTarget(
            Dispatches.script("local.wsgi"),
            "/x",
            "local",
            Map.of("threads", "2", "maximum-requests", "4"));
    gateway.preload(target);
    ProcessGroupPool<JythonProcess> pool = pool("local");
    List<WeakReference<Object>> interpreters = new ArrayList<>();
    List<WeakReference<Object>> states = new ArrayList<>();
    Set<String> threads = new HashSet<>();
    int generations = 8;
    for (int generation = 1; generation <= generations; generation++) {
      assertTrue(pool.awaitGeneration(generation, WAIT));
      pool.runUncounted(
          process -> {
            JythonInterpreter interpreter = process.interpreter("g");
            interpreters.add(new WeakReference<>(interpreter));
            states.add(new WeakReference<>(interpreter.systemState()));
            return null;
          });
      if (generation >= 3) {
        int old = generation - 3;
        assertTrue(cleared(interpreters.get(old)), "interpreter of generation " + (old + 1));
        assertTrue(cleared(states.get(old)), "PySystemState of generation " + (old + 1));
      }
      while (pool.generation() == generation) {
        BufferedWsgiResponse response = call(target, "");
        assertEquals(200, response.status());
        threads.add(response.bodyText());
      }
    }
    // Two new threads per generation without reuse; a spare when a worker is slow to come back.
    assertTrue(threads.size() <= 4, threads.size() + " threads served " + generations);
  }

  /**
   * Jython has no GIL: the unlocked counter of counter.wsgi loses updates under concurrent requests
   * unless the group runs one request at a time. threads=1 does, strictly.
   */
  @Test
  void oneThreadSerialisesAGilReliantApplication() throws Exception {
    WsgiTarget bump =
        daemonTarget(Dispatches.script("counter.wsgi"), "/x", "serial", Map.of("threads", "1"));
    WsgiTarget read =
        daemonTarget(Dispatches.script("counter.wsgi"), "/get", "serial", Map.of("threads", "1"));
    int requests = 400;
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      futures.add(clients.submit(() -> call(bump, "").status()));
    }
    for (Future<Integer> f : futures) {
      assertEquals(200, f.get(60, TimeUnit.SECONDS));
    }
    assertEquals(Integer.toString(requests), call(read, "").bodyText(), "no lost update");
  }

  /**
   * R-15 on Jython: a request that sleeps far past request-timeout gets 504, the process is
   * replaced and serves the next request; the interrupt wakes the sleeping Python thread, so the
   * abandoned request returns and the old interpreter is closed.
   */
  @Test
  void aHungRequestIsAnsweredAndItsProcessReplaced() throws Exception {
    WsgiTarget target =
        daemonTarget(
            Dispatches.script("sleepy.wsgi"),
            "/x",
            "hung",
            Map.of("threads", "1", "request-timeout", "1"));
    gateway.preload(target); // loading is not a request: no request-timeout for it
    assertEquals(200, call(target, "0").status());
    assertEquals(504, call(target, "600").status(), "a timely error");
    ProcessGroupPool<JythonProcess> pool = pool("hung");
    assertTrue(pool.awaitGeneration(2, WAIT), "the process was replaced");
    BufferedWsgiResponse next = call(target, "0");
    assertEquals(200, next.status());
    assertEquals("slept 0.0", next.bodyText());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (pool.stats().abandonedStillRunning() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(1, pool.stats().abandonedRequests());
    assertEquals(0, pool.stats().abandonedStillRunning(), "the interrupted sleep returned");
  }

  /**
   * WSGIScriptReloading in daemon mode: touching the script restarts the process (a new
   * interpreter, fresh module state) and the request that noticed it runs on the new one.
   */
  @Test
  void aChangedScriptRecyclesTheDaemonProcess(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("app.wsgi");
    String source =
        """
        state = [0]
        def application(environ, start_response):
            state[0] += 1
            start_response('200 OK', [('Content-Type', 'text/plain')])
            return ['%s %d' % (VERSION, state[0])]
        """;
    Files.writeString(script, "VERSION = 'v1'\n" + source);
    Files.setLastModifiedTime(script, FileTime.fromMillis(1_000_000_000_000L));
    WsgiTarget target = daemonTarget(script.toString(), "/x", "touch", Map.of("threads", "2"));
    assertEquals("v1 1", call(target, "").bodyText());
    assertEquals("v1 2", call(target, "").bodyText());
    ProcessGroupPool<JythonProcess> pool = pool("touch");
    assertEquals(1, pool.generation());
    Files.writeString(script, "VERSION = 'v2'\n" + source);
    Files.setLastModifiedTime(script, FileTime.fromMillis(1_000_000_100_000L));
    BufferedWsgiResponse after = call(target, "");
    assertEquals(200, after.status());
    assertEquals("v2 1", after.bodyText(), "new code, fresh module state: a new process");
    assertEquals(2, pool.generation());
    assertEquals(1, pool.stats().retries(), "the request was run again on the new process");
  }

  /**
   * A script that cannot initialise twice in one interpreter (as Django after a failed import):
   * once its first load failed it keeps failing there. With startup-timeout the process is replaced
   * once the timer (from its first request) has expired, and the fixed application serves from the
   * fresh process; without it the process keeps answering 500.
   */
  @Test
  void startupTimeoutReplacesAProcessWhoseScriptNeverLoaded(@TempDir Path dir) throws Exception {
    Path flag = dir.resolve("flag");
    Path script = dir.resolve("app.wsgi");
    Files.writeString(flag, "broken");
    Files.writeString(
        script,
        """
        import sys
        if 'once_only_setup' in sys.modules:
            raise RuntimeError('setup cannot run twice in one process')
        sys.modules['once_only_setup'] = sys
        if open('@FLAG@').read() == 'broken':
            raise RuntimeError('configuration broken')
        def application(environ, start_response):
            start_response('200 OK', [('Content-Type', 'text/plain')])
            return ['serving']
        """
            .replace("@FLAG@", flag.toString()));
    WsgiTarget plain = daemonTarget(script.toString(), "/x", "nostartup", Map.of("threads", "1"));
    WsgiTarget timed =
        daemonTarget(
            script.toString(), "/x", "startup", Map.of("threads", "1", "startup-timeout", "1"));
    assertEquals(500, call(plain, "").status());
    assertEquals(500, call(timed, "").status());
    Files.writeString(flag, "fixed");
    // Let the one-second timer expire (the process keeps failing meanwhile), then ask until the
    // replacement serves.
    int status = 0;
    for (int i = 0; i < 600 && status != 200; i++) {
      Thread.sleep(100);
      status = call(timed, "").status();
    }
    assertEquals(200, status, "served by the replacement process");
    assertEquals("serving", call(timed, "").bodyText());
    assertTrue(pool("startup").generation() >= 2);
    assertEquals(500, call(plain, "").status(), "without startup-timeout it never recovers");
    assertEquals(1, pool("nostartup").generation());
  }
}
