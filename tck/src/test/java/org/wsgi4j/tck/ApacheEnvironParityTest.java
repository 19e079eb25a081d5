package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.Router;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.wsgi.WsgiEnviron;
import org.wsgi4j.wsgi.WsgiEnvironBuilder;
import org.wsgi4j.wsgi.WsgiRequest;

/**
 * The environ {@link WsgiEnvironBuilder} builds, compared with what real mod_wsgi 4.9.4 gave the
 * oracle's echo app for the same request (each routing case's {@code apache.jsonl}): each recorded
 * request is routed with the real {@link Router}, its environ built and compared key by key, both
 * ways.
 */
class ApacheEnvironParityTest {
  private static final int PORT = RoutingCases.PORT;

  /** Numbers as Long, as the recorded environ values are compared. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  /**
   * Keys not compared, and why. None of the recorded string keys is specific to Python 3 or CPython
   * except the {@code Python/3.11} token inside SERVER_SOFTWARE's value.
   */
  private static final Map<String, String> NOT_COMPARED =
      Map.of(
          "DOCUMENT_ROOT", "the router does not report the virtual host's DocumentRoot yet",
          "CONTEXT_DOCUMENT_ROOT", "the same DocumentRoot",
          "PATH_TRANSLATED", "httpd maps PATH_INFO through DocumentRoot; not emitted",
          "trac.env_path", "set by the application (trac.wsgi), not the server",
          "mod_wsgi.queue_start", "stamped by the runtime when a worker is queued",
          "mod_wsgi.daemon_start", "stamped by the runtime when a worker starts",
          "mod_wsgi.script_start", "stamped by the runtime just before the call",
          "mod_wsgi.connection_id", "only present at some httpd LogLevels");

  /**
   * Keys whose value differs by design or is volatile: only their presence is compared.
   * SERVER_SOFTWARE is the server's banner (httpd's: Apache/2.4.71 (Debian) mod_wsgi/4.9.4
   * Python/3.11).
   */
  private static final Set<String> PRESENCE_ONLY =
      Set.of(
          "SERVER_SOFTWARE",
          "REMOTE_PORT",
          "mod_wsgi.request_id",
          "mod_wsgi.request_start",
          "mod_wsgi.daemon_connects",
          "mod_wsgi.daemon_restarts");

  /**
   * Keys the router puts in RouteFacts.environment() that httpd does not have: known router gaps,
   * reported, not the gateway's to hide. httpd computes REDIRECT_URL/REDIRECT_QUERY_STRING from
   * r->prev when the CGI variables are built, so they are never renamed to REDIRECT_REDIRECT_*.
   */
  private static final Set<String> ROUTER_GAPS = Set.of("REDIRECT_REDIRECT_URL");

  @TestFactory
  Stream<DynamicNode> environMatchesModWsgi(@TempDir Path serverRoot) throws IOException {
    Files.createDirectories(serverRoot.resolve("htdocs"));
    List<DynamicNode> containers = new ArrayList<>();
    int compared = 0;
    List<Path> folders = RoutingCases.caseFolders();
    WsgiEnvironBuilder builder = new WsgiEnvironBuilder();
    for (Path folder : folders) {
      Router router = RoutingCases.router(folder, serverRoot);
      Map<String, Map<String, Object>> answers = new HashMap<>();
      for (String line : Files.readAllLines(folder.resolve("apache.jsonl"))) {
        if (!line.isBlank()) {
          Map<String, Object> answer = object(line);
          answers.put((String) answer.get("id"), answer);
        }
      }
      List<DynamicNode> tests = new ArrayList<>();
      for (String line : Files.readAllLines(folder.resolve("requests.jsonl"))) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, Object> request = object(line);
        Map<String, Object> answer = answers.get((String) request.get("id"));
        if (request.containsKey("raw") || answer == null || !echoAnswer(answer)) {
          continue;
        }
        RequestView view = view(request);
        RoutingDecision decision = router.route(view);
        if (!(decision instanceof RoutingDecision.Dispatch dispatch)) {
          continue; // a routing difference: RoutingTckTest's business, with its deviations
        }
        compared++;
        Map<String, Object> apache = object((String) answer.get("body"));
        tests.add(
            DynamicTest.dynamicTest(
                (String) request.get("id"),
                () -> compare(folder, apache, builder.build(dispatch, asRequest(view, request)))));
      }
      containers.add(DynamicContainer.dynamicContainer(folder.getFileName().toString(), tests));
    }
    assertTrue(compared >= 150, "at least 150 recorded environs compared, found " + compared);
    return containers.stream();
  }

  static boolean echoAnswer(Map<String, Object> answer) {
    Object body = answer.get("body");
    return Long.valueOf(200).equals(answer.get("status"))
        && body instanceof String text
        && text.startsWith("{")
        && text.contains("\"wsgi.version\"");
  }

  private static void compare(Path folder, Map<String, Object> apache, WsgiEnviron environ) {
    Map<String, Object> ours = environ.asMap();
    Map<String, Object> wanted = new TreeMap<>();
    Map<String, Object> actual = new TreeMap<>();
    for (Map.Entry<String, Object> e : apache.entrySet()) {
      String key = e.getKey();
      if (NOT_COMPARED.containsKey(key) || key.equals("echo.body")) {
        continue;
      }
      Object value = e.getValue();
      if (value instanceof String text) {
        value = text.replace("@ROOT@", folder.toString()).replace("@PORT@", Integer.toString(PORT));
      }
      if (PRESENCE_ONLY.contains(key)) {
        wanted.put(key, "present");
        actual.put(key, ours.containsKey(key) ? "present" : null);
        continue;
      }
      wanted.put(key, normalise(value));
      actual.put(key, normalise(ours.get(key)));
    }
    for (String key : ours.keySet()) {
      boolean excused = NOT_COMPARED.containsKey(key) || ROUTER_GAPS.contains(key);
      if (!apache.containsKey(key) && !excused) {
        wanted.put(key, null);
        actual.put(key, ours.get(key));
      }
    }
    assertEquals(wanted, actual);
  }

  static Object normalise(Object value) {
    return value instanceof List<?> list
        ? list.stream().map(ApacheEnvironParityTest::asLong).toList()
        : value;
  }

  /** The request line and header lines exactly as the oracle's probe sent them. */
  @SuppressWarnings("unchecked")
  static RequestView view(Map<String, Object> request) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    Map<String, Object> given =
        (Map<String, Object>) request.getOrDefault("headers", new LinkedHashMap<>());
    Set<String> lower = new java.util.HashSet<>();
    given.keySet().forEach(k -> lower.add(k.toLowerCase(Locale.ROOT)));
    if (!lower.contains("host")) {
      headers.add(Map.entry("Host", "localhost"));
    }
    for (Map.Entry<String, Object> field : given.entrySet()) {
      Object value = field.getValue();
      if (value instanceof List<?> list) {
        list.forEach(item -> headers.add(Map.entry(field.getKey(), (String) item)));
      } else if (value != null) {
        headers.add(Map.entry(field.getKey(), (String) value));
      }
    }
    if (!lower.contains("connection")) {
      headers.add(Map.entry("Connection", "close"));
    }
    byte[] body = body(request);
    boolean framed = lower.contains("content-length") || lower.contains("transfer-encoding");
    if (body.length > 0 && !framed) {
      headers.add(Map.entry("Content-Length", Integer.toString(body.length)));
    }
    String method = (String) request.getOrDefault("method", "GET");
    String target = (String) request.getOrDefault("target", "/");
    String version = (String) request.getOrDefault("version", "HTTP/1.1");
    return new RequestView(
        method,
        target,
        version,
        ImmutableList.copyOf(headers),
        "127.0.0.1",
        "127.0.0.1",
        PORT,
        false);
  }

  static byte[] body(Map<String, Object> request) {
    if (request.get("body_base64") instanceof String b64) {
      return Base64.getDecoder().decode(b64);
    }
    Object body = request.get("body");
    return body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : new byte[0];
  }

  static WsgiRequest asRequest(RequestView view, Map<String, Object> request) {
    return WsgiRequest.of(view, 45678, new ByteArrayInputStream(body(request)));
  }

  private static Object asLong(Object value) {
    return value instanceof Integer i ? (Object) Long.valueOf(i) : value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String json) throws IOException {
    return JSON.readValue(json, Map.class);
  }
}
