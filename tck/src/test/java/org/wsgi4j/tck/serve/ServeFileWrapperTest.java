package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wsgi.file_wrapper} over HTTP: the serve kit's {@code file-wrapper} case (files sent from
 * their position, Content-Length added or honoured, files that are not files iterated with their
 * blksize, close() counted) under {@code wsgi4j serve}, compared with what Apache + mod_wsgi sent:
 * status, Content-Length and the body byte for byte. Lines "file-wrapper ID status REASON" of
 * {@code serve/differences} are where wsgi4j refuses (500) what mod_wsgi sends.
 */
class ServeFileWrapperTest {
  @TestFactory
  Stream<DynamicTest> fileWrapperAnswersAsModWsgiDoes(@TempDir Path serverRoot) throws Exception {
    Map<String, String> refused = differences("status");
    Map<String, String> framing = differences("framing");
    ServeKitCase run = ServeKitCase.run("file-wrapper", serverRoot);
    return run.tests(
        (apache, ours) -> {
          String id = apache.get("id").asText();
          compare(apache, ours, Optional.ofNullable(refused.get(id)), framing.containsKey(id));
        });
  }

  private static void compare(
      JsonNode apache, RawExchange ours, Optional<String> refusal, boolean framingDiffers) {
    if (refusal.isPresent()) {
      assertEquals(500, ours.status(), "a refusal (" + refusal.get() + ")");
      return;
    }
    assertEquals(apache.get("status").asInt(), ours.status(), "status (" + ours.reason() + ")");
    if (ours.status() == 500) {
      return; // both error pages; the server's own text differs
    }
    JsonNode length = apache.get("headers").get("content-length");
    assertEquals(
        framingDiffers ? null : length == null ? null : length.asText(),
        framingDiffers ? null : ours.headers().get("content-length"),
        "Content-Length");
    assertEquals(apacheBody(apache), ours.latin1Body(), "body");
  }

  private static String apacheBody(JsonNode apache) {
    byte[] bytes =
        apache.has("body_base64")
            ? Base64.getDecoder().decode(apache.get("body_base64").asText())
            : apache.path("body").asText("").getBytes(StandardCharsets.UTF_8);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** The case's lines of serve/differences of one kind: request id to reason. */
  private static Map<String, String> differences(String kind) throws IOException {
    Map<String, String> refused = new HashMap<>();
    Path file = ServeDifferentialTest.kit().resolveSibling("serve").resolve("differences");
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split(" ", 4);
      if (parts.length == 4 && parts[0].equals("file-wrapper") && parts[2].equals(kind)) {
        refused.put(parts[1], parts[3]);
      }
    }
    return refused;
  }
}
