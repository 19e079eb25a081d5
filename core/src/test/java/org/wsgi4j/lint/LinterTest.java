package org.wsgi4j.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.LoadOptions;

class LinterTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void suppressionCommentRemovesTheNamedCodesOnTheNextDirective() throws IOException {
    Path conf =
        write(
            "s.conf",
            """
            # wsgi4j: disable=W350
            TraceEnable On
            # wsgi4j: disable=W304, W301
            # a note
            WSGIDaemonProcess idle maximum-requests=10
            # wsgi4j: disable=W351
            TraceEnable extended
            """);
    LintResult result = Linter.lint(conf, LoadOptions.defaults());
    assertEquals(List.of(7), result.withCode("W350").stream().map(f -> f.span().line()).toList());
    assertTrue(result.withCode("W301").isEmpty());
    assertTrue(result.withCode("W304").isEmpty());
    assertEquals(3, result.suppressed());
  }

  @Test
  void findingsAreSortedAndIncludeLoadDiagnostics() throws IOException {
    Path conf =
        write(
            "m.conf",
            "TraceEnable On\nWSGIProcessGroup nowhere\nAllowEncodedSlashes On\nNoSuchThing x\n");
    LintResult result = Linter.lint(conf, LoadOptions.defaults());
    List<LintFinding> sorted = new ArrayList<>(result.findings());
    sorted.sort(LintFinding.ORDER);
    assertEquals(sorted, result.findings());
    assertTrue(result.hasErrors()); // E101 from the loader
    assertFalse(result.withCode("W350").isEmpty());
    assertEquals(1, result.exitCode(false));
    assertTrue(result.findings().get(0).format().contains(":1:1: warning: "));
  }

  @Test
  void neverThrowsOnTheCorpusOrTheSeeds() throws IOException {
    List<Path> configs = new ArrayList<>();
    for (String where : List.of("../tck/src/test/resources/apachectl/cases", "../examples")) {
      Path root = Path.of(where);
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root, 2)) {
          files
              .filter(p -> p.toString().endsWith(".conf"))
              .filter(p -> !p.toString().contains("/target/"))
              .forEach(configs::add);
        }
      }
    }
    assertFalse(configs.isEmpty());
    LoadOptions options = seedOptions();
    for (Path config : configs) {
      LintResult result = Linter.lint(config, options);
      assertTrue(
          result.findings().stream().noneMatch(f -> f.message().startsWith("internal error")),
          () -> config + ": " + result.findings());
    }
  }

  static LoadOptions seedOptions() {
    String examples = Path.of("../examples").toAbsolutePath().normalize().toString();
    return LoadOptions.defaults().withEnvironment(ImmutableMap.of("WSGI4J_EXAMPLES", examples));
  }

  @Test
  void seedConfigsGiveNoErrors() {
    LoadOptions options = seedOptions();
    for (String seed :
        List.of(
            "../examples/multi-trac/trac-vhost.conf",
            "../examples/multi-django/django-vhost.conf")) {
      LintResult result = Linter.lint(Path.of(seed), options);
      assertFalse(result.hasErrors(), () -> seed + ": " + result.findings());
    }
  }

  @Test
  void backtrackingFindsNestedQuantifiersOnly() {
    for (String bad : List.of("(a+)+", "^(.*)*$", "(\\w+\\s?)*$", "((ab)*)+", "(x{2,})+")) {
      assertTrue(Backtracking.nestedQuantifier(bad).isPresent(), bad);
    }
    for (String good :
        List.of(
            "^(/[^/]+)+$",
            "^/([a-z]+/)*index$",
            "(a+)?",
            "^/(.*)$",
            "[(a+)+]",
            "\\(a+\\)+",
            "(?:abc)+",
            "(a{2})+")) {
      assertFalse(Backtracking.nestedQuantifier(good).isPresent(), good);
    }
  }
}
