package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.lint.LintFinding;
import org.wsgi4j.lint.LintResult;
import org.wsgi4j.lint.Linter;

/**
 * Issue 6's acceptance: {@code wsgi4j lint} of Debian's stock configuration ({@code
 * /etc/apache2/apache2.conf} from the apache2 package, with the envvars environment as apache2ctl
 * gives it) reports no error (httpd starts with it), no rule fails internally, and {@code --fix}
 * has nothing to change.
 */
class DebianStockLintTest {
  private static final Path ROOT = Path.of("/etc/apache2");

  @Test
  void debiansStockConfigurationLintsWithoutErrors() throws Exception {
    Path main = ROOT.resolve("apache2.conf");
    Assumptions.assumeTrue(Files.exists(main), main + " does not exist: Apache is not installed");
    LintResult result =
        Linter.lint(main, LoadOptions.defaults().withServerRoot(ROOT).withEnvironment(envvars()));
    List<String> errors =
        result.findings().stream().filter(LintFinding::isError).map(LintFinding::format).toList();
    assertEquals(List.of(), errors);
    assertTrue(
        result.findings().stream().noneMatch(f -> f.message().startsWith("internal error")),
        () -> result.findings().toString());
    assertEquals(List.of(), result.fixes());
    assertTrue(result.load().files().size() > 10, "the enabled mods/sites/conf were read");
  }

  /** What apache2ctl exports: the caller's environment plus /etc/apache2/envvars. */
  private static ImmutableMap<String, String> envvars() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("bash", "-c", "set -a; . " + ROOT.resolve("envvars") + "; env -0")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), "sourcing envvars failed: " + output);
    ImmutableMap.Builder<String, String> env = ImmutableMap.builder();
    for (String entry : output.split("\0", -1)) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        env.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    return env.buildKeepingLast();
  }
}
