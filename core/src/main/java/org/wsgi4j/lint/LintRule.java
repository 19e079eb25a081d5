package org.wsgi4j.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One semantic check. Its metadata (identifier, slug, severity, summary) lives on its {@link
 * LintCode}; the check itself reads the {@link LintContext} and returns findings. Rules must not
 * throw on any configuration; the {@link Linter} still guards against a rule that does.
 */
public interface LintRule {

  LintCode code();

  List<LintFinding> check(LintContext context);

  /** A rule made of a code and a function, which is how the built-in rules are written. */
  static LintRule of(LintCode code, Function<LintContext, List<LintFinding>> check) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(check, "check");
    return new LintRule() {
      @Override
      public LintCode code() {
        return code;
      }

      @Override
      public List<LintFinding> check(LintContext context) {
        List<LintFinding> found = check.apply(context);
        return found == null ? new ArrayList<>() : found;
      }

      @Override
      public String toString() {
        return code.id() + " " + code.slug();
      }
    };
  }
}
