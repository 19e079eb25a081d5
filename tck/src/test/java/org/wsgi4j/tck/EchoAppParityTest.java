package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.Router;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.jython.JythonGateway;

/**
 * End to end: the oracle's echo app (each case's own copy: {@code echo.wsgi}, {@code trac.wsgi},
 * the seed Django {@code wsgi.py}) run by the Jython gateway answers every recorded request with
 * the same environ that real mod_wsgi 4.9.4 gave it: same keys, same values, the request body read
 * through {@code wsgi.input}, and the {@code wsgi.*} flags as booleans. Unlike {@link
 * ApacheEnvironParityTest} this runs the script, so what the runtime adds (the Python dict, the
 * streams, the timing stamps, {@code mod_wsgi.version}-free JSON) is covered too.
 */
class EchoAppParityTest {
  /** Keys not compared, and why (documented exceptions). */
  private static final Map<String, String> NOT_COMPARED =
      Map.of(
          "DOCUMENT_ROOT", "the router does not report the virtual host's DocumentRoot yet",
          "CONTEXT_DOCUMENT_ROOT", "the same DocumentRoot",
          "PATH_TRANSLATED", "httpd maps PATH_INFO through DocumentRoot; not emitted",
          "mod_wsgi.connection_id", "only present at some httpd LogLevels");

  /**
   * Keys whose value differs by design or per request: only their presence is compared.
   * SERVER_SOFTWARE is the server's banner; the rest are clocks, ids, client ports and counters.
   */
  private static final Set<String> PRESENCE_ONLY =
      Set.of(
          "SERVER_SOFTWARE",
          "REMOTE_PORT",
          "mod_wsgi.request_id",
          "mod_wsgi.request_start",
          "mod_wsgi.queue_start",
          "mod_wsgi.daemon_start",
          "mod_wsgi.script_start",
          "mod_wsgi.daemon_connects",
          "mod_wsgi.daemon_restarts");

  /** The router's known gap (see {@link ApacheEnvironParityTest}). */
  private static final Set<String> ROUTER_GAPS = Set.of("REDIRECT_REDIRECT_URL");

  @Test
  void echoAppRunOnTheGatewayAnswersAsUnderModWsgi(@TempDir Path serverRoot) throws IOException {
    Files.createDirectories(serverRoot.resolve("htdocs"));
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (Path folder : RoutingCases.caseFolders()) {
      Router router = RoutingCases.router(folder, serverRoot);
      Map<String, Map<String, Object>> answers = new HashMap<>();
      for (String line : Files.readAllLines(folder.resolve("apache.jsonl"))) {
        if (!line.isBlank()) {
          Map<String, Object> answer = ApacheEnvironParityTest.object(line);
          answers.put((String) answer.get("id"), answer);
        }
      }
      try (JythonGateway gateway = new JythonGateway()) {
        for (String line : Files.readAllLines(folder.resolve("requests.jsonl"))) {
          if (line.isBlank()) {
            continue;
          }
          Map<String, Object> request = ApacheEnvironParityTest.object(line);
          Map<String, Object> answer = answers.get((String) request.get("id"));
          if (request.containsKey("raw")
              || answer == null
              || !ApacheEnvironParityTest.echoAnswer(answer)) {
            continue;
          }
          RequestView view = ApacheEnvironParityTest.view(request);
          if (!(router.route(view) instanceof RoutingDecision.Dispatch dispatch)) {
            continue; // a routing difference: RoutingTckTest's business, with its deviations
          }
          BufferedWsgiResponse response = new BufferedWsgiResponse();
          gateway.handle(dispatch, ApacheEnvironParityTest.asRequest(view, request), response);
          compared++;
          String id = folder.getFileName() + "/" + request.get("id");
          if (response.status() != 200) {
            mismatches.add(id + ": status " + response.status());
            continue;
          }
          Map<String, Object> apache = ApacheEnvironParityTest.object((String) answer.get("body"));
          Map<String, Object> ours = ApacheEnvironParityTest.object(response.bodyText());
          String difference = difference(folder, apache, ours);
          if (!difference.isEmpty()) {
            mismatches.add(id + ": " + difference);
          }
        }
      }
    }
    assertTrue(compared >= 50, "at least 50 recorded requests run end to end, found " + compared);
    assertEquals(List.of(), mismatches, compared + " requests compared");
  }

  /** What differs between Apache's echo and ours, or "" when nothing does. */
  private static String difference(
      Path folder, Map<String, Object> apache, Map<String, Object> ours) {
    Map<String, Object> wanted = new TreeMap<>();
    Map<String, Object> actual = new TreeMap<>();
    for (Map.Entry<String, Object> e : apache.entrySet()) {
      String key = e.getKey();
      if (NOT_COMPARED.containsKey(key)) {
        continue;
      }
      Object value = e.getValue();
      if (value instanceof String text) {
        value =
            text.replace("@ROOT@", folder.toString())
                .replace("@PORT@", Integer.toString(RoutingCases.PORT));
      }
      if (PRESENCE_ONLY.contains(key)) {
        wanted.put(key, "present");
        actual.put(key, ours.containsKey(key) ? "present" : null);
        continue;
      }
      wanted.put(key, ApacheEnvironParityTest.normalise(value));
      actual.put(key, ApacheEnvironParityTest.normalise(ours.get(key)));
    }
    for (Map.Entry<String, Object> e : ours.entrySet()) {
      String key = e.getKey();
      boolean excused = NOT_COMPARED.containsKey(key) || ROUTER_GAPS.contains(key);
      if (!apache.containsKey(key) && !excused) {
        wanted.put(key, null);
        actual.put(key, e.getValue());
      }
    }
    if (wanted.equals(actual)) {
      return "";
    }
    Map<String, String> diff = new TreeMap<>();
    for (String key : wanted.keySet()) {
      if (!java.util.Objects.equals(wanted.get(key), actual.get(key))) {
        diff.put(key, "apache=" + wanted.get(key) + " ours=" + actual.get(key));
      }
    }
    return diff.toString();
  }
}
