package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.lint.LintFinding;
import org.wsgi4j.lint.LintFixer;
import org.wsgi4j.lint.LintResult;
import org.wsgi4j.lint.Linter;

/**
 * {@code wsgi4j lint --fix} against real Apache: the routing kit holds configurations before and
 * after the fix, each recorded from Apache httpd (RoutingTckTest also routes them). Here: the fix
 * of the "before" site is exactly the committed "after" site, and Apache answered every request of
 * the pair the same; and where the fix is refused (the seed under Debian's access blocks), Apache
 * shows why: the naive rewrite opens what was closed.
 */
class LintFixOracleTest {

  @Test
  void theSeedsFixIsWhatApacheAnswersTheSameTo(@TempDir Path temp) throws IOException {
    assertFixGives("seed-trac", "fix-trac-after", temp);
    assertSameAnswers("seed-trac", "fix-trac-after");
  }

  @Test
  void theDebianPairIsRewrittenTogetherAndApacheAgrees(@TempDir Path temp) throws IOException {
    assertFixGives("fix-pair-before", "fix-pair-after", temp);
    assertSameAnswers("fix-pair-before", "fix-pair-after");
  }

  @Test
  void underDebiansAccessBlocksNoFixIsOfferedBecauseApacheWouldOpenTheSite(@TempDir Path temp)
      throws IOException {
    Path main = wrap(RoutingCases.root().resolve("fix-trac-debian-before"), temp);
    LintResult result = Linter.lint(main, LoadOptions.defaults());
    assertEquals(List.of(), result.fixes());
    List<LintFinding> notes = result.withCode("I403");
    assertEquals(1, notes.size(), result.findings().toString());
    assertTrue(notes.get(0).message().contains("no automatic fix"), notes.get(0).message());
    Map<String, JsonNode> before = expected("fix-trac-debian-before");
    Map<String, JsonNode> after = expected("fix-trac-debian-after");
    assertEquals(403, before.get("alpha-wiki").get("status").asInt());
    assertEquals(200, after.get("alpha-wiki").get("status").asInt());
    long differing =
        before.keySet().stream()
            .filter(id -> !before.get(id).get("status").equals(after.get(id).get("status")))
            .count();
    assertTrue(differing > 0, "the naive rewrite changes Apache's answers");
  }

  /** Fixing the "before" site (inside the oracle's wrapper) gives the "after" site. */
  private static void assertFixGives(String before, String after, Path temp) throws IOException {
    Path main = wrap(RoutingCases.root().resolve(before), temp);
    LintFixer.Report report = LintFixer.fix(main, LoadOptions.defaults(), true);
    assertFalse(report.applied().isEmpty(), "a fix is offered for " + before);
    String fixed =
        Files.readString(temp.resolve("site.conf"), StandardCharsets.UTF_8)
            .replace(RoutingCases.root().resolve(before).toString(), "@ROOT@")
            .replace("*:" + RoutingCases.PORT + ">", "*:@PORT@>");
    String wanted = Files.readString(RoutingCases.root().resolve(after).resolve("site.conf"));
    assertEquals(withoutComments(wanted), withoutComments(fixed));
    assertEquals(List.of(), LintFixer.fix(main, LoadOptions.defaults(), true).applied());
  }

  private static String withoutComments(String text) {
    return text.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"));
  }

  /** The case's site inside what the oracle's apache-run puts around it (see RoutingCases). */
  private static Path wrap(Path folder, Path temp) throws IOException {
    String site =
        Files.readString(folder.resolve("site.conf"), StandardCharsets.UTF_8)
            .replace("@ROOT@", folder.toString())
            .replace("@PORT@", Integer.toString(RoutingCases.PORT));
    Files.writeString(temp.resolve("site.conf"), site, StandardCharsets.UTF_8);
    StringBuilder config = new StringBuilder();
    config.append("ServerName localhost\n");
    Files.createDirectories(temp.resolve("htdocs"));
    config.append("DocumentRoot \"").append(temp.resolve("htdocs")).append("\"\n");
    Path options = folder.resolve("options");
    if (Files.exists(options) && Files.readString(options).contains("-d")) {
      config.append("<Directory />\nRequire all denied\n</Directory>\n");
      config.append("<Directory /usr/share>\nRequire all granted\n</Directory>\n");
      config.append("<Directory /var/www/>\nRequire all granted\n</Directory>\n");
      config.append("<FilesMatch \"^\\.ht\">\nRequire all denied\n</FilesMatch>\n");
    }
    config.append("Include ").append(temp.resolve("site.conf")).append("\n");
    Path main = temp.resolve("httpd.conf");
    Files.writeString(main, config.toString(), StandardCharsets.UTF_8);
    return main;
  }

  /** Apache's answers to the two configurations are the same request by request. */
  private static void assertSameAnswers(String before, String after) throws IOException {
    Map<String, JsonNode> a = expected(before);
    Map<String, JsonNode> b = expected(after);
    assertEquals(a.keySet(), b.keySet());
    for (String id : a.keySet()) {
      assertEquals(a.get(id), b.get(id), "Apache's answer to " + id);
    }
    assertNotEquals(0, a.size());
  }

  private static Map<String, JsonNode> expected(String folder) throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String line :
        Files.readAllLines(
            RoutingCases.root().resolve(folder).resolve("expected.jsonl"),
            StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        JsonNode node = RoutingCases.JSON.readTree(line);
        out.put(node.get("id").asText(), node);
      }
    }
    return out;
  }
}
