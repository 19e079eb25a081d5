package org.wsgi4j.compile;

import com.google.common.collect.ImmutableList;
import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.syntax.ConfNode;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;

/** Compiles {@code <RequireAll>}, {@code <RequireAny>} and {@code <RequireNone>} containers. */
final class AuthzContainers {
  private AuthzContainers() {}

  /** In an "any" container, only negative rules can never grant access: httpd refuses that. */
  static boolean allNegated(ImmutableList<AuthzRule> rules) {
    return rules.stream()
        .allMatch(r -> r instanceof AuthzRule.Require require && require.negated());
  }

  static Optional<AuthzRule> compile(Section section, CompileSession session) {
    AuthzRule.Combination combination =
        switch (section.name().toLowerCase(Locale.ROOT)) {
          case "requireall" -> AuthzRule.Combination.ALL;
          case "requirenone" -> AuthzRule.Combination.NONE;
          default -> AuthzRule.Combination.ANY;
        };
    String display = "<Require" + section.name().substring("Require".length()) + ">";
    ImmutableList.Builder<AuthzRule> children = ImmutableList.builder();
    boolean any = false;
    for (ConfNode node : section.body()) {
      Optional<AuthzRule> child = Optional.empty();
      if (node instanceof Directive directive && directive.name().equalsIgnoreCase("Require")) {
        child = AccessDirectives.parseRequire(directive, session);
      } else if (node instanceof Section nested
          && nested.name().toLowerCase(Locale.ROOT).startsWith("require")) {
        child = compile(nested, session);
      } else if (node instanceof Directive directive) {
        session.refuse(
            directive.span(),
            directive.name() + " inside " + display + " is not supported by wsgi4j");
      }
      if (child.isPresent()) {
        children.add(child.get());
        any = true;
      }
    }
    ImmutableList<AuthzRule> built = children.build();
    if (combination == AuthzRule.Combination.ANY && any && allNegated(built)) {
      session.error(
          built.get(0).origin(),
          "negative Require directive has no effect in " + display + " directive");
      return Optional.empty();
    }
    if (!any) {
      session.error(
          section.openSpan(), display + " directive contains no authorization directives");
      return Optional.empty();
    }
    return Optional.of(new AuthzRule.Container(combination, false, built, section.openSpan()));
  }
}
