package org.wsgi4j.tck.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * One case of the serve kit run under {@code wsgi4j serve}: every request of its {@code
 * requests.jsonl} sent as the oracle sent it, with Apache's recorded answer beside ours.
 *
 * @param folder the case folder
 * @param requests the requests, in order
 * @param apache Apache's answers by request id
 * @param ours wsgi4j's answers by request id
 */
record ServeKitCase(
    Path folder,
    List<JsonNode> requests,
    Map<String, JsonNode> apache,
    Map<String, RawExchange> ours) {

  /** A comparison of one request's two answers. */
  @FunctionalInterface
  interface Check {
    void compare(JsonNode apache, RawExchange ours) throws Exception;
  }

  /** Runs the serve kit's case {@code name} with {@code serverRoot} as the server root. */
  static ServeKitCase run(String name, Path serverRoot) throws Exception {
    Files.createDirectories(serverRoot.resolve("htdocs"));
    Path folder = ServeDifferentialTest.kit().resolveSibling("serve").resolve(name);
    Map<String, JsonNode> apache = new HashMap<>();
    for (JsonNode answer : ServeDifferentialTest.lines(folder.resolve("apache.jsonl"))) {
      apache.put(answer.get("id").asText(), answer);
    }
    List<JsonNode> requests = ServeDifferentialTest.lines(folder.resolve("requests.jsonl"));
    return new ServeKitCase(
        folder, requests, apache, ServeDifferentialTest.exchange(folder, serverRoot, requests));
  }

  /** One dynamic test per request, named by its id, that runs {@code check} on both answers. */
  Stream<DynamicTest> tests(Check check) {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode request : requests) {
      String id = request.get("id").asText();
      tests.add(
          DynamicTest.dynamicTest(
              id,
              () -> {
                if (!apache.containsKey(id)) {
                  throw new AssertionError("no Apache recording for " + id);
                }
                check.compare(apache.get(id), ours.get(id));
              }));
    }
    return tests.stream();
  }
}
