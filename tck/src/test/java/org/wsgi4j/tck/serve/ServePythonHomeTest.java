package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code python-home=} and {@code WSGIPythonHome} under {@code wsgi4j serve}, against the serve
 * kit's {@code python-home} case recorded from Apache + mod_wsgi: each process group's interpreters
 * have their home as {@code sys.prefix} and {@code sys.exec_prefix} and its site-packages on {@code
 * sys.path}, and an application assigning {@code sys.prefix} changes only its own interpreter (not
 * another application group of its process, another process group or embedded mode).
 */
class ServePythonHomeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> sysPrefixIsPerInterpreterAsUnderModWsgi(@TempDir Path serverRoot)
      throws Exception {
    ServeKitCase run = ServeKitCase.run("python-home", serverRoot);
    return run.tests((apache, ours) -> compare(run.folder(), apache, ours));
  }

  private static void compare(Path folder, JsonNode apache, RawExchange ours) throws Exception {
    assertEquals(apache.get("status").asInt(), ours.status(), ours.bodyText());
    String wanted = apache.get("body").asText().replace("@ROOT@", folder.toString());
    assertEquals(JSON.readTree(wanted), JSON.readTree(ours.bodyText()));
  }
}
