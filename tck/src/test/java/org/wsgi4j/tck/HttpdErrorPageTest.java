package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.wsgi4j.wsgi.HttpdErrorPage;

/**
 * The error pages wsgi4j writes itself equal the bodies real Apache sent for the same status, taken
 * from every recording of the kit (an error page's body depends only on its status there).
 */
class HttpdErrorPageTest {
  private static final Path RECORDINGS = Path.of("src/test/resources");
  private static final Set<Integer> WRITTEN_BY_WSGI4J = Set.of(400, 414, 500, 503);

  @Test
  void pagesEqualApachesRecordedBodies() throws IOException {
    Map<Integer, JsonNode> recorded = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.walk(RECORDINGS)) {
      for (Path file : files.filter(p -> p.toString().endsWith("apache.jsonl")).toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode answer = json.readTree(line);
          int status = answer.path("status").asInt();
          String type = answer.path("headers").path("content-type").asText("");
          if (WRITTEN_BY_WSGI4J.contains(status) && type.startsWith("text/html")) {
            recorded.putIfAbsent(status, answer);
          }
        }
      }
    }
    assertEquals(WRITTEN_BY_WSGI4J, recorded.keySet(), "a recording for each status");
    for (Map.Entry<Integer, JsonNode> entry : recorded.entrySet()) {
      JsonNode answer = entry.getValue();
      String page = HttpdErrorPage.page(entry.getKey(), answer.path("reason").asText());
      assertTrue(answer.has("body"), answer.toString());
      assertEquals(answer.path("body").asText(), page, "status " + entry.getKey());
    }
  }
}
