package org.wsgi4j.config;

import java.util.Optional;
import org.wsgi4j.syntax.Closure;
import org.wsgi4j.syntax.ConfNode;
import org.wsgi4j.syntax.Section;
import org.wsgi4j.syntax.StrayCloseTag;

/**
 * What httpd says about the body of a false conditional section. httpd skips it without
 * interpreting directives ({@code ap_soak_end_container}) but still pairs every section tag in it,
 * and reports the first mismatch, or a missing end, at the line of the conditional section.
 */
final class SkippedSection {
  private SkippedSection() {}

  static Optional<String> firstProblem(Section skipped) {
    Optional<String> inner = firstProblemInBody(skipped);
    if (inner.isPresent()) {
      return inner;
    }
    if (skipped.closure().kind() == Closure.Kind.UNCLOSED) {
      return Optional.of("Expected </" + skipped.name() + "> before end of configuration");
    }
    return Optional.empty();
  }

  private static Optional<String> firstProblemInBody(Section section) {
    for (ConfNode node : section.body()) {
      if (node instanceof StrayCloseTag stray) {
        return Optional.of("Expected </" + section.name() + "> but saw </" + stray.name() + ">");
      }
      if (node instanceof Section child) {
        Optional<String> inner = firstProblemInBody(child);
        if (inner.isPresent()) {
          return inner;
        }
        if (child.closure().kind() == Closure.Kind.MISMATCHED) {
          return Optional.of(
              "Expected </"
                  + child.name()
                  + "> but saw </"
                  + child.closure().sawName().orElse("")
                  + ">");
        }
      }
    }
    return Optional.empty();
  }
}
