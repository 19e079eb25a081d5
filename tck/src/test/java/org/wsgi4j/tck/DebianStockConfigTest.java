package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.source.Diagnostic;

/**
 * The configuration Debian's apache2 package installs, read the way {@code apache2ctl} reads it:
 * the stock {@code apache2.conf} with the {@code envvars} environment, and every file of {@code
 * mods-available}, {@code sites-available} and {@code conf-available} in a wrapper that loads all
 * modules. Real httpd ({@code apache2 -t}, about 20 ms a run) judges every wrapper; wsgi4j must
 * agree with it. Skipped where Apache is not installed.
 */
class DebianStockConfigTest {
  private static final Path ROOT = Path.of("/etc/apache2");
  private static final Path MAIN = ROOT.resolve("apache2.conf");
  private static final Path HTTPD = Path.of("/usr/sbin/apache2");
  private static final List<String> AVAILABLE =
      List.of("mods-available", "sites-available", "conf-available");
  private static final List<String> MPMS = List.of("mpm_event", "mpm_prefork", "mpm_worker");
  private static final Pattern LOAD_MODULE = Pattern.compile("^\\s*LoadModule\\s.*$");

  /**
   * httpd's refusal, e.g. {@code apache2: Syntax error on line 80 of /etc/apache2/apache2.conf:
   * ...} or {@code AH00526: Syntax error on line 31 of .../default-ssl.conf:} followed by the
   * message on the next line.
   */
  private static final Pattern SYNTAX_ERROR =
      Pattern.compile("Syntax error on line (\\d+) of ([^:\\n]+):");

  private static ImmutableMap<String, String> envvars;

  @TempDir Path wrappers;

  @BeforeAll
  static void requireDebianApache() throws IOException, InterruptedException {
    Assumptions.assumeTrue(Files.exists(MAIN), MAIN + " does not exist: Apache is not installed");
    envvars = readEnvvars();
  }

  /** What apache2ctl exports: the caller's environment plus /etc/apache2/envvars. */
  private static ImmutableMap<String, String> readEnvvars()
      throws IOException, InterruptedException {
    Run run =
        Run.of(
            List.of("bash", "-c", "set -a; . " + ROOT.resolve("envvars") + "; env -0"),
            Optional.empty());
    assertEquals(0, run.exitCode(), "sourcing envvars failed: " + run.output());
    ImmutableMap.Builder<String, String> env = ImmutableMap.builder();
    for (String entry : run.output().split("\0", -1)) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        env.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    ImmutableMap<String, String> result = env.buildKeepingLast();
    assertTrue(result.containsKey("APACHE_RUN_DIR"), "envvars defines APACHE_RUN_DIR: " + result);
    return result;
  }

  @Test
  void stockConfigurationLoadsWithEnvvars() throws IOException {
    LoadResult result = load(MAIN, envvars);
    assertEquals("", errorReport(result), "the stock configuration has no errors");

    List<Path> expected = new ArrayList<>();
    expected.add(MAIN);
    expected.add(ROOT.resolve("ports.conf"));
    expected.addAll(list(ROOT.resolve("mods-enabled"), ".load"));
    expected.addAll(list(ROOT.resolve("mods-enabled"), ".conf"));
    expected.addAll(list(ROOT.resolve("conf-enabled"), ".conf"));
    expected.addAll(list(ROOT.resolve("sites-enabled"), ".conf"));
    assertTrue(
        expected.contains(ROOT.resolve("sites-enabled/000-default.conf")),
        "Debian enables 000-default");
    assertTrue(list(ROOT.resolve("mods-enabled"), ".load").size() > 5, "Debian enables modules");
    List<Path> missing =
        expected.stream()
            .filter(p -> !result.files().contains(p.normalize()))
            .collect(Collectors.toList());
    assertEquals(List.of(), missing, "files read: " + result.files());
    assertEquals(MAIN, result.files().get(0), "the main file is read first");
    assertFalse(
        result.files().contains(ROOT.resolve("envvars")), "envvars is a shell script, not config");
    assertFalse(result.model().listens().isEmpty(), "ports.conf listens on port 80");
    assertFalse(result.model().virtualHosts().isEmpty(), "000-default is a <VirtualHost>");
  }

  /*
   * Without envvars httpd refuses (checked with apache2 2.4.71, Debian):
   *
   *   $ env -i /usr/sbin/apache2 -t -d /etc/apache2 -f /etc/apache2/apache2.conf; echo $?
   *   [core:warn] [pid 28957:tid 28957] AH00111: Config variable ${APACHE_RUN_DIR} is not defined
   *   apache2: Syntax error on line 80 of /etc/apache2/apache2.conf: DefaultRuntimeDir must be a
   *   valid directory, absolute or relative to ServerRoot
   *   1
   *
   * (one AH00111 warning per undefined variable, the literal "${APACHE_RUN_DIR}" is kept, and
   * /etc/apache2/${APACHE_RUN_DIR} is not a directory). The test re-runs httpd when it can and
   * takes the line from it.
   */
  @Test
  void stockConfigurationIsRefusedWithoutEnvvars() throws IOException, InterruptedException {
    int line = lineOf(MAIN, "DefaultRuntimeDir");
    Path file = MAIN;
    if (Files.isExecutable(HTTPD)) {
      Verdict verdict = httpd(MAIN, ImmutableMap.of());
      assertTrue(verdict.refused(), "httpd refuses without envvars: " + verdict.output());
      assertTrue(
          verdict.output().contains("DefaultRuntimeDir must be a valid directory"),
          verdict.output());
      line = verdict.line().orElseThrow();
      file = verdict.file().orElseThrow();
    }
    LoadResult result = load(MAIN, ImmutableMap.of());
    assertTrue(
        located(result, file, line),
        "httpd refuses at "
            + file
            + ":"
            + line
            + " (DefaultRuntimeDir ${APACHE_RUN_DIR} is not a directory); wsgi4j said:\n"
            + errorReport(result));
  }

  @TestFactory
  Stream<DynamicTest> everyAvailableFileAgreesWithHttpd() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : AVAILABLE) {
      files.addAll(list(ROOT.resolve(dir), ""));
    }
    assertTrue(files.size() > 100, "Debian ships more than 100 available files: " + files);
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(ROOT.relativize(f).toString(), () -> checkAvailable(f)));
  }

  private void checkAvailable(Path file) throws IOException, InterruptedException {
    Path wrapper = wrappers.resolve(ROOT.relativize(file).toString().replace('/', '_') + ".conf");
    Files.writeString(wrapper, wrapperFor(file), StandardCharsets.UTF_8);
    LoadResult result = load(wrapper, envvars);
    String report = errorReport(result);
    if (!Files.isExecutable(HTTPD)) {
      assertEquals("", report, "no httpd to ask; the stock file should load without errors");
      return;
    }
    Verdict verdict = httpd(wrapper, envvars);
    if (!verdict.refused()) {
      assertEquals("", report, "httpd accepts " + file + ", so wsgi4j must report no error");
      return;
    }
    assertTrue(
        result.hasErrors(),
        () -> "httpd refuses " + file + " (" + verdict.output().strip() + ") but wsgi4j does not");
    if (verdict.line().isPresent()) {
      assertTrue(
          located(result, verdict.file().orElseThrow(), verdict.line().getAsInt()),
          "httpd refuses at "
              + verdict.file().orElseThrow()
              + ":"
              + verdict.line().getAsInt()
              + " ("
              + verdict.output().strip()
              + "); wsgi4j said:\n"
              + report);
    }
  }

  /**
   * A server that loads the MPM the file is about (event otherwise) and every other module, then
   * reads the file: a {@code .load} file in place of its own module's LoadModule line, any other
   * file after all modules are loaded, so its {@code <IfModule>} sections apply.
   */
  private static String wrapperFor(Path file) throws IOException {
    String name = file.getFileName().toString();
    String stem = name.substring(0, name.lastIndexOf('.'));
    boolean moduleFile = file.getParent().endsWith("mods-available");
    String mpm = moduleFile && MPMS.contains(stem) ? stem : "mpm_event";
    StringBuilder out = new StringBuilder();
    out.append("# wrapper for ").append(file).append('\n');
    out.append("ServerRoot \"").append(ROOT).append("\"\n");
    out.append("DefaultRuntimeDir ${APACHE_RUN_DIR}\n");
    out.append("PidFile ${APACHE_PID_FILE}\n");
    out.append("User ${APACHE_RUN_USER}\n");
    out.append("Group ${APACHE_RUN_GROUP}\n");
    out.append("ErrorLog ${APACHE_LOG_DIR}/error.log\n");
    out.append("Listen 80\n");
    boolean included = false;
    for (Path load : list(ROOT.resolve("mods-available"), ".load")) {
      String module = load.getFileName().toString().replace(".load", "");
      if (MPMS.contains(module) && !module.equals(mpm)) {
        continue;
      }
      if (load.equals(file)) {
        out.append("Include ").append(file).append('\n');
        included = true;
        continue;
      }
      for (String line : Files.readAllLines(load, StandardCharsets.UTF_8)) {
        if (LOAD_MODULE.matcher(line).matches()) {
          out.append(line.strip()).append('\n');
        }
      }
    }
    if (!included) {
      out.append("Include ").append(file).append('\n');
    }
    return out.toString();
  }

  private static LoadResult load(Path config, ImmutableMap<String, String> environment) {
    return ConfigLoader.load(
        config, LoadOptions.defaults().withServerRoot(ROOT).withEnvironment(environment));
  }

  private static String errorReport(LoadResult result) {
    return result.diagnostics().stream()
        .filter(Diagnostic::isError)
        .map(Diagnostic::format)
        .collect(Collectors.joining("\n"));
  }

  private static boolean located(LoadResult result, Path file, int line) {
    return result.diagnostics().stream()
        .filter(Diagnostic::isError)
        .anyMatch(
            d ->
                d.span().file().equals(file)
                    && d.span().start().line() <= line
                    && line <= d.span().end().line());
  }

  private static int lineOf(Path file, String directive) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip().toLowerCase(Locale.ROOT);
      if (line.startsWith(directive.toLowerCase(Locale.ROOT) + " ")) {
        return i + 1;
      }
    }
    return fail(file + " has no " + directive);
  }

  private static ImmutableList<Path> list(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return ImmutableList.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .collect(ImmutableList.toImmutableList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Verdict httpd(Path config, ImmutableMap<String, String> environment)
      throws IOException, InterruptedException {
    Run run =
        Run.of(
            List.of(HTTPD.toString(), "-t", "-d", ROOT.toString(), "-f", config.toString()),
            Optional.of(environment));
    Matcher m = SYNTAX_ERROR.matcher(run.output());
    boolean found = m.find();
    return new Verdict(
        run.exitCode() != 0,
        run.output(),
        found ? Optional.of(Path.of(m.group(2).strip())) : Optional.empty(),
        found ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty());
  }

  private record Verdict(boolean refused, String output, Optional<Path> file, OptionalInt line) {}

  /** A finished child process: exit code and its output (stdout and stderr together). */
  private record Run(int exitCode, String output) {
    private static final long TIMEOUT_SECONDS = 60;

    /**
     * Runs {@code command}; with an environment, the child sees exactly that environment, otherwise
     * it inherits this process's.
     */
    static Run of(List<String> command, Optional<ImmutableMap<String, String>> environment)
        throws IOException, InterruptedException {
      Path out = Files.createTempFile("wsgi4j-run", ".out");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        if (environment.isPresent()) {
          builder.environment().clear();
          builder.environment().putAll(environment.get());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
          return fail(command + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    }
  }
}
