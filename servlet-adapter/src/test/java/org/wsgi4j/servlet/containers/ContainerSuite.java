package org.wsgi4j.servlet.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.routing.FileAuthenticator;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.RouteContext;
import org.wsgi4j.routing.Router;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.servlet.GatewayRunner;
import org.wsgi4j.servlet.WsgiApplicationRunner;
import org.wsgi4j.servlet.WsgiFilter;
import org.wsgi4j.wsgi.jython.JythonGateway;

/**
 * The filter's integration suite, run in every supported servlet container (one subclass each): the
 * recorded {@code filter-site} requests (static files as httpd serves them, odd request-targets
 * that the container must leave to the router) compared with real Apache's answers; WSGI dispatch
 * on real Jython in servlet async mode (waiting requests hold no container thread, mod_wsgi's
 * timeouts, close() of the iterable exactly once on abort and failure); and a configuration reload
 * under load.
 *
 * <p>Expected values are Apache's recording. Where the router deliberately answers otherwise
 * (security.md's "refuse what Apache tolerates"), the router's own answer for the same request is
 * expected instead, computed here by routing the request without a container. What a container
 * still decides differently is listed by its subclass, word for word, and in docs/containers.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ContainerSuite {
  /** wsgi4j refuses TRACE unless the configuration enables it, so does not offer it. */
  private static final String ALLOW_WITHOUT_TRACE =
      "allow: 'GET,HEAD,OPTIONS,POST' (Apache: 'GET,HEAD,OPTIONS,POST,TRACE')";

  /** Differences every container shows because the filter chooses them (see the javadoc). */
  private static final ImmutableMap<String, String> FILTER_CHOICES =
      ImmutableMap.of(
          "options", ALLOW_WITHOUT_TRACE,
          "put", ALLOW_WITHOUT_TRACE,
          "delete", ALLOW_WITHOUT_TRACE,
          // httpd ends its 416 page by closing the connection; a length keeps it open.
          "range-unsatisfiable", "content-length: '354' (Apache: absent)",
          "range-unsatisfiable-2", "content-length: '354' (Apache: absent)");

  private static final List<String> COMPARED_HEADERS =
      List.of(
          "content-type",
          "content-range",
          "etag",
          "last-modified",
          "accept-ranges",
          "allow",
          "content-length");

  private static final Pattern BOUNDARY = Pattern.compile("boundary=([0-9A-Za-z]+)");

  private ServletContainer siteContainer;
  private ServletContainer wsgiContainer;
  private WsgiFilter siteFilter;
  private LoadResult swapA;
  private LoadResult swapB;
  private Router router;
  private JythonGateway gateway;
  private int sitePort;
  private int wsgiPort;

  /** A fresh, unstarted container of the kind under test. */
  protected abstract ServletContainer newContainer();

  /**
   * Request ids of {@code filter-site} where this container answers differently from the
   * expectation, with the differences exactly as {@link #differences} words them.
   */
  protected abstract Map<String, String> containerDeviations();

  /** Stands in for the Jython gateway in the recorded comparison: reports what it was handed. */
  static final class ReportingRunner implements WsgiApplicationRunner {
    @Override
    public void run(
        RoutingDecision.Dispatch decision, HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setStatus(200);
      response.setContentType("text/plain");
      String body =
          "SCRIPT_NAME="
              + decision.target().scriptName()
              + "\nPATH_INFO="
              + decision.target().pathInfo()
              + "\nREMOTE_USER="
              + decision.facts().user().orElse("")
              + "\nSCRIPT_FILENAME="
              + Path.of(decision.target().scriptFilename()).getFileName()
              + "\nGROUP="
              + decision.target().processGroup()
              + "\n";
      response.getOutputStream().write(body.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Path siteDir = Files.createDirectories(dir.resolve("site"));
    FilterSite site = FilterSite.create(siteDir);
    // test / secret
    Files.writeString(siteDir.resolve("users"), "test:$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40\n");
    Files.writeString(siteDir.resolve("a.wsgi"), "# stand-in\n");
    Files.writeString(siteDir.resolve("b.wsgi"), "# stand-in\n");
    List<String> extra =
        List.of(
            "Redirect /old /app/new",
            "<LocationMatch ^/app/login>",
            "AuthType Basic",
            "AuthName \"Login\"",
            "AuthUserFile " + siteDir.resolve("users"),
            "Require valid-user",
            "</LocationMatch>",
            "WSGIDaemonProcess alpha threads=1",
            "WSGIDaemonProcess beta threads=1");
    swapA = load(site.config("site-a.conf", swap(extra, siteDir, "a.wsgi", "alpha")));
    swapB = load(site.config("site-b.conf", swap(extra, siteDir, "b.wsgi", "beta")));
    router = new Router(RouteContext.of(swapA.model()).withAuthenticator(new FileAuthenticator()));
    siteFilter = new WsgiFilter(swapA, Optional.of(new ReportingRunner()));
    siteContainer = newContainer();
    sitePort = siteContainer.start(siteFilter);

    Path wsgiDir = Files.createDirectories(dir.resolve("wsgi"));
    Path script = wsgiDir.resolve("gate.wsgi");
    try (InputStream in = ContainerSuite.class.getResourceAsStream("/async/gate.wsgi")) {
      Files.copy(in, script);
    }
    List<String> lines = new ArrayList<>();
    lines.add("WSGIDaemonProcess many threads=1");
    lines.add("WSGIDaemonProcess one threads=1 queue-timeout=1");
    lines.add("WSGIDaemonProcess quiet threads=1 socket-timeout=1");
    for (String group : List.of("many", "one", "quiet")) {
      lines.add("WSGIScriptAlias /" + group + " " + script);
      lines.add("<Location /" + group + ">");
      lines.add("WSGIProcessGroup " + group);
      lines.add("</Location>");
    }
    Path wsgiConfig = wsgiDir.resolve("wsgi.conf");
    Files.writeString(wsgiConfig, String.join("\n", lines) + "\n");
    gateway = new JythonGateway();
    wsgiContainer = newContainer();
    wsgiPort =
        wsgiContainer.start(
            new WsgiFilter(load(wsgiConfig), Optional.of(new GatewayRunner(gateway))));
  }

  private static String[] swap(List<String> extra, Path dir, String script, String group) {
    List<String> lines = new ArrayList<>(extra);
    lines.add("WSGIScriptAlias /swap " + dir.resolve(script));
    lines.add("<Location /swap>");
    lines.add("WSGIProcessGroup " + group);
    lines.add("</Location>");
    return lines.toArray(String[]::new);
  }

  private static LoadResult load(Path config) {
    LoadResult loaded = ConfigLoader.load(config);
    assertTrue(loaded.isServable(), loaded.diagnostics().toString());
    return loaded;
  }

  @AfterAll
  void stop() throws Exception {
    for (ServletContainer container : new ServletContainer[] {siteContainer, wsgiContainer}) {
      if (container != null) {
        container.stop();
      }
    }
  }

  // ---------------------------------------------------------------- recorded comparison

  @TestFactory
  Stream<DynamicTest> answersTheRecordedRequestsLikeApache() throws IOException {
    Map<String, JsonNode> apache = FilterSite.apache();
    Map<String, String> deviations = new TreeMap<>(FILTER_CHOICES);
    deviations.putAll(containerDeviations());
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode request : FilterSite.requests()) {
      String id = request.get("id").asText();
      tests.add(
          DynamicTest.dynamicTest(
              id,
              () -> {
                RawHttp.Response response = send(sitePort, request);
                String found = String.join("; ", differences(request, apache.get(id), response));
                assertEquals(deviations.getOrDefault(id, ""), found, id);
              }));
    }
    return tests.stream();
  }

  @Test
  void everyListedDeviationIsARecordedRequest() throws IOException {
    Map<String, JsonNode> apache = FilterSite.apache();
    for (String id : containerDeviations().keySet()) {
      assertTrue(apache.containsKey(id), id);
    }
  }

  private static RawHttp.Response send(int port, JsonNode request) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> header : request.get("headers").properties()) {
      headers.put(header.getKey(), header.getValue().asText());
    }
    String body = request.has("body") ? request.get("body").asText() : null;
    return RawHttp.send(
        port, request.get("method").asText(), request.get("target").asText(), headers, body);
  }

  /** What differs between our answer and the expected one, in a stable wording. */
  List<String> differences(JsonNode request, JsonNode apache, RawHttp.Response ours)
      throws IOException {
    String id = request.get("id").asText();
    int expectedStatus = apache.get("status").asInt();
    Map<String, String> expectedEnviron = new LinkedHashMap<>();
    if (id.startsWith("edge-")) {
      if (expectedStatus == 200
          && apache.has("body")
          && apache.get("body").asText().startsWith("{")) {
        JsonNode environ = FilterSite.parse(apache.get("body").asText());
        expectedEnviron.put("SCRIPT_NAME", environ.path("SCRIPT_NAME").asText());
        expectedEnviron.put("PATH_INFO", environ.path("PATH_INFO").asText());
      }
      RoutingDecision decision = router.route(view(request));
      if (decision.status() >= 400 && decision.status() != expectedStatus) {
        // The router refuses on purpose what httpd tolerates: the container must let it.
        expectedStatus = decision.status();
        expectedEnviron.clear();
        if (decision instanceof RoutingDecision.Dispatch dispatch) {
          expectedEnviron.put("SCRIPT_NAME", dispatch.target().scriptName());
          expectedEnviron.put("PATH_INFO", dispatch.target().pathInfo());
        }
      }
    }
    List<String> found = new ArrayList<>();
    if (ours.status() != expectedStatus) {
      found.add("status " + ours.status() + " (expected " + expectedStatus + ")");
      return found;
    }
    if (id.startsWith("edge-")) {
      Map<String, String> reported = new LinkedHashMap<>();
      for (String line : ours.text().split("\n", -1)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          reported.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      expectedEnviron.forEach(
          (key, value) -> {
            if (!value.equals(reported.get(key))) {
              found.add(key + " '" + reported.get(key) + "' (Apache: '" + value + "')");
            }
          });
      return found;
    }
    Map<String, String> headers = new LinkedHashMap<>(ours.headers());
    String body = ours.text();
    Matcher boundary = BOUNDARY.matcher(headers.getOrDefault("content-type", ""));
    if (boundary.find()) {
      String value = boundary.group(1);
      headers.put("content-type", headers.get("content-type").replace(value, "@BOUNDARY@"));
      body = body.replace(value, "@BOUNDARY@");
      if (String.valueOf(ours.text().length()).equals(headers.get("content-length"))) {
        headers.put("content-length", "@LENGTH@");
      }
    }
    JsonNode expectedHeaders = apache.get("headers");
    for (String name : COMPARED_HEADERS) {
      String expected = expectedHeaders.has(name) ? expectedHeaders.get(name).asText() : null;
      String actual = headers.get(name);
      if (name.equals("allow") && actual != null && expected != null) {
        // httpd's order of the methods varies from run to run.
        actual = sortedMethods(actual);
        expected = sortedMethods(expected);
      }
      if (name.equals("content-type") && actual != null && expected != null) {
        // "a/b;charset=x" and "a/b; charset=x" are the same type (RFC 9110 8.3.1); some
        // containers re-spell what the filter sets.
        actual = actual.replace(";charset=", "; charset=");
      }
      if (expected == null ? actual != null : !expected.equals(actual)) {
        found.add(
            name
                + ": "
                + (actual == null ? "absent" : "'" + actual + "'")
                + " (Apache: "
                + (expected == null ? "absent" : "'" + expected + "'")
                + ")");
      }
    }
    String expectedBody = apache.has("body") ? apache.get("body").asText() : "";
    if (!expectedBody.equals(body)) {
      found.add("body differs");
    }
    return found;
  }

  private static String sortedMethods(String allow) {
    return String.join(",", new java.util.TreeSet<>(List.of(allow.split("\\s*,\\s*"))));
  }

  private static RequestView view(JsonNode request) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(new AbstractMap.SimpleImmutableEntry<>("Host", "localhost"));
    for (Map.Entry<String, JsonNode> header : request.get("headers").properties()) {
      headers.add(
          new AbstractMap.SimpleImmutableEntry<>(header.getKey(), header.getValue().asText()));
    }
    return new RequestView(
        request.get("method").asText(),
        request.get("target").asText(),
        "HTTP/1.1",
        ImmutableList.copyOf(headers),
        "127.0.0.1",
        "127.0.0.1",
        80,
        false);
  }

  // ---------------------------------------------------------------- other decisions

  @Test
  void challengesThenAcceptsBasicCredentials() throws IOException {
    RawHttp.Response challenge = RawHttp.get(sitePort, "/app/login");
    assertEquals(401, challenge.status());
    assertEquals("Basic realm=\"Login\"", challenge.header("WWW-Authenticate"));
    RawHttp.Response accepted =
        RawHttp.get(sitePort, "/app/login", "Authorization: Basic dGVzdDpzZWNyZXQ=");
    assertEquals(200, accepted.status());
    assertTrue(accepted.text().contains("REMOTE_USER=test\n"), accepted.text());
  }

  @Test
  void redirectsWithAnAbsoluteLocation() throws IOException {
    RawHttp.Response response = RawHttp.get(sitePort, "/old/page");
    assertEquals(302, response.status());
    assertEquals("http://localhost/app/new/page", response.header("Location"));
  }

  // ---------------------------------------------------------------- async WSGI dispatch

  @Test
  void requestsWaitingForAWorkerHoldNoContainerThread() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try {
      List<Future<RawHttp.Response>> answers = new ArrayList<>();
      answers.add(clients.submit(() -> RawHttp.get(wsgiPort, "/many/wait/" + gate("first"))));
      Gates.awaitTrue("the first request runs", () -> Gates.arrived(gate("first")) == 1);
      for (int i = 0; i < 5; i++) {
        String target = "/many/wait/" + gate("first") + "?" + i;
        answers.add(clients.submit(() -> RawHttp.get(wsgiPort, target)));
      }
      Gates.awaitTrue(
          "five requests wait for the group's only worker",
          () -> gateway.processGroup("many").map(p -> p.queued() == 5).orElse(false));
      // With blocking dispatch six container threads would sit in the filter now.
      assertEquals(List.of(), threadsInsideTheFilter());
      // The container still answers other requests meanwhile.
      RawHttp.Response other = RawHttp.get(wsgiPort, "/nothing-here");
      assertEquals(404, other.status());
      Gates.open(gate("first"));
      for (Future<RawHttp.Response> answer : answers) {
        RawHttp.Response response = answer.get(1, TimeUnit.MINUTES);
        assertEquals(200, response.status());
        assertEquals("passed " + gate("first"), response.text());
      }
    } finally {
      Gates.open(gate("first"));
      clients.shutdownNow();
    }
  }

  private static List<String> threadsInsideTheFilter() {
    List<String> inside = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
      for (StackTraceElement frame : entry.getValue()) {
        if (frame.getClassName().equals(WsgiFilter.class.getName())
            && frame.getMethodName().equals("doFilter")) {
          inside.add(entry.getKey().getName());
          break;
        }
      }
    }
    return inside;
  }

  @Test
  void aRequestThatWaitedLongerThanQueueTimeoutGets504() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      Future<RawHttp.Response> first =
          clients.submit(() -> RawHttp.get(wsgiPort, "/one/wait/" + gate("queue-holder")));
      Gates.awaitTrue("the worker is busy", () -> Gates.arrived(gate("queue-holder")) == 1);
      Future<RawHttp.Response> second =
          clients.submit(
              () -> RawHttp.get(wsgiPort, "/one/wait/" + gate("queue-holder") + "?late"));
      Gates.awaitTrue(
          "the second request is queued",
          () -> gateway.processGroup("one").map(p -> p.queued() == 1).orElse(false));
      // queue-timeout=1: let more than a second pass before the worker is free.
      Thread.sleep(1500);
      Gates.open(gate("queue-holder"));
      assertEquals(200, first.get(1, TimeUnit.MINUTES).status());
      assertEquals(504, second.get(1, TimeUnit.MINUTES).status());
      assertEquals(1, Gates.arrived(gate("queue-holder")), "the late request never ran");
    } finally {
      Gates.open(gate("queue-holder"));
      clients.shutdownNow();
    }
  }

  @Test
  void silenceLongerThanSocketTimeoutGets504AndTheIterableIsClosedOnce() throws Exception {
    try {
      RawHttp.Response response = RawHttp.get(wsgiPort, "/quiet/quiet/" + gate("silent"));
      assertEquals(504, response.status());
      assertTrue(response.text().contains("Gateway Timeout"), response.text());
    } finally {
      Gates.open(gate("silent"));
    }
    // The application carries on, finds the client gone, and its iterable is closed once.
    Gates.awaitTrue("close() was called", () -> Gates.closedCount(gate("silent")) >= 1);
    assertEquals(200, RawHttp.get(wsgiPort, "/quiet/plain/" + gate("after-silent")).status());
    assertEquals(1, Gates.closedCount(gate("silent")));
  }

  @Test
  void aClientThatGoesAwayGetsItsIterableClosedOnce() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), wsgiPort)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /many/stream/" + gate("abort") + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] start = in.readNBytes(64 * 1024);
      assertTrue(new String(start, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
      socket.setSoLinger(true, 0);
    }
    Gates.awaitTrue("close() was called", () -> Gates.closedCount(gate("abort")) >= 1);
    assertEquals(200, RawHttp.get(wsgiPort, "/many/plain/" + gate("after-abort")).status());
    assertEquals(1, Gates.closedCount(gate("abort")));
  }

  @Test
  void anIterableThatRaisesIsClosedOnceAndTheNextRequestIsFine() throws Exception {
    RawHttp.Response failed;
    try {
      failed = RawHttp.get(wsgiPort, "/many/fail/" + gate("raiser"));
      assertEquals(200, failed.status());
    } catch (IOException truncated) {
      // A container may cut the connection instead of ending the chunked body: also fine.
      failed = null;
    }
    if (failed != null) {
      assertTrue(failed.text().startsWith("first\n"), failed.text());
    }
    Gates.awaitTrue("close() was called", () -> Gates.closedCount(gate("raiser")) >= 1);
    RawHttp.Response next = RawHttp.get(wsgiPort, "/many/plain/" + gate("after-raise"));
    assertEquals(200, next.status());
    assertEquals("passed " + gate("after-raise"), next.text());
    assertEquals(1, Gates.closedCount(gate("raiser")));
  }

  @Test
  void aFileWrapperOfAFileIsSentWholeOrCutAtContentLengthAndClosedOnce(@TempDir Path tmp)
      throws Exception {
    // Several blocks of the container's path, and bytes of every value (no text conversion).
    byte[] data = new byte[300_001];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + i / 256);
    }
    Path file = Files.write(tmp.resolve("data.bin"), data);
    String whole = new String(data, StandardCharsets.ISO_8859_1);
    RawHttp.Response sent = RawHttp.get(wsgiPort, "/many/file/" + gate("file") + "?" + file);
    assertEquals(200, sent.status());
    assertEquals("300001", sent.header("Content-Length"), "added as mod_wsgi adds it");
    assertEquals(whole, sent.text());
    RawHttp.Response cut = RawHttp.get(wsgiPort, "/many/filecl/" + gate("filecl") + "?" + file);
    assertEquals(200, cut.status());
    assertEquals("1000", cut.header("Content-Length"));
    assertEquals(whole.substring(0, 1000), cut.text());
    Gates.awaitTrue("close() was called", () -> Gates.closedCount(gate("file")) >= 1);
    Gates.awaitTrue("close() was called", () -> Gates.closedCount(gate("filecl")) >= 1);
    assertEquals(1, Gates.closedCount(gate("file")));
    assertEquals(1, Gates.closedCount(gate("filecl")));
  }

  // ---------------------------------------------------------------- reload (security.md R-21)

  @Test
  void everyRequestRunsUnderOneConfigurationWhileItIsReloaded() throws Exception {
    int clientsCount = 4;
    int perClient = 150;
    AtomicBoolean done = new AtomicBoolean();
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(clientsCount + 1);
    try {
      Future<Integer> reloader =
          pool.submit(
              () -> {
                int reloads = 0;
                while (!done.get()) {
                  assertTrue(siteFilter.reload(reloads % 2 == 0 ? swapB : swapA));
                  reloads++;
                  Thread.sleep(1);
                }
                return reloads;
              });
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < clientsCount; c++) {
        clients.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perClient; i++) {
                    RawHttp.Response response = RawHttp.get(sitePort, "/swap/x");
                    String text = response.text();
                    String pair =
                        (text.contains("SCRIPT_FILENAME=a.wsgi\n") ? "a" : "")
                            + (text.contains("SCRIPT_FILENAME=b.wsgi\n") ? "b" : "")
                            + "/"
                            + (text.contains("GROUP=alpha\n") ? "alpha" : "")
                            + (text.contains("GROUP=beta\n") ? "beta" : "");
                    if (response.status() != 200) {
                      errors.add(response.status() + " " + text);
                    }
                    seen.merge(pair, 1, Integer::sum);
                  }
                  return null;
                }));
      }
      for (Future<?> client : clients) {
        client.get(5, TimeUnit.MINUTES);
      }
      done.set(true);
      int reloads = reloader.get(1, TimeUnit.MINUTES);
      assertEquals(List.of(), errors);
      assertTrue(reloads > 1, "reloaded " + reloads + " times");
      // Only consistent snapshots: script a with group alpha, or b with beta.
      Map<String, Integer> mixed = new TreeMap<>(seen);
      mixed.remove("a/alpha");
      mixed.remove("b/beta");
      assertEquals(Map.of(), mixed, "answers by script/group: " + seen);
      assertEquals(clientsCount * perClient, seen.values().stream().mapToInt(i -> i).sum());
    } finally {
      done.set(true);
      pool.shutdownNow();
      siteFilter.reload(swapA);
    }
  }

  /** Gate names are per container: the suites share the JVM and {@link Gates}. */
  private String gate(String name) {
    return getClass().getSimpleName() + "-" + name;
  }
}
