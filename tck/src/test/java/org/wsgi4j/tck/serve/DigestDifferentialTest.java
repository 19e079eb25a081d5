package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.cli.serve.ServeOptions;
import org.wsgi4j.cli.serve.WsgiServer;
import org.wsgi4j.config.ReadOptions;

/**
 * Digest authentication against real Apache httpd (mod_auth_digest + mod_wsgi) and against {@code
 * wsgi4j serve}, with the two-step client of {@link DigestClient}: the serve kit's {@code digest}
 * case. {@code apache.jsonl} is the recording (nonces masked); {@link #apacheAnswersAsRecorded}
 * plays the scenarios against a fresh Apache on every run where the oracle is available (as
 * OracleRecordingTest does for the replayed kits) and requires the same answers, and with {@code
 * -Dwsgi4j.digest.record=true} writes them instead; {@link #wsgi4jAnswersAsApacheDid} plays them
 * against {@code wsgi4j serve} and requires the recorded answers: status, challenge (its fields,
 * their order and quoting), and what the application and get_realm_hash saw.
 */
class DigestDifferentialTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path SOURCE_CASE = MODULE.resolve("src/test/resources/serve/digest");

  @Test
  void apacheAnswersAsRecorded() throws Exception {
    assumeOracle();
    Path oracle = MODULE.resolve("../../shared/oracle").normalize();
    String port =
        run(oracle.resolve("apache-run").toString(), "-m", "auth_digest", SOURCE_CASE.toString());
    List<ObjectNode> answers;
    try {
      answers = new DigestClient(Integer.parseInt(port.strip())).playAll(DigestScenario.all());
    } finally {
      run(oracle.resolve("apache-stop").toString(), port.strip());
    }
    List<String> lines = new ArrayList<>();
    for (ObjectNode answer : answers) {
      lines.add(JSON.writeValueAsString(answer));
    }
    // wsgi4j follows httpd 2.4.71's mod_auth_digest (apache.jsonl). Debian's mirror has also
    // served 2.4.68, whose mod_auth_digest still accepts a response without qop, writes the
    // default algorithm as "md5" and answers a nested-realm case with 401 instead of 500: a
    // recording from such a version sits beside it as apache-httpd-VERSION.jsonl.
    String version = installedHttpdVersion();
    Path recording = SOURCE_CASE.resolve("apache.jsonl");
    Path ofThisVersion = SOURCE_CASE.resolve("apache-httpd-" + version + ".jsonl");
    if (!version.equals(ReadOptions.EMULATED_HTTPD_VERSION)) {
      recording = ofThisVersion;
    }
    if (Boolean.getBoolean("wsgi4j.digest.record")) {
      Files.write(recording, lines, StandardCharsets.UTF_8);
      return;
    }
    assumeTrue(Files.exists(recording), "nothing recorded from httpd " + version);
    assertEquals(
        String.join("\n", Files.readAllLines(recording, StandardCharsets.UTF_8)),
        String.join("\n", lines),
        "a fresh recording from Apache differs from serve/digest/" + recording.getFileName());
  }

  /** The version of the installed httpd ({@code apache2 -v}), e.g. {@code 2.4.71}. */
  private static String installedHttpdVersion() throws Exception {
    Matcher version =
        Pattern.compile("Server version: Apache/([0-9.]+)").matcher(run("/usr/sbin/apache2", "-v"));
    assertTrue(version.find(), "apache2 -v names its version");
    return version.group(1);
  }

  @TestFactory
  Stream<DynamicTest> wsgi4jAnswersAsApacheDid(@TempDir Path serverRoot) throws Exception {
    Path folder = ServeDifferentialTest.kit().resolveSibling("serve/digest");
    Map<String, JsonNode> apache = new LinkedHashMap<>();
    for (JsonNode record : ServeDifferentialTest.lines(folder.resolve("apache.jsonl"))) {
      apache.put(record.get("id").asText(), record);
    }
    List<DigestScenario> scenarios = DigestScenario.all();
    assertEquals(
        scenarios.stream().map(DigestScenario::id).collect(Collectors.toList()),
        new ArrayList<>(apache.keySet()),
        "the recording holds every scenario, in order");
    Map<String, String> differences = differences(folder);
    Files.createDirectories(serverRoot.resolve("htdocs"));
    Path config = serverRoot.resolve("digest.conf");
    Files.writeString(
        config, ServeDifferentialTest.siteConfig(folder, serverRoot), StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    Optional<WsgiServer> server =
        WsgiServer.start(
            ServeOptions.of(config)
                .withListen("127.0.0.1:0")
                .withLogs(
                    Optional.of(serverRoot.resolve("access.log")),
                    Optional.of(serverRoot.resolve("error.log"))),
            new PrintWriter(out),
            new PrintWriter(out));
    assertTrue(server.isPresent(), out.toString());
    List<ObjectNode> ours;
    try {
      ours = new DigestClient(server.get().localPorts().get(0)).playAll(scenarios);
    } finally {
      server.get().stop();
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (ObjectNode answer : ours) {
      String id = answer.get("id").asText();
      JsonNode expected = apache.get(id);
      Optional<String> difference = Optional.ofNullable(differences.get(id));
      tests.add(
          DynamicTest.dynamicTest(
              id,
              () ->
                  assertEquals(
                      difference.isPresent() ? withoutOpaque(expected) : expected.toString(),
                      answer.toString(),
                      difference.map(d -> "(known difference: " + d + ")").orElse(""))));
    }
    return tests.stream();
  }

  /**
   * httpd keeps a table of clients and names the client in an {@code opaque} field when a request
   * sent one it does not know; wsgi4j keeps none and sends none (everything else is compared).
   */
  private static String withoutOpaque(JsonNode record) {
    return record.toString().replaceAll(", opaque=\\\\\"[^\\\\]*\\\\\"", "");
  }

  /** {@code differences}: "ID reason" lines, the scenarios compared without httpd's opaque. */
  private static Map<String, String> differences(Path folder) throws IOException {
    Map<String, String> known = new LinkedHashMap<>();
    for (String line : Files.readAllLines(folder.resolve("differences"), StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] parts = line.split(" ", 2);
        known.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
    }
    return known;
  }

  private static void assumeOracle() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/apache2")), "apache2 is not installed");
    assumeTrue(
        Files.exists(Path.of("/usr/lib/apache2/modules/mod_wsgi.so")), "mod_wsgi is not installed");
    assumeTrue(
        Files.exists(Path.of("/usr/lib/apache2/modules/mod_auth_digest.so")),
        "mod_auth_digest is not installed");
    assumeTrue(
        Files.isDirectory(MODULE.resolve("../../shared/oracle").normalize()),
        "the oracle scripts (../shared/oracle) are not beside the repository");
    String status = Files.readString(Path.of("/proc/self/status"), StandardCharsets.UTF_8);
    assumeTrue(
        status
            .lines()
            .filter(l -> l.startsWith("Uid:"))
            .anyMatch(l -> l.replaceAll("\\s+", " ").startsWith("Uid: 0 ")),
        "not root");
  }

  /** Runs an oracle script; its standard output (stderr goes to this test's output). */
  private static String run(String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 2 minutes");
    }
    assertEquals(0, process.exitValue(), String.join(" ", command) + " failed");
    return output;
  }
}
