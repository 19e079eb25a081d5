package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The oracle tier: re-records the kit's expectations from real Apache httpd + mod_wsgi and requires
 * them to equal the committed ones, so every CI run proves that what the other tests compare
 * against is what Apache really does. Needs Debian's apache2 and mod_wsgi (CI installs them), root
 * (the oracle starts httpd, which switches to www-data), and the project's oracle scripts beside
 * the repository ({@code ../shared/oracle}); skipped where any is missing.
 */
class OracleRecordingTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  void routingExpectationsAreWhatApacheAnswers() throws Exception {
    assumeOracle();
    assertEquals(0, run("src/test/resources/routing/record", "--check"), "routing/record --check");
  }

  @Test
  void serveExpectationsAreWhatApacheAnswers() throws Exception {
    assumeOracle();
    assertEquals(0, run("src/test/resources/serve/record", "--check"), "serve/record --check");
  }

  @Test
  void accessLogsAreWhatApacheWrites() throws Exception {
    assumeOracle();
    assertEquals(0, run("src/test/resources/serve/logs/record", "--check"), "serve/logs/record");
  }

  @Test
  void errorLogsAreWhereApacheWritesThem() throws Exception {
    assumeOracle();
    assertEquals(
        0, run("src/test/resources/serve/errorlog/record", "--check"), "serve/errorlog/record");
  }

  @Test
  void errorLogFormatsAreWhatApacheWrites() throws Exception {
    assumeOracle();
    assertEquals(
        0,
        run("src/test/resources/serve/errorlogformat/record", "--check"),
        "serve/errorlogformat/record");
  }

  @Test
  void persistentConnectionsAreWhatApacheDoes() throws Exception {
    assumeOracle();
    assertEquals(
        0, run("src/test/resources/serve/keepalive/record", "--check"), "serve/keepalive/record");
  }

  @Test
  void apachectlVerdictsAreWhatApacheSays() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/apache2")), "apache2 is not installed");
    assertEquals(
        0, run("src/test/resources/apachectl/record", "--check"), "apachectl/record --check");
  }

  private static void assumeOracle() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/apache2")), "apache2 is not installed");
    assumeTrue(
        Files.exists(Path.of("/usr/lib/apache2/modules/mod_wsgi.so")), "mod_wsgi is not installed");
    assumeTrue(
        Files.isDirectory(MODULE.resolve("../../shared/oracle").normalize()),
        "the oracle scripts (../shared/oracle) are not beside the repository");
    String status = Files.readString(Path.of("/proc/self/status"), StandardCharsets.UTF_8);
    boolean root =
        status
            .lines()
            .filter(l -> l.startsWith("Uid:"))
            .anyMatch(l -> l.replaceAll("\\s+", " ").startsWith("Uid: 0 "));
    assumeTrue(root, "not root");
  }

  private static int run(String script, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = MODULE.resolve(script).toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Path log = Files.createTempFile("wsgi4j-oracle", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not finish in 10 minutes");
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    int code = process.exitValue();
    if (code != 0) {
      System.err.println(output);
    }
    return code;
  }
}
