package org.wsgi4j.compile;

import com.google.common.collect.ImmutableList;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.syntax.Arg;
import org.wsgi4j.syntax.Directive;

/** Handlers for mod_env and mod_setenvif. */
final class EnvDirectives {
  private EnvDirectives() {}

  static void register(Map<String, DirectiveHandler> handlers) {
    handlers.put(
        "setenv",
        (d, scope, s) ->
            scope
                .directory()
                .environment
                .add(new EnvRule.Set(d.value(0), d.args().size() > 1 ? d.value(1) : "", d.span())));
    handlers.put(
        "unsetenv",
        (d, scope, s) ->
            scope.directory().environment.add(new EnvRule.Unset(values(d, 0), d.span())));
    handlers.put(
        "passenv",
        (d, scope, s) ->
            scope.directory().environment.add(new EnvRule.Pass(values(d, 0), d.span())));
    handlers.put("setenvif", (d, scope, s) -> setEnvIf(d, scope, s, d.value(0), 1, false));
    handlers.put("setenvifnocase", (d, scope, s) -> setEnvIf(d, scope, s, d.value(0), 1, true));
    handlers.put("browsermatch", (d, scope, s) -> setEnvIf(d, scope, s, "User-Agent", 0, false));
    handlers.put(
        "browsermatchnocase", (d, scope, s) -> setEnvIf(d, scope, s, "User-Agent", 0, true));
    handlers.put(
        "setenvifexpr",
        (d, scope, s) ->
            s.refuse(
                d.span(),
                "SetEnvIfExpr is not implemented by wsgi4j (ap_expr is not evaluated); the"
                    + " configuration can be linted but will not be served"));
  }

  private static void setEnvIf(
      Directive directive,
      Scope scope,
      CompileSession session,
      String attribute,
      int regexIndex,
      boolean noCase) {
    if (directive.args().size() <= regexIndex) {
      session.error(directive.span(), directive.name() + " requires at least two arguments");
      return;
    }
    Optional<ApacheRegex> regex =
        session.regex(
            directive.value(regexIndex),
            noCase,
            directive.span(),
            "Regular expression could not be compiled.");
    regex.ifPresent(
        r ->
            scope
                .directory()
                .environment
                .add(
                    new EnvRule.SetIf(
                        attribute, r, values(directive, regexIndex + 1), directive.span())));
  }

  private static ImmutableList<String> values(Directive directive, int from) {
    return directive
        .args()
        .subList(Math.min(from, directive.args().size()), directive.args().size())
        .stream()
        .map(Arg::value)
        .collect(ImmutableList.toImmutableList());
  }
}
