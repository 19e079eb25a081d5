package org.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      code = Main.run(o, e, args);
    }
    return new Run(code, out.toString(), err.toString());
  }

  private Path config(String text) throws IOException {
    Path file = dir.resolve("site.conf");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void anErrorHttpdWouldRefuseExitsOneWithPositionAndCode() throws IOException {
    Path file =
        config("<VirtualHost *:80>\nServerName a.example\nWSGIDeamonProcess x\n</VirtualHost>\n");
    Run run = run("lint", file.toString());
    assertEquals(1, run.code());
    assertTrue(
        run.out().contains(file + ":3:1: error: Invalid command 'WSGIDeamonProcess'"), run.out());
    assertTrue(run.out().contains("[E101]"), run.out());
    assertTrue(run.out().contains("  ^"), "caret excerpt: " + run.out());
  }

  @Test
  void warningsFailOnlyWithWerror() throws IOException {
    Files.writeString(dir.resolve("app.wsgi"), "application = None\n");
    Path file =
        config(
            "<VirtualHost *:80>\nServerName a.example\n"
                + "WSGIDaemonProcess unused threads=2\n"
                + "WSGIScriptAlias /app "
                + dir.resolve("app.wsgi")
                + "\n</VirtualHost>\n");
    Run lenient = run("lint", file.toString());
    assertEquals(0, lenient.code(), lenient.out());
    assertTrue(lenient.out().contains("[W301]"), lenient.out());
    assertEquals(1, run("lint", "--werror", file.toString()).code());
  }

  @Test
  void jsonAndSarifCarryTheSameFindings() throws IOException {
    Path file = config("RewriteEngine On\nRewriteRule ^/a /b [X]\n");
    Run json = run("lint", "--format", "json", file.toString());
    JsonNode findings = new ObjectMapper().readTree(json.out());
    assertEquals("E104", findings.get(0).get("code").asText());
    assertEquals(2, findings.get(0).get("line").asInt());
    assertEquals("error", findings.get(0).get("severity").asText());

    Run sarif = run("lint", "--format", "sarif", file.toString());
    JsonNode log = new ObjectMapper().readTree(sarif.out());
    assertEquals("2.1.0", log.get("version").asText());
    JsonNode result = log.get("runs").get(0).get("results").get(0);
    assertEquals("E104", result.get("ruleId").asText());
    assertEquals("error", result.get("level").asText());
    assertEquals(
        2,
        result
            .get("locations")
            .get(0)
            .get("physicalLocation")
            .get("region")
            .get("startLine")
            .asInt());
    assertEquals("wsgi4j", log.get("runs").get(0).get("tool").get("driver").get("name").asText());
  }

  @Test
  void anUnreadableFileIsAUsageError() {
    assertEquals(2, run("lint", dir.resolve("missing.conf").toString()).code());
  }

  @Test
  void suppressionCommentsSilenceAFinding() throws IOException {
    Files.writeString(dir.resolve("app.wsgi"), "application = None\n");
    Path file =
        config(
            "<VirtualHost *:80>\nServerName a.example\n"
                + "# wsgi4j: disable=W301\n"
                + "WSGIDaemonProcess unused threads=2\n"
                + "WSGIScriptAlias /app "
                + dir.resolve("app.wsgi")
                + "\n</VirtualHost>\n");
    Run run = run("lint", file.toString());
    assertTrue(!run.out().contains("[W301]"), run.out());
  }

  @Test
  void fixRewritesInPlaceDryRunOnlyShowsTheDiff() throws IOException {
    String before =
        "<Directory "
            + dir
            + ">\n    # public\n    Order allow,deny\n    Allow from all\n</Directory>\n";
    Path file = config(before);
    Run usage = run("lint", "--dry-run", file.toString());
    assertEquals(2, usage.code(), usage.err());

    Run dry = run("lint", "--fix", "--dry-run", file.toString());
    assertEquals(0, dry.code(), dry.err());
    assertEquals(before, Files.readString(file), "a dry run writes nothing");
    assertTrue(
        dry.out().startsWith("--- " + file + "\n+++ " + file + "\n@@ -1,5 +1,4 @@\n"), dry.out());
    assertTrue(
        dry.out()
            .contains("-    Order allow,deny\n-    Allow from all\n+    Require all granted\n"),
        dry.out());
    assertTrue(dry.err().contains("would fix " + file + ":3:"), dry.err());

    Run fixed = run("lint", "--fix", file.toString());
    assertEquals(0, fixed.code(), fixed.err());
    assertEquals(
        "<Directory " + dir + ">\n    # public\n    Require all granted\n</Directory>\n",
        Files.readString(file));
    assertTrue(
        fixed
            .out()
            .contains(
                "fixed "
                    + file
                    + ":3: <Directory "
                    + dir
                    + ">: Order/Allow -> Require all granted [I403]"),
        fixed.out());
    assertTrue(!fixed.out().contains("info: Order/Allow/Deny"), "re-linted: " + fixed.out());

    Run again = run("lint", "--fix", file.toString());
    assertEquals(0, again.code());
    assertTrue(!again.out().contains("fixed "), again.out());
  }
}
