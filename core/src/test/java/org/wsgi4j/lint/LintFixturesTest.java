package org.wsgi4j.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.source.DiagnosticCode;

/**
 * The fixtures of every rule, Error Prone and gixy style: {@code lint/<CODE>/fires*.conf} must give
 * that code exactly on the lines after each {@code # expect: CODE} marker, {@code ok*.conf} must
 * not give it at all, and no fixture may give an error (they are all valid httpd configs).
 */
class LintFixturesTest {
  static final Path FIXTURES = Path.of("src/test/resources/lint");
  static final Path DOCS = Path.of("../docs/lint");
  private static final Pattern EXPECT = Pattern.compile("^\\s*#\\s*expect:\\s*([A-Z0-9, ]+)\\s*$");

  @TestFactory
  Stream<DynamicTest> everyFixture() throws IOException {
    prepareFileModes();
    List<DynamicTest> tests = new ArrayList<>();
    for (LintCode code : LintCode.values()) {
      for (Path fixture : fixtures(code)) {
        tests.add(
            DynamicTest.dynamicTest(
                code.id() + "/" + fixture.getFileName(), () -> check(code, fixture)));
      }
    }
    return tests.stream();
  }

  private static void check(LintCode code, Path fixture) throws IOException {
    LintResult result = Linter.lint(fixture, LoadOptions.defaults());
    assertFalse(
        result.hasErrors(), () -> fixture + " is not a valid httpd config: " + result.findings());
    java.util.SortedSet<Integer> expected = expectedLines(fixture, code.id());
    TreeSet<Integer> actual = new TreeSet<>();
    result.withCode(code.id()).forEach(f -> actual.add(f.span().line()));
    String name = fixture.getFileName().toString();
    if (name.startsWith("ok")) {
      assertTrue(
          actual.isEmpty(), () -> fixture + " must not give " + code + ": " + result.findings());
    } else {
      assertFalse(expected.isEmpty(), fixture + " has no '# expect: " + code.id() + "' marker");
      assertEquals(expected, actual, () -> fixture + " findings: " + result.findings());
    }
    assertTrue(
        result.findings().stream().noneMatch(f -> f.message().startsWith("internal error")),
        () -> result.findings().toString());
  }

  /** The lines that follow each marker for {@code code}, skipping comments and blank lines. */
  static java.util.SortedSet<Integer> expectedLines(Path fixture, String code) throws IOException {
    TreeSet<Integer> lines = new TreeSet<>();
    boolean pending = false;
    int number = 0;
    for (String line : Splitter.on('\n').split(Files.readString(fixture, StandardCharsets.UTF_8))) {
      number++;
      Matcher marker = EXPECT.matcher(line);
      String trimmed = line.strip();
      if (marker.matches()) {
        pending |= Splitter.on(',').trimResults().splitToList(marker.group(1)).contains(code);
      } else if (!trimmed.isEmpty() && !trimmed.startsWith("#") && pending) {
        lines.add(number);
        pending = false;
      }
    }
    return lines;
  }

  static List<Path> fixtures(LintCode code) throws IOException {
    Path dir = FIXTURES.resolve(code.id());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
    }
  }

  /** Git keeps no read bits, so the files whose mode matters get it here. */
  private static void prepareFileModes() throws IOException {
    Path closed = FIXTURES.resolve("I402/users-closed");
    Path open = FIXTURES.resolve("I402/users-open");
    if (Files.exists(closed) && Files.exists(open)) {
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rw-------"));
      Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  @Test
  void everyCodeHasFiringAndQuietFixturesAndADocsPage() throws IOException {
    List<String> missing = new ArrayList<>();
    for (LintCode code : LintCode.values()) {
      List<Path> fixtures = fixtures(code);
      if (fixtures.stream().noneMatch(p -> p.getFileName().toString().startsWith("fires"))) {
        missing.add(code.id() + ": no fires*.conf");
      }
      if (fixtures.stream().noneMatch(p -> p.getFileName().toString().startsWith("ok"))) {
        missing.add(code.id() + ": no ok*.conf");
      }
      if (!Files.isRegularFile(DOCS.resolve(code.id() + ".md"))) {
        missing.add(code.id() + ": no docs/lint/" + code.id() + ".md");
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void everyCodeHasExactlyOneRuleAndNoCodeCollidesWithTheLoader() {
    List<String> ruleCodes = Linter.rules().stream().map(r -> r.code().id()).toList();
    List<String> codes = Stream.of(LintCode.values()).map(LintCode::id).toList();
    assertEquals(codes, ruleCodes);
    for (DiagnosticCode loader : DiagnosticCode.values()) {
      assertTrue(LintCode.byId(loader.id()).isEmpty(), loader.id());
      assertTrue(LintCode.byId(loader.slug()).isEmpty(), loader.slug());
    }
    for (LintCode code : LintCode.values()) {
      assertTrue(code.id().matches("[WI][34][0-9][0-9]"), code.id());
      assertEquals(
          code.id().startsWith("W") ? "warning" : "info",
          code.defaultSeverity().label().toLowerCase(Locale.ROOT));
    }
  }
}
