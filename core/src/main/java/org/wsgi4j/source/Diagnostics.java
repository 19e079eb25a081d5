package org.wsgi4j.source;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects diagnostics while a configuration is read. User errors never throw: every stage reports
 * here and carries on, so one run shows every problem.
 */
public final class Diagnostics {
  private final List<Diagnostic> collected = new ArrayList<>();

  public void report(Diagnostic diagnostic) {
    collected.add(diagnostic);
  }

  public void report(DiagnosticCode code, SourceSpan span, String message) {
    report(Diagnostic.of(code, span, message));
  }

  public boolean hasErrors() {
    return collected.stream().anyMatch(Diagnostic::isError);
  }

  public ImmutableList<Diagnostic> all() {
    return ImmutableList.copyOf(collected);
  }
}
