package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.routing.RouteFacts;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.Trace;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.Dispatches;
import org.wsgi4j.wsgi.ProcessGroupPool;
import org.wsgi4j.wsgi.WsgiRequest;
import org.wsgi4j.wsgi.WsgiResponse;

/**
 * Fault scenarios of security.md §4 at library level, with bounded sizes: R-07 cross-request
 * isolation, R-12 client abort during an endless streaming response, R-20 exception storm. Longer
 * runs: {@code -Dwsgi4j.soak=true} multiplies the request counts by 20.
 */
class FaultScenariosTest {
  private static final int SCALE = Boolean.getBoolean("wsgi4j.soak") ? 20 : 1;

  private static JythonGateway gateway;

  @BeforeAll
  static void start() {
    gateway = new JythonGateway();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static DaemonProcessGroup daemon(String name, int threads, String maximumRequests) {
    Map<String, String> options =
        maximumRequests == null
            ? Map.of("threads", Integer.toString(threads))
            : Map.of("threads", Integer.toString(threads), "maximum-requests", maximumRequests);
    return Dispatches.daemon(name, threads, options);
  }

  /** A decision for faults.wsgi mounted at {@code scriptName}, with router facts of its own. */
  private static RoutingDecision.Dispatch dispatch(
      DaemonProcessGroup daemon,
      String callable,
      String scriptName,
      String pathInfo,
      String query,
      Map<String, String> environment,
      Optional<String> user) {
    WsgiTarget target =
        new WsgiTarget(
            Dispatches.script("faults.wsgi"),
            scriptName,
            pathInfo,
            daemon.name(),
            Optional.of(daemon),
            "faults",
            callable,
            false);
    RouteFacts facts =
        new RouteFacts(
            Optional.of("localhost"),
            "localhost",
            "80",
            scriptName + pathInfo,
            query,
            Optional.of(target.scriptFilename()),
            pathInfo,
            ImmutableMap.copyOf(environment),
            user,
            user.map(u -> "Basic"));
    return new RoutingDecision.Dispatch(target, facts, new Trace(ImmutableList.of()));
  }

  private static WsgiRequest get(String target, String requestId) {
    return Dispatches.request(
        "GET",
        target,
        List.of(Map.entry("Host", "localhost"), Map.entry("X-Req-Id", requestId)),
        "");
  }

  /**
   * concurrent requests for 50 tenants through one group of 8 threads; each answer must carry
   * its own request's id, SCRIPT_NAME, PATH_INFO, QUERY_STRING, TENANT and REMOTE_USER in its body
   * and its own Content-Type.
   */
  @Test
  void r07ConcurrentRequestsNeverSeeEachOthersValues() throws Exception {
    DaemonProcessGroup daemon = daemon("r07", 8, null);
    int requests = 2000 * SCALE;
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        int n = i;
        answers.add(
            clients.submit(
                () -> {
                  String tenant = "t" + (n % 50);
                  String id = "r" + n;
                  String pathInfo = "/p" + n;
                  String query = "q=" + n;
                  RoutingDecision.Dispatch dispatch =
                      dispatch(
                          daemon,
                          "isolation",
                          "/" + tenant,
                          pathInfo,
                          query,
                          Map.of("TENANT", tenant),
                          Optional.empty());
                  BufferedWsgiResponse response = new BufferedWsgiResponse();
                  gateway.handle(
                      dispatch, get("/" + tenant + pathInfo + "?" + query, id), response);
                  String wanted = String.join("|", id, "/" + tenant, pathInfo, query, tenant);
                  String type = response.header("Content-Type").orElse("");
                  boolean same =
                      response.status() == 200
                          && response.bodyText().equals(wanted)
                          && type.equals("application/x-req-" + id);
                  return same
                      ? ""
                      : id + ": " + response.status() + " " + type + " " + response.bodyText();
                }));
      }
      List<String> mismatches = new ArrayList<>();
      for (Future<String> answer : answers) {
        String result = answer.get(2, TimeUnit.MINUTES);
        if (!result.isEmpty()) {
          mismatches.add(result);
        }
      }
      assertEquals(List.of(), mismatches, requests + " requests");
    } finally {
      clients.shutdownNow();
    }
  }

  /** A response whose client goes away after {@code limit} body bytes. */
  private static final class AbortingResponse implements WsgiResponse {
    final long limit;
    final AtomicLong written = new AtomicLong();
    final AtomicLong writesAfterAbort = new AtomicLong();
    volatile boolean gone;
    final AtomicLong writes = new AtomicLong();
    boolean committed;

    AbortingResponse(long limit) {
      this.limit = limit;
    }

    @Override
    public void sendHeaders(int status, String reason, List<Map.Entry<String, String>> headers) {
      committed = true;
    }

    @Override
    public OutputStream body() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (gone) {
            writesAfterAbort.incrementAndGet();
            throw new IOException("Broken pipe");
          }
          writes.incrementAndGet();
          if (written.addAndGet(len) > limit) {
            gone = true;
            throw new IOException("Broken pipe");
          }
        }
      };
    }

    @Override
    public boolean isCommitted() {
      return committed;
    }
  }

  /**
   * an endless 64 KiB-chunk stream whose client leaves after 1 MiB (the scenario's 1 GiB,
   * bounded): the app is asked for no chunk after the write that failed, close() runs exactly once,
   * and the only worker thread is free for the next request.
   */
  @Test
  void r12ClientAbortStopsAnEndlessStreamAtOnce() throws Exception {
    DaemonProcessGroup daemon = daemon("r12", 1, null);
    for (int round = 0; round < 3 * SCALE; round++) {
      AbortingResponse response = new AbortingResponse(1 << 20);
      gateway.handle(
          dispatch(daemon, "stream", "/s", "/big", "", Map.of(), Optional.empty()),
          get("/s/big", "abort" + round),
          response);
      assertTrue(response.gone, "the client went away");
      assertEquals(0, response.writesAfterAbort.get(), "nothing written after the abort");

      BufferedWsgiResponse stats = new BufferedWsgiResponse();
      gateway.handle(
          dispatch(daemon, "stream_stats", "/s", "/stats", "", Map.of(), Optional.empty()),
          get("/s/stats", "stats" + round),
          stats);
      assertEquals(200, stats.status(), "the one worker thread serves the next request");
      List<String> counts = Splitter.on(' ').splitToList(stats.bodyText());
      assertEquals(
          response.writes.get(),
          Long.parseLong(counts.get(0)),
          "chunks produced = writes attempted");
      assertEquals("1", counts.get(1), "close() called exactly once");
    }
  }

  /**
   * 20% of requests fail (10% raise in the app, 10% in close()), concurrently, in a group
   * that recycles every 50 requests. Requests whose app raised get 500; close() failures come after
   * a complete response (mod_wsgi only logs them), so those clients get their full 200; every other
   * request is unaffected, and recycling still counts every request.
   */
  @Test
  void r20ExceptionStormHurtsOnlyTheFailingRequests() throws Exception {
    DaemonProcessGroup daemon = daemon("r20", 4, "50");
    int requests = 500 * SCALE;
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 1; i <= requests; i++) {
        int n = i;
        answers.add(
            clients.submit(
                () -> {
                  BufferedWsgiResponse response = new BufferedWsgiResponse();
                  gateway.handle(
                      dispatch(
                          daemon,
                          "storm",
                          "/storm",
                          "",
                          Integer.toString(n),
                          Map.of(),
                          Optional.empty()),
                      get("/storm?" + n, "s" + n),
                      response);
                  boolean raises = n % 10 == 0;
                  int wantedStatus = raises ? 500 : 200;
                  boolean ok =
                      response.status() == wantedStatus
                          && (raises || response.bodyText().equals("ok " + n));
                  return ok ? "" : n + ": " + response.status() + " " + response.bodyText();
                }));
      }
      List<String> wrong = new ArrayList<>();
      for (Future<String> answer : answers) {
        String result = answer.get(2, TimeUnit.MINUTES);
        if (!result.isEmpty()) {
          wrong.add(result);
        }
      }
      assertEquals(List.of(), wrong, requests + " requests");
    } finally {
      clients.shutdownNow();
    }
    // The storm's group recycled while failing (drain-then-swap under load).
    ProcessGroupPool<?> pool = gateway.processGroup("r20").orElseThrow();
    assertTrue(pool.awaitGeneration(2, Duration.ofSeconds(60)), "the storm's group recycled");

    // Failed requests count toward maximum-requests: five failures in a row recycle a group of
    // maximum-requests=5.
    DaemonProcessGroup counting = daemon("r20count", 1, "5");
    for (int n = 10; n <= 50; n += 10) {
      BufferedWsgiResponse response = new BufferedWsgiResponse();
      gateway.handle(
          dispatch(
              counting, "storm", "/storm", "", Integer.toString(n), Map.of(), Optional.empty()),
          get("/storm?" + n, "c" + n),
          response);
      assertEquals(500, response.status());
    }
    assertTrue(
        gateway.processGroup("r20count").orElseThrow().awaitGeneration(2, Duration.ofSeconds(60)),
        "five failed requests completed the count");
  }
}
