package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
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
    return ServeKitCase.run("vary-merge", serverRoot)
        .tests(
            (apache, ours) -> {
              assertEquals(apache.get("status").asInt(), ours.status(), "status");
              JsonNode vary = apache.get("headers").get("vary");
              assertEquals(vary == null ? null : vary.asText(), ours.headers().get("vary"), "Vary");
            });
  }
}
