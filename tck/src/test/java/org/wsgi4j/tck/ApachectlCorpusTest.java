package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.source.Diagnostic;

/**
 * The differential corpus: configurations whose verdict was recorded from real httpd 2.4 ({@code
 * apache2 -t}, see {@code apachectl/record}). wsgi4j must report an error exactly where httpd
 * refuses to start, and none where httpd starts.
 */
class ApachectlCorpusTest {

  @TestFactory
  Stream<DynamicTest> agreesWithApachectl() throws IOException, URISyntaxException {
    Path corpus =
        Path.of(ApachectlCorpusTest.class.getResource("/apachectl/prelude.conf").toURI())
            .getParent();
    List<Path> cases;
    try (Stream<Path> files = Files.list(corpus.resolve("cases"))) {
      cases =
          files.filter(p -> p.toString().endsWith(".conf")).sorted().collect(Collectors.toList());
    }
    assertTrue(cases.size() >= 60, "the corpus has at least 60 cases");
    return cases.stream()
        .map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(corpus, c)));
  }

  private static void check(Path corpus, Path caseFile) throws IOException {
    String name = caseFile.getFileName().toString().replace(".conf", "");
    Map<String, String> expected = readExpect(corpus.resolve("expected").resolve(name + ".expect"));
    LoadResult result =
        ConfigLoader.load(
            caseFile,
            LoadOptions.defaults()
                .withServerRoot(corpus)
                .withEnvironment(
                    com.google.common.collect.ImmutableMap.of("WSGI4J_ENV_WORDS", "alpha beta")));
    List<Diagnostic> errors = result.diagnostics().stream().filter(Diagnostic::isError).toList();
    String report = errors.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    if (expected.get("verdict").equals("ok")) {
      assertEquals("", report, "httpd starts with " + name + ", so wsgi4j must report no error");
      return;
    }
    assertTrue(!errors.isEmpty(), "httpd refuses " + name + ": " + expected.get("message"));
    String line = expected.getOrDefault("line", "-");
    if (line.equals("-")) {
      return;
    }
    Path file = corpus.resolve(expected.get("file")).normalize();
    int expectedLine = Integer.parseInt(line);
    boolean located =
        errors.stream()
            .anyMatch(
                d ->
                    d.span().file().equals(file)
                        && d.span().start().line() <= expectedLine
                        && expectedLine <= d.span().end().line());
    assertTrue(
        located,
        "httpd refuses "
            + name
            + " at "
            + expected.get("file")
            + ":"
            + line
            + " ("
            + expected.get("message")
            + "); wsgi4j said:\n"
            + report);
  }

  private static Map<String, String> readExpect(Path file) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }
}
