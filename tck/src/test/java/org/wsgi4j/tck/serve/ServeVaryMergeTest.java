package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Vary field, as httpd sends it, from the application's Vary fields and mod_rewrite's: the
 * serve kit's {@code vary-merge} case under {@code wsgi4j serve}, compared with Apache + mod_wsgi
 * on status and the Vary header exactly as sent (the probe would show two fields as "a, b").
 */
class ServeVaryMergeTest {
  @TestFactory
  Stream<DynamicTest> varyFieldsAreMergedAsHttpdMergesThem(@TempDir Path serverRoot)
      throws Exception {
    Files.createDirectories(serverRoot.resolve("htdocs"));
    Path folder = ServeDifferentialTest.kit().resolveSibling("serve").resolve("vary-merge");
    Map<String, JsonNode> apache = new HashMap<>();
    for (JsonNode answer : ServeDifferentialTest.lines(folder.resolve("apache.jsonl"))) {
      apache.put(answer.get("id").asText(), answer);
    }
    List<JsonNode> requests = ServeDifferentialTest.lines(folder.resolve("requests.jsonl"));
    Map<String, RawExchange> ours = ServeDifferentialTest.exchange(folder, serverRoot, requests);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode request : requests) {
      String id = request.get("id").asText();
      tests.add(
          DynamicTest.dynamicTest(
              id,
              () -> {
                JsonNode recorded = apache.get(id);
                RawExchange answer = ours.get(id);
                assertEquals(recorded.get("status").asInt(), answer.status(), "status");
                JsonNode vary = recorded.get("headers").get("vary");
                assertEquals(
                    vary == null ? null : vary.asText(), answer.headers().get("vary"), "Vary");
              }));
    }
    return tests.stream();
  }
}
