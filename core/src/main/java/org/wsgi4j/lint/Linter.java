package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.compile.ModelCompiler;
import org.wsgi4j.config.ConfigReader;
import org.wsgi4j.config.ExpandedConfig;
import org.wsgi4j.directive.DirectiveCatalogue;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.source.SourceSpan;
import org.wsgi4j.syntax.ConfFile;
import org.wsgi4j.syntax.ConfParser;

/**
 * {@code wsgi4j lint}: loads one configuration exactly as {@link
 * org.wsgi4j.compile.ConfigLoader#load} does (read, then compile), runs every {@link LintRule},
 * drops what {@code # wsgi4j: disable=CODE} comments suppress and returns load diagnostics and lint
 * findings together, sorted by file and position.
 *
 * <p>Usage: {@code LintResult result = Linter.lint(path, LoadOptions.defaults());} then {@code
 * result.findings()} and {@code result.exitCode(werror)}. {@link #rules()} lists the rules and
 * {@link LintCode#values()} their metadata, for SARIF rule tables and {@code --list}.
 */
public final class Linter {

  private Linter() {}

  public static LintResult lint(Path mainFile) {
    return lint(mainFile, LoadOptions.defaults(), LintFiles.local());
  }

  public static LintResult lint(Path mainFile, LoadOptions options) {
    return lint(mainFile, options, LintFiles.local());
  }

  /** Lints with a file system of the caller's choice (tests). Never throws for a config. */
  public static LintResult lint(Path mainFile, LoadOptions options, LintFiles files) {
    // The same two steps as ConfigLoader.load; done here because the rules need the tree too.
    Diagnostics diagnostics = new Diagnostics();
    DirectiveCatalogue catalogue = DirectiveCatalogue.builtIn();
    ExpandedConfig expanded = ConfigReader.read(mainFile, options.read(), catalogue, diagnostics);
    ServerConfig model = ModelCompiler.compile(expanded, catalogue, diagnostics);
    LoadResult load = new LoadResult(model, diagnostics.all(), expanded.files());

    Map<Path, ConfFile> trees = new LinkedHashMap<>();
    Suppressions suppressions = new Suppressions();
    for (Path file : files(mainFile, expanded)) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        suppressions.addFile(file, text);
        trees.put(file, ConfParser.parse(file, text, new Diagnostics()));
      } catch (IOException | RuntimeException e) {
        // Unreadable or undecodable: the loader has already said so.
      }
    }
    LintContext context =
        new LintContext(model, expanded, ImmutableMap.copyOf(trees), load.diagnostics(), files);

    List<LintFinding> all = new ArrayList<>();
    for (Diagnostic diagnostic : load.diagnostics()) {
      all.add(LintFinding.of(diagnostic));
    }
    for (LintRule rule : rules()) {
      all.addAll(run(rule, context, mainFile));
    }
    ImmutableList<LintFinding> kept =
        all.stream()
            .distinct()
            .filter(f -> !suppressions.suppresses(f))
            .sorted(LintFinding.ORDER)
            .collect(ImmutableList.toImmutableList());
    int suppressed = (int) all.stream().distinct().count() - kept.size();
    ImmutableList<LintFix> fixes =
        context.accessFixes().values().stream()
            .flatMap(outcome -> outcome.fix().stream())
            .filter(
                fix ->
                    kept.stream()
                        .anyMatch(
                            f -> f.code().equals(fix.code().id()) && f.span().equals(fix.where())))
            .collect(ImmutableList.toImmutableList());
    return new LintResult(load, kept, suppressed, fixes);
  }

  private static List<LintFinding> run(LintRule rule, LintContext context, Path mainFile) {
    try {
      return rule.check(context);
    } catch (RuntimeException e) {
      // A rule bug must not hide the other findings; report it where the user will see it.
      return ImmutableList.of(
          new LintFinding(
              rule.code().id(),
              rule.code().slug(),
              org.wsgi4j.source.Severity.INFO,
              SourceSpan.at(mainFile.toAbsolutePath().normalize(), 1, 1),
              "internal error in rule " + rule.code().id() + ": " + e));
    }
  }

  private static List<Path> files(Path mainFile, ExpandedConfig expanded) {
    List<Path> paths = new ArrayList<>();
    paths.add(mainFile.toAbsolutePath().normalize());
    for (Path file : expanded.files()) {
      Path normalized = file.toAbsolutePath().normalize();
      if (!paths.contains(normalized)) {
        paths.add(normalized);
      }
    }
    return paths;
  }

  /** Every built-in rule, in code order. */
  public static ImmutableList<LintRule> rules() {
    return Rules.ALL;
  }
}
