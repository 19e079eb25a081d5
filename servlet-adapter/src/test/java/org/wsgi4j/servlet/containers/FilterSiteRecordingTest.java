package org.wsgi4j.servlet.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The oracle tier of the filter's suite: re-records {@code filter-site} (and the other recorded
 * cases of this module) from real Apache httpd + mod_wsgi and requires the answers to equal the
 * committed ones, so the container suites compare against what Apache really does today. Needs
 * Debian's apache2 and mod_wsgi (CI installs them), root, and the oracle scripts beside the
 * repository ({@code ../shared/oracle}); skipped where any is missing.
 */
class FilterSiteRecordingTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  void filterSiteExpectationsAreWhatApacheAnswers() throws Exception {
    assumeOracle();
    assertEquals(
        0, run("src/test/resources/filter-site/record", "--check"), "filter-site/record --check");
  }

  @Test
  void mimeAndFileEtagAnswersAreWhatApacheAnswers() throws Exception {
    assumeOracle();
    assertEquals(
        0, run("src/test/resources/filter-mime/record", "--check"), "filter-mime/record --check");
  }

  @Test
  void typesConfigAnswersAreWhatApacheAnswers() throws Exception {
    assumeOracle();
    assertEquals(
        0,
        run("src/test/resources/filter-mime-types/record", "--check"),
        "filter-mime-types/record --check");
  }

  static void assumeOracle() throws IOException {
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

  static int run(String script, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = MODULE.resolve(script).toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Path log = Files.createTempFile("wsgi4j-oracle", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not finish in 5 minutes");
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
