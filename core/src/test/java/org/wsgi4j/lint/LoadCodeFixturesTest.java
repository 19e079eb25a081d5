package org.wsgi4j.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.source.DiagnosticCode;

/**
 * Fixtures for load codes, as {@link LintFixturesTest} has for rules: {@code
 * load/<CODE>/fires*.conf} gives that code exactly on the lines after each {@code # expect:}
 * marker, {@code ok*.conf} never. Paths in the fixtures are relative to {@code src/test/resources}
 * (the server root here).
 */
class LoadCodeFixturesTest {
  private static final Path ROOT = Path.of("src/test/resources");
  private static final List<DiagnosticCode> WITH_FIXTURES =
      List.of(DiagnosticCode.W105, DiagnosticCode.W108, DiagnosticCode.W110);

  @TestFactory
  Stream<DynamicTest> everyFixture() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (DiagnosticCode code : WITH_FIXTURES) {
      try (Stream<Path> files = Files.list(ROOT.resolve("load").resolve(code.id()))) {
        for (Path fixture : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
          tests.add(
              DynamicTest.dynamicTest(
                  code.id() + "/" + fixture.getFileName(), () -> check(code, fixture)));
        }
      }
    }
    return tests.stream();
  }

  private static void check(DiagnosticCode code, Path fixture) throws IOException {
    LintResult result =
        Linter.lint(fixture, LoadOptions.defaults().withServerRoot(ROOT.toAbsolutePath()));
    assertFalse(result.hasErrors(), () -> fixture + ": " + result.findings());
    SortedSet<Integer> expected = LintFixturesTest.expectedLines(fixture, code.id());
    TreeSet<Integer> actual = new TreeSet<>();
    result.withCode(code.id()).forEach(f -> actual.add(f.span().line()));
    if (fixture.getFileName().toString().startsWith("ok")) {
      assertTrue(actual.isEmpty(), () -> fixture + " must not give " + code + ": " + actual);
    } else {
      assertFalse(expected.isEmpty(), fixture + " has no marker");
      assertEquals(expected, actual, () -> fixture + ": " + result.findings());
    }
  }

  @Test
  void eachCodeWithFixturesHasBothKinds() throws IOException {
    for (DiagnosticCode code : WITH_FIXTURES) {
      try (Stream<Path> files = Files.list(ROOT.resolve("load").resolve(code.id()))) {
        List<String> names = files.map(p -> p.getFileName().toString()).toList();
        assertTrue(names.stream().anyMatch(n -> n.startsWith("fires")), code.id());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("ok")), code.id());
      }
    }
  }
}
