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
    handlers.put("redirect", (d, scope, s) -> redirect(d, scope, s, false, Optional.empty()));
    handlers.put("redirectmatch", (d, scope, s) -> redirect(d, scope, s, true, Optional.empty()));
    handlers.put("redirecttemp", (d, scope, s) -> redirect(d, scope, s, false, Optional.of(302)));
    handlers.put(
        "redirectpermanent", (d, scope, s) -> redirect(d, scope, s, false, Optional.of(301)));
  }

  /** {@code Redirect [status] url-path [URL]}, as mod_alias reads it. */
  private static void redirect(
      Directive directive,
      Scope scope,
      CompileSession session,
      boolean match,
      Optional<Integer> fixed) {
    if (!scope.hostLevel()) {
      session.refuse(
          directive.span(),
          directive.name()
              + " inside a section is not implemented by wsgi4j; the configuration can be linted but"
              + " will not be served");
      return;
    }
    java.util.List<String> args = new java.util.ArrayList<>();
    directive.args().forEach(a -> args.add(a.value()));
    int status = fixed.orElse(302);
    if (fixed.isEmpty() && args.size() >= 2) {
      Optional<Integer> named = statusWord(args.get(0));
      if (named.isPresent()) {
        status = named.get();
        args.remove(0);
      }
    }
    if (args.isEmpty()) {
      session.error(directive.span(), directive.name() + " requires a URL-path");
      return;
    }
    boolean redirecting = status >= 300 && status <= 399;
    if (redirecting && args.size() < 2) {
      session.error(directive.span(), "URL to redirect to is missing");
      return;
    }
    if (!redirecting && args.size() > 1) {
      session.error(directive.span(), "Redirect URL not valid for this status");
      return;
    }
    Optional<ApacheRegex> regex = Optional.empty();
    if (match) {
      regex =
          session.regex(
              args.get(0), false, directive.span(), "Regular expression could not be compiled.");
      if (regex.isEmpty()) {
        return;
      }
    }
    scope
        .host()
        .redirects
        .add(
            new org.wsgi4j.model.RedirectMapping(
                args.get(0),
                regex,
                status,
                args.size() > 1 ? Optional.of(args.get(1)) : Optional.empty(),
                directive.span()));
  }

  private static Optional<Integer> statusWord(String word) {
    return switch (word.toLowerCase(java.util.Locale.ROOT)) {
      case "permanent" -> Optional.of(301);
      case "temp" -> Optional.of(302);
      case "seeother" -> Optional.of(303);
      case "gone" -> Optional.of(410);
      default -> word.matches("[0-9]{3}") ? Optional.of(Integer.parseInt(word)) : Optional.empty();
    };
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
