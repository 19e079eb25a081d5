package org.wsgi4j.compile;

import java.util.Map;
import java.util.Optional;
import org.wsgi4j.model.AliasMapping;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.syntax.Directive;

/** Handlers for mod_alias's Alias and AliasMatch. */
final class AliasDirectives {
  private AliasDirectives() {}

  static void register(Map<String, DirectiveHandler> handlers) {
    handlers.put("alias", AliasDirectives::alias);
    handlers.put("aliasmatch", AliasDirectives::aliasMatch);
  }

  private static void alias(Directive directive, Scope scope, CompileSession session) {
    if (directive.args().size() < 2) {
      // The one-argument form is only valid inside <Location>, which the context check refused.
      return;
    }
    scope
        .host()
        .aliases
        .add(
            new AliasMapping(
                directive.value(0), Optional.empty(), directive.value(1), directive.span()));
  }

  private static void aliasMatch(Directive directive, Scope scope, CompileSession session) {
    Optional<ApacheRegex> regex =
        session.regex(
            directive.value(0),
            false,
            directive.span(),
            "Regular expression could not be compiled.");
    regex.ifPresent(
        r ->
            scope
                .host()
                .aliases
                .add(
                    new AliasMapping(
                        directive.value(0), Optional.of(r), directive.value(1), directive.span())));
  }
}
