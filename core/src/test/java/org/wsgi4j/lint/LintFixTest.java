package org.wsgi4j.lint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.routing.FileAuthenticator;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.RouteContext;
import org.wsgi4j.routing.Router;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.source.Diagnostic;

/**
 * {@code lint --fix} on the cases of {@code lint-fix/}: each case folder is copied aside with
 * {@code @ROOT@} set to the copy, fixed, and compared with the committed {@code X.after.conf} of
 * every {@code X.conf} (no {@code .after} file: the file must not change). Then, for equivalence,
 * every request of the case ({@code paths} crossed with client addresses, credentials, an
 * environment-setting header and two methods) is routed through the real router on the
 * configuration before and after the fix, and the decisions must be the same. A second run must
 * change nothing.
 */
class LintFixTest {
  static final Path CASES = Path.of("src/test/resources/lint-fix");
  private static final List<String> CLIENTS =
      List.of("127.0.0.1", "10.1.2.3", "192.168.1.1", "192.168.1.7", "8.8.8.8", "::1");
  private static final List<Optional<String>> CREDENTIALS =
      List.of(Optional.empty(), Optional.of("alice:wonderland"), Optional.of("alice:wrong"));

  @TestFactory
  Stream<DynamicTest> everyCase(@TempDir Path temp) throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> folders = Files.list(CASES)) {
      for (Path folder : folders.sorted().toList()) {
        tests.add(
            DynamicTest.dynamicTest(
                folder.getFileName().toString(),
                () -> check(folder, temp.resolve(folder.getFileName().toString()))));
      }
    }
    assertTrue(tests.size() >= 5, "cases: " + tests.size());
    return tests.stream();
  }

  private static void check(Path folder, Path copy) throws IOException {
    copyCase(folder, copy);
    Path main = copy.resolve("main.conf");
    Map<Path, byte[]> before = confFiles(copy);
    Router routerBefore = router(main);

    LintFixer.Report report = LintFixer.fix(main, LoadOptions.defaults(), true);
    boolean fixable = hasAfterFiles(folder);
    assertEquals(fixable, !report.applied().isEmpty(), () -> "fixes: " + report.applied());
    for (Map.Entry<Path, byte[]> entry : before.entrySet()) {
      Path file = entry.getKey();
      String name = file.getFileName().toString();
      Path expectedFile = folder.resolve(name.replace(".conf", ".after.conf"));
      byte[] expected =
          Files.exists(expectedFile)
              ? substitute(Files.readAllBytes(expectedFile), copy)
              : entry.getValue();
      assertEquals(
          new String(expected, StandardCharsets.UTF_8),
          new String(Files.readAllBytes(file), StandardCharsets.UTF_8),
          name + " after --fix");
      assertArrayEquals(expected, Files.readAllBytes(file), name + " bytes after --fix");
    }
    try (Stream<Path> left = Files.list(copy)) {
      assertTrue(
          left.noneMatch(p -> p.getFileName().toString().endsWith(".wsgi4j-fix")),
          "no temporary file is left behind");
    }

    // Idempotent: a second run finds nothing to fix and changes no byte.
    Map<Path, byte[]> fixed = confFiles(copy);
    LintFixer.Report again = LintFixer.fix(main, LoadOptions.defaults(), true);
    assertEquals(List.of(), again.applied());
    for (Map.Entry<Path, byte[]> entry : fixed.entrySet()) {
      assertArrayEquals(entry.getValue(), Files.readAllBytes(entry.getKey()));
    }
    assertFalse(again.result().hasErrors(), () -> again.result().findings().toString());

    // Equivalent: every request is decided the same before and after.
    Router routerAfter = router(main);
    int compared = 0;
    for (RequestView request : requests(folder)) {
      String was = signature(routerBefore.route(request));
      String now = signature(routerAfter.route(request));
      assertEquals(was, now, () -> "decision changed for " + request);
      compared++;
    }
    assertTrue(compared > 100, "requests compared: " + compared);
    if (!fixable) {
      assertTrue(
          again.result().withCode("I403").stream()
              .allMatch(f -> f.message().contains("no automatic fix")),
          () -> "every remaining I403 says why no fix is offered: " + again.result().findings());
    }
  }

  private static boolean hasAfterFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".after.conf"));
    }
  }

  /** Copies a case, with @ROOT@ replaced by the copy's path in the .conf files. */
  static void copyCase(Path folder, Path copy) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path source : files.toList()) {
        Path target = copy.resolve(folder.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().endsWith(".after.conf")) {
          byte[] bytes = Files.readAllBytes(source);
          Files.write(
              target,
              source.getFileName().toString().endsWith(".conf") ? substitute(bytes, copy) : bytes);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        }
      }
    }
  }

  private static byte[] substitute(byte[] bytes, Path root) {
    return new String(bytes, StandardCharsets.UTF_8)
        .replace("@ROOT@", root.toString())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Map<Path, byte[]> confFiles(Path copy) throws IOException {
    Map<Path, byte[]> out = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.list(copy)) {
      for (Path file : files.toList()) {
        if (file.getFileName().toString().endsWith(".conf")) {
          out.put(file, Files.readAllBytes(file));
        }
      }
    }
    return out;
  }

  static Router router(Path main) {
    LoadResult result = ConfigLoader.load(main);
    List<String> errors =
        result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList();
    assertEquals(List.of(), errors);
    return new Router(
        RouteContext.of(result.model())
            .withAuthenticator(new FileAuthenticator())
            .withResolver(
                address ->
                    address.equals("10.1.2.3") ? Optional.of("gw.example.com") : Optional.empty()));
  }

  static List<RequestView> requests(Path folder) throws IOException {
    List<RequestView> all = new ArrayList<>();
    for (String path : Files.readAllLines(folder.resolve("paths"), StandardCharsets.UTF_8)) {
      if (path.isBlank()) {
        continue;
      }
      for (String client : CLIENTS) {
        for (Optional<String> credentials : CREDENTIALS) {
          for (boolean local : List.of(false, true)) {
            for (String method : List.of("GET", "POST")) {
              ImmutableList.Builder<Map.Entry<String, String>> headers = ImmutableList.builder();
              headers.add(Map.entry("Host", "dev.example.org"));
              credentials.ifPresent(
                  c ->
                      headers.add(
                          Map.entry(
                              "Authorization",
                              "Basic "
                                  + Base64.getEncoder()
                                      .encodeToString(c.getBytes(StandardCharsets.UTF_8)))));
              if (local) {
                headers.add(Map.entry("X-Local", "yes"));
              }
              all.add(
                  new RequestView(
                      method, path, "HTTP/1.1", headers.build(), client, "127.0.0.1", 80, false));
            }
          }
        }
      }
    }
    return all;
  }

  /** What a client would see: the kind of answer, its status and what it serves. */
  static String signature(RoutingDecision decision) {
    if (decision instanceof RoutingDecision.Dispatch d) {
      return "wsgi "
          + d.target().scriptFilename()
          + " "
          + d.target().scriptName()
          + " "
          + d.target().pathInfo()
          + " user="
          + d.facts().user();
    }
    if (decision instanceof RoutingDecision.StaticFile f) {
      return "file " + f.file();
    }
    if (decision instanceof RoutingDecision.Redirect r) {
      return r.status() + " " + r.location();
    }
    if (decision instanceof RoutingDecision.Challenge c) {
      return "401 " + c.realm();
    }
    return decision.getClass().getSimpleName() + " " + decision.status();
  }

  @Test
  void theSeedUnderDebiansAccessBlocksGetsNoFixAndSaysWhy(@TempDir Path temp) throws IOException {
    Path copy = temp.resolve("case");
    copyCase(CASES.resolve("debian-seed-refused"), copy);
    LintResult result = Linter.lint(copy.resolve("main.conf"));
    assertEquals(List.of(), result.fixes());
    List<LintFinding> i403 = result.withCode("I403");
    assertEquals(1, i403.size(), result.findings().toString());
    assertTrue(i403.get(0).message().contains("no automatic fix"), i403.get(0).message());
    assertTrue(i403.get(0).message().contains("<Directory />"), i403.get(0).message());
  }

  @Test
  void dryRunWritesNothingAndTheDiffShowsTheChange(@TempDir Path temp) throws IOException {
    Path copy = temp.resolve("case");
    copyCase(CASES.resolve("seed-trac"), copy);
    Path main = copy.resolve("main.conf");
    byte[] before = Files.readAllBytes(main);
    LintFixer.Report report = LintFixer.fix(main, LoadOptions.defaults(), false);
    assertArrayEquals(before, Files.readAllBytes(main));
    assertEquals(1, report.changes().size());
    LintFixer.FileChange change = report.changes().get(0);
    String diff = UnifiedDiff.of("main.conf", change.before(), change.after());
    assertEquals(
        String.join(
            "\n",
            "--- main.conf",
            "+++ main.conf",
            "@@ -8,8 +8,7 @@",
            "     <Directory " + copy + ">",
            "         WSGIProcessGroup tracs",
            "         WSGIApplicationGroup %{GLOBAL}",
            "-        Order deny,allow",
            "-        Allow from all",
            "+        Require all granted",
            "     </Directory>",
            "     <LocationMatch /([a-z_]+)/login>",
            "         AuthType \"Basic\"",
            ""),
        diff);
  }

  @Test
  void aSymbolicLinkStaysALinkAndPermissionsAreKept(@TempDir Path temp) throws IOException {
    Path copy = temp.resolve("case");
    copyCase(CASES.resolve("seed-trac"), copy);
    Path real = copy.resolve("main.conf");
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
    Path link = copy.resolve("link.conf");
    Files.createSymbolicLink(link, real);
    LintFixer.fix(link, LoadOptions.defaults(), true);
    assertTrue(Files.isSymbolicLink(link));
    assertTrue(Files.readString(real).contains("Require all granted"));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
  }

  @Test
  void editsKeepEveryOtherByte() {
    byte[] text = "a\r\nb\r\nc\r\nd".getBytes(StandardCharsets.ISO_8859_1);
    Path file = Path.of("x.conf");
    byte[] out =
        LintFixer.apply(
            text,
            List.of(
                new TextEdit(file, 2, 3, ImmutableList.of("B1", "B2", "B3")),
                new TextEdit(file, 4, 4, ImmutableList.of())));
    assertEquals("a\r\nB1\r\nB2\r\nB3\r\n", new String(out, StandardCharsets.ISO_8859_1));
  }
}
