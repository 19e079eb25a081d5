package org.wsgi4j.servlet.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.servlet.GatewayRunner;
import org.wsgi4j.servlet.WsgiFilter;
import org.wsgi4j.wsgi.jython.JythonGateway;

/**
 * mod_mime, ForceType, AddDefaultCharset, FileETag and the cookies of RewriteRule [CO] (also on
 * answers that replace a half-built response) in the filter, against the answers real Apache
 * recorded for the {@code filter-mime} and {@code filter-mime-types} cases (re-recorded in CI by
 * {@link FilterSiteRecordingTest}): status, the content headers and the body of every request, on
 * Jetty, with the WSGI answers of {@code ctype.wsgi} run on Jython.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterMimeTest {
  private static final List<String> COMPARED =
      List.of(
          "content-type",
          "etag",
          "last-modified",
          "content-language",
          "content-encoding",
          "content-range",
          "set-cookie");

  private final List<ServletContainer> containers = new ArrayList<>();
  private JythonGateway gateway;
  private final Map<String, Integer> ports = new LinkedHashMap<>();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    gateway = new JythonGateway();
    for (String name : List.of("filter-mime", "filter-mime-types")) {
      Path config = copy(name, Files.createDirectories(dir.resolve(name)));
      LoadResult loaded = ConfigLoader.load(config);
      assertTrue(loaded.isServable(), loaded.diagnostics().toString());
      ServletContainer container = new JettyContainer();
      containers.add(container);
      ports.put(
          name, container.start(new WsgiFilter(loaded, Optional.of(new GatewayRunner(gateway)))));
    }
  }

  @AfterAll
  void stop() throws Exception {
    for (ServletContainer container : containers) {
      container.stop();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> answersLikeApache() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : ports.keySet()) {
      Path source = resources(name);
      Map<String, JsonNode> apache = new LinkedHashMap<>();
      for (String line : Files.readAllLines(source.resolve("apache.jsonl"))) {
        JsonNode node = FilterSite.parse(line);
        apache.put(node.get("id").asText(), node);
      }
      for (String line : Files.readAllLines(source.resolve("requests.jsonl"))) {
        JsonNode request = FilterSite.parse(line);
        String id = request.get("id").asText();
        tests.add(
            DynamicTest.dynamicTest(
                name + " " + id,
                () -> assertEquals("", differences(ports.get(name), request, apache.get(id)), id)));
      }
    }
    return tests.stream();
  }

  private static String differences(int port, JsonNode request, JsonNode apache)
      throws IOException {
    Map<String, String> sent = new LinkedHashMap<>();
    if (request.has("headers")) {
      request.get("headers").properties().forEach(h -> sent.put(h.getKey(), h.getValue().asText()));
    }
    RawHttp.Response ours =
        RawHttp.send(
            port, request.get("method").asText(), request.get("target").asText(), sent, null);
    List<String> found = new ArrayList<>();
    if (ours.status() != apache.get("status").asInt()) {
      return "status " + ours.status() + " (Apache: " + apache.get("status").asInt() + ")";
    }
    JsonNode headers = apache.get("headers");
    for (String name : COMPARED) {
      String expected = headers.has(name) ? headers.get(name).asText() : null;
      String actual = ours.headers().get(name);
      if (actual != null && name.equals("content-type")) {
        // Jetty re-spells "A/B; charset=x" as "a/b;charset=x" (the same type, RFC 9110 8.3.1);
        // wsgi4j serve puts the filter's spelling back (ContentTypeRecorder).
        actual = actual.replace(";charset=", "; charset=").toLowerCase(java.util.Locale.ROOT);
        expected =
            expected == null
                ? null
                : expected.replace(";charset=", "; charset=").toLowerCase(java.util.Locale.ROOT);
      }
      if (expected == null ? actual != null : !expected.equals(actual)) {
        found.add(name + ": " + actual + " (Apache: " + expected + ")");
      }
    }
    String body = apache.has("body") ? apache.get("body").asText() : "";
    if (!body.equals(ours.text())) {
      found.add("body '" + ours.text() + "' (Apache: '" + body + "')");
    }
    return String.join("; ", found);
  }

  private static Path resources(String name) {
    try {
      return Path.of(FilterMimeTest.class.getResource("/" + name + "/site.conf").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The case's files with the record script's fixed mtime, and its site.conf for that folder. */
  private static Path copy(String name, Path root) throws IOException {
    Path source = resources(name);
    FilterSite.copyWithRecordedTimes(source, source, root);
    Path config = root.resolve("site.conf");
    Files.writeString(
        config,
        Files.readString(config, StandardCharsets.UTF_8).replace("@ROOT@", root.toString()),
        StandardCharsets.UTF_8);
    return config;
  }
}
