package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.cli.serve.ServeOptions;
import org.wsgi4j.cli.serve.WsgiServer;

/**
 * The serve differential: the seed examples' configurations and scripts (the routing kit's {@code
 * seed-trac} and {@code seed-django} cases) run under {@code wsgi4j serve} in this JVM, and every
 * request the oracle sent to real Apache httpd + mod_wsgi is sent again, as the same raw bytes over
 * a socket. Status, Location, WWW-Authenticate and Content-Type must be what Apache answered
 * ({@code apache.jsonl}, re-recorded on every CI run by OracleRecordingTest), and where the echo
 * application ran, its environ must hold the same values key by key. Requests in a case's {@code
 * deviations} file must be refused (4xx/5xx) instead: wsgi4j is deliberately stricter there.
 */
class ServeDifferentialTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  /** The port the sites are configured for (the oracle recorded a random one as @PORT@). */
  private static final int CONFIG_PORT = 8080;

  /**
   * The cases: the seed examples of the routing kit (each needs {@link #MINIMUM_REQUESTS} recorded
   * requests at least) and the serve kit's protocol cases (limits, malformed requests).
   */
  private static final List<String> CASES =
      List.of(
          "routing/seed-trac",
          "routing/seed-django",
          "serve/limits",
          "serve/wsgi-auth",
          "serve/wsgi-access");

  private static final int MINIMUM_REQUESTS = 60;

  /**
   * Environ keys not compared, and why (the rest are compared by value, both ways: a key only one
   * side has is a difference).
   */
  private static final Map<String, String> NOT_COMPARED =
      Map.of(
          "DOCUMENT_ROOT", "the router does not report the virtual host's DocumentRoot yet",
          "CONTEXT_DOCUMENT_ROOT", "the same DocumentRoot",
          "PATH_TRANSLATED", "httpd maps PATH_INFO through DocumentRoot; not emitted",
          "trac.env_path", "set by the application (trac.wsgi) from its own folder",
          "mod_wsgi.queue_start", "stamped by the runtime when a worker is queued",
          "mod_wsgi.daemon_start", "stamped by the runtime when a worker starts",
          "mod_wsgi.script_start", "stamped by the runtime just before the call",
          "mod_wsgi.connection_id", "only present at some httpd LogLevels",
          "echo.body", "the request body as the echo application read it: compared on its own");

  /** Volatile or server-specific values: only their presence is compared. */
  private static final Set<String> PRESENCE_ONLY =
      Set.of(
          "SERVER_SOFTWARE",
          "REMOTE_PORT",
          "mod_wsgi.listener_port",
          "mod_wsgi.request_id",
          "mod_wsgi.request_start",
          "mod_wsgi.daemon_connects",
          "mod_wsgi.daemon_restarts");

  @TestFactory
  Stream<DynamicNode> seedExamplesAnswerAsApacheDoes(@TempDir Path serverRoot) throws Exception {
    Files.createDirectories(serverRoot.resolve("htdocs"));
    List<DynamicNode> containers = new ArrayList<>();
    for (String path : CASES) {
      Path folder = kit().resolveSibling(path);
      String name = folder.getFileName().toString();
      List<JsonNode> requests = lines(folder.resolve("requests.jsonl"));
      Map<String, JsonNode> apache = new HashMap<>();
      for (JsonNode answer : lines(folder.resolve("apache.jsonl"))) {
        apache.put(answer.get("id").asText(), answer);
      }
      Map<String, String> deviations = deviations(folder);
      Map<String, String> known = differences(name);
      assertTrue(
          !path.startsWith("routing/") || requests.size() >= MINIMUM_REQUESTS,
          name + ": at least " + MINIMUM_REQUESTS + " requests, found " + requests.size());
      Map<String, RawExchange> ours = exchange(folder, serverRoot, requests);
      List<DynamicNode> tests = new ArrayList<>();
      for (JsonNode request : requests) {
        String id = request.get("id").asText();
        JsonNode recorded = apache.get(id);
        tests.add(
            DynamicTest.dynamicTest(
                id,
                () ->
                    compare(
                        folder,
                        recorded,
                        ours.get(id),
                        Optional.ofNullable(deviations.get(id))
                            .or(() -> Optional.ofNullable(known.get(id + " status"))),
                        Optional.ofNullable(known.get(id + " lenient")),
                        environKeysExcused(known, id))));
      }
      containers.add(DynamicContainer.dynamicContainer(name, tests));
    }
    return containers.stream();
  }

  /** Starts serve for one case, sends every request, stops it: the answers by request id. */
  static Map<String, RawExchange> exchange(Path folder, Path serverRoot, List<JsonNode> requests)
      throws Exception {
    Path config = serverRoot.resolve(folder.getFileName() + ".conf");
    Files.writeString(config, siteConfig(folder, serverRoot), StandardCharsets.UTF_8);
    ServeOptions options =
        ServeOptions.of(config)
            .withListen("127.0.0.1:0")
            .withLogs(
                Optional.of(serverRoot.resolve(folder.getFileName() + "-access.log")),
                Optional.of(serverRoot.resolve(folder.getFileName() + "-error.log")));
    StringWriter out = new StringWriter();
    Optional<WsgiServer> server =
        WsgiServer.start(options, new PrintWriter(out), new PrintWriter(out));
    assertTrue(server.isPresent(), out.toString());
    Map<String, RawExchange> answers = new HashMap<>();
    try {
      int port = server.get().localPorts().get(0);
      for (JsonNode request : requests) {
        answers.put(request.get("id").asText(), RawExchange.send(port, request));
      }
    } finally {
      server.get().stop();
    }
    return answers;
  }

  /**
   * The case's site.conf inside what the oracle's apache-run writes around it: ServerName localhost
   * and an empty DocumentRoot, so that unmatched URLs get the server's own 404.
   */
  static String siteConfig(Path folder, Path serverRoot) throws IOException {
    String site =
        Files.readString(folder.resolve("site.conf"), StandardCharsets.UTF_8)
            .replace("@ROOT@", folder.toString())
            .replace("@PORT@", Integer.toString(CONFIG_PORT));
    return "ServerName localhost\n"
        + "DocumentRoot \""
        + serverRoot.resolve("htdocs")
        + "\"\n"
        + site;
  }

  private static void compare(
      Path folder,
      JsonNode apache,
      RawExchange ours,
      Optional<String> deviation,
      Optional<String> lenient,
      Set<String> excused)
      throws IOException {
    assertTrue(apache != null, "no Apache recording");
    if (lenient.isPresent()) {
      assertTrue(ours.status() > 0, "an answer (" + lenient.get() + ")");
      return;
    }
    int apacheStatus = apache.get("status").asInt();
    if (deviation.isPresent()) {
      assertTrue(
          ours.status() >= 400,
          "a deliberate refusal (" + deviation.get() + "), but wsgi4j answered " + ours.status());
      return;
    }
    assertEquals(apacheStatus, ours.status(), "status (" + ours.reason() + ")");
    JsonNode headers = apache.get("headers");
    assertEquals(header(headers, "location", folder), ours.headers().get("location"), "Location");
    assertEquals(
        header(headers, "www-authenticate", folder),
        ours.headers().get("www-authenticate"),
        "WWW-Authenticate");
    assertEquals(
        header(headers, "content-type", folder),
        ours.headers().get("content-type"),
        "Content-Type");
    Optional<Map<String, Object>> apacheEnviron = environ(apache.path("body").asText(""));
    Optional<Map<String, Object>> ourEnviron = environ(ours.bodyText());
    assertEquals(apacheEnviron.isPresent(), ourEnviron.isPresent(), "the application ran");
    if (apacheEnviron.isPresent()) {
      compareEnviron(folder, apacheEnviron.get(), ourEnviron.get(), excused);
    } else if (isApplicationText(headers)) {
      assertEquals(apache.path("body").asText(""), ours.bodyText(), "the application's body");
    }
  }

  /** trac.wsgi's own text/plain answers (its 404): the body is the application's, compared. */
  private static boolean isApplicationText(JsonNode headers) {
    return headers.path("content-type").asText("").startsWith("text/plain") && !headers.has("etag");
  }

  private static void compareEnviron(
      Path folder, Map<String, Object> apache, Map<String, Object> ours, Set<String> excused) {
    Map<String, Object> wanted = new TreeMap<>();
    Map<String, Object> actual = new TreeMap<>();
    for (Map.Entry<String, Object> entry : apache.entrySet()) {
      String key = entry.getKey();
      if (NOT_COMPARED.containsKey(key) || excused.contains(key)) {
        continue;
      }
      if (PRESENCE_ONLY.contains(key)) {
        wanted.put(key, "present");
        actual.put(key, ours.containsKey(key) ? "present" : null);
        continue;
      }
      wanted.put(key, substitute(entry.getValue(), folder));
      actual.put(key, ours.get(key));
    }
    for (Map.Entry<String, Object> entry : ours.entrySet()) {
      if (!apache.containsKey(entry.getKey()) && !NOT_COMPARED.containsKey(entry.getKey())) {
        wanted.put(entry.getKey(), null);
        actual.put(entry.getKey(), entry.getValue());
      }
    }
    assertEquals(wanted, actual, "environ");
    assertEquals(apache.get("echo.body"), ours.get("echo.body"), "the request body the app read");
  }

  private static Object substitute(Object value, Path folder) {
    return value instanceof String text
        ? text.replace("@ROOT@", folder.toString()).replace("@PORT@", Integer.toString(CONFIG_PORT))
        : value;
  }

  private static String header(JsonNode headers, String name, Path folder) {
    JsonNode value = headers.get(name);
    return value == null ? null : (String) substitute(value.asText(), folder);
  }

  @SuppressWarnings("unchecked")
  private static Optional<Map<String, Object>> environ(String body) {
    if (!body.startsWith("{")) {
      return Optional.empty();
    }
    try {
      Map<String, Object> map = JSON.readValue(body, Map.class);
      return map.containsKey("REQUEST_METHOD") && map.containsKey("wsgi.version")
          ? Optional.of(map)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The documented differences of {@code serve/differences} for one case: "ID status" or "ID
   * environ:KEY" to the reason.
   */
  private static Map<String, String> differences(String caseName) throws IOException {
    Map<String, String> known = new HashMap<>();
    Path file = kit().resolveSibling("serve").resolve("differences");
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split(" ", 4);
      if (!line.isBlank() && !line.startsWith("#") && parts[0].equals(caseName)) {
        known.put(parts[1] + " " + parts[2], parts.length > 3 ? parts[3] : "");
      }
    }
    return known;
  }

  private static Set<String> environKeysExcused(Map<String, String> known, String id) {
    Set<String> keys = new java.util.HashSet<>();
    for (String key : known.keySet()) {
      if (key.startsWith(id + " environ:")) {
        keys.add(key.substring((id + " environ:").length()));
      }
    }
    return keys;
  }

  private static Map<String, String> deviations(Path folder) throws IOException {
    Map<String, String> deviations = new HashMap<>();
    Path file = folder.resolve("deviations");
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] parts = line.split(" ", 2);
          deviations.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
      }
    }
    return deviations;
  }

  static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  static Path kit() {
    try {
      return Path.of(ServeDifferentialTest.class.getResource("/routing/README.md").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
