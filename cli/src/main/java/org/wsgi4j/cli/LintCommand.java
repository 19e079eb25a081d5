package org.wsgi4j.cli;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.lint.LintFinding;
import org.wsgi4j.lint.LintFix;
import org.wsgi4j.lint.LintFixer;
import org.wsgi4j.lint.LintResult;
import org.wsgi4j.lint.Linter;
import org.wsgi4j.lint.UnifiedDiff;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wsgi4j lint}: loads each file as its own configuration and prints every diagnostic. Exit
 * code 1 when any configuration has an error (httpd would refuse to start), 2 for a usage or I/O
 * problem, 0 otherwise.
 */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Check httpd configurations as httpd reads them, and what wsgi4j makes of them.",
      "Exit status: 0 clean, 1 errors (or warnings with --werror), 2 usage or I/O error."
    })
final class LintCommand implements Callable<Integer> {
  @Option(
      names = "--format",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "-D", paramLabel = "NAME", description = "Define NAME, as httpd -D NAME.")
  List<String> defines = new ArrayList<>();

  @Option(
      names = {"-d", "--server-root"},
      paramLabel = "DIR",
      description = "ServerRoot for relative paths (default: the folder of each FILE).")
  Optional<Path> serverRoot = Optional.empty();

  @Option(
      names = "--quiet-info",
      description = "Leave out informational notes (directives wsgi4j ignores).")
  boolean quietInfo;

  @Option(names = "--werror", description = "Treat warnings as errors for the exit status.")
  boolean werror;

  @Option(
      names = "--fix",
      description =
          "Apply the fixes proven safe (Order/Allow/Deny -> Require) to every file of each"
              + " configuration, in place; prints what changed, then lints the result.")
  boolean fix;

  @Option(
      names = "--dry-run",
      description = "With --fix: print the changes as a unified diff and write nothing.")
  boolean dryRun;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Configuration files.")
  List<Path> files = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (dryRun && !fix) {
      err.println("wsgi4j lint: --dry-run needs --fix");
      return Main.USAGE_ERROR;
    }
    // What --fix changed goes to stdout in text mode and to stderr with JSON/SARIF, so that
    // stdout stays one document; a dry run's diff is the whole of stdout.
    PrintWriter notes = format == OutputFormat.text && !dryRun ? out : err;
    List<LintFinding> all = new ArrayList<>();
    boolean failed = false;
    boolean unreadable = false;
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        err.println("wsgi4j lint: cannot read " + file);
        unreadable = true;
        continue;
      }
      // ${VAR} falls back to the process environment, as in httpd (apache2ctl sources envvars).
      LoadOptions options =
          LoadOptions.defaults()
              .withDefines(ImmutableSet.copyOf(defines))
              .withEnvironment(com.google.common.collect.ImmutableMap.copyOf(System.getenv()));
      if (serverRoot.isPresent()) {
        options = options.withServerRoot(serverRoot.get());
      }
      LintResult result;
      if (fix) {
        LintFixer.Report report;
        try {
          report = LintFixer.fix(file, options, !dryRun);
        } catch (IOException | RuntimeException e) {
          err.println("wsgi4j lint: cannot fix " + file + ": " + e.getMessage());
          unreadable = true;
          continue;
        }
        for (LintFix applied : report.applied()) {
          notes.println(
              (dryRun ? "would fix " : "fixed ")
                  + applied.where().file()
                  + ":"
                  + applied.where().line()
                  + ": "
                  + applied.description()
                  + " ["
                  + applied.code().id()
                  + "]");
        }
        if (dryRun) {
          for (LintFixer.FileChange change : report.changes()) {
            out.print(UnifiedDiff.of(change.file().toString(), change.before(), change.after()));
          }
          failed |= report.result().exitCode(werror) != 0;
          continue;
        }
        result = report.result();
      } else {
        result = Linter.lint(file, options);
      }
      failed |= result.exitCode(werror) != 0;
      for (LintFinding finding : result.findings()) {
        if (!(quietInfo && finding.severity() == org.wsgi4j.source.Severity.INFO)) {
          all.add(finding);
        }
      }
    }
    if (!dryRun) {
      format.printer().print(all, out);
    }
    out.flush();
    err.flush();
    if (unreadable) {
      return Main.USAGE_ERROR;
    }
    return failed ? 1 : 0;
  }
}
