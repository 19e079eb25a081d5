package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.source.Severity;

/**
 * What {@link Linter#lint} found in one configuration.
 *
 * @param load the loader's result (model, its own diagnostics, files read)
 * @param findings every finding not suppressed: load diagnostics and lint findings together, sorted
 *     by file, line and column
 * @param suppressed how many findings a {@code # wsgi4j: disable=CODE} comment removed
 * @param fixes the proven mechanical fixes for findings that were not suppressed
 */
public record LintResult(
    LoadResult load,
    ImmutableList<LintFinding> findings,
    int suppressed,
    ImmutableList<LintFix> fixes) {

  public LintResult {
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(findings, "findings");
    Objects.requireNonNull(fixes, "fixes");
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(LintFinding::isError);
  }

  public boolean hasWarnings() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.WARNING);
  }

  /** Exit status as issue 6 defines it: 1 for errors, or for warnings with {@code --werror}. */
  public int exitCode(boolean warningsAreErrors) {
    return hasErrors() || (warningsAreErrors && hasWarnings()) ? 1 : 0;
  }

  /** The findings of one code, for tests and tools. */
  public ImmutableList<LintFinding> withCode(String code) {
    return findings.stream()
        .filter(f -> f.code().equals(code))
        .collect(ImmutableList.toImmutableList());
  }
}
