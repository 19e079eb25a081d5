package org.wsgi4j.compile;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.HostRule;
import org.wsgi4j.source.DiagnosticCode;
import org.wsgi4j.syntax.Arg;
import org.wsgi4j.syntax.Directive;

/** Handlers for authentication (mod_auth_basic, mod_authn_*) and access control directives. */
final class AccessDirectives {
  private AccessDirectives() {}

  static void register(Map<String, DirectiveHandler> handlers) {
    handlers.put("authtype", (d, scope, s) -> scope.directory().authType = Optional.of(d.value(0)));
    handlers.put("authname", (d, scope, s) -> scope.directory().authName = Optional.of(d.value(0)));
    handlers.put("authuserfile", (d, scope, s) -> scope.directory().authUserFile = authFile(d, s));
    handlers.put(
        "authgroupfile", (d, scope, s) -> scope.directory().authGroupFile = authFile(d, s));
    handlers.put("authbasicprovider", AccessDirectives::basicProvider);
    handlers.put("authbasicauthoritative", (d, scope, s) -> {});
    DigestDirectives.register(handlers);
    handlers.put(
        "authmerging", (d, scope, s) -> scope.directory().authMerging = Optional.of(d.value(0)));
    handlers.put("require", AccessDirectives::require);
    handlers.put("satisfy", AccessDirectives::satisfy);
    handlers.put("order", AccessDirectives::order);
    handlers.put("allow", (d, scope, s) -> hostRules(d, s, scope.directory().allow));
    handlers.put("deny", (d, scope, s) -> hostRules(d, s, scope.directory().deny));
  }

  private static Optional<String> authFile(Directive directive, CompileSession session) {
    Path file = session.resolve(directive.value(0));
    if (!Files.isReadable(file)) {
      session.report(
          DiagnosticCode.W204,
          directive.span(),
          directive.name()
              + " "
              + file
              + " does not exist or is not readable: httpd starts, then answers 500 to every"
              + " request that needs it");
    }
    return Optional.of(file.toString());
  }

  private static void basicProvider(Directive directive, Scope scope, CompileSession session) {
    for (Arg arg : directive.args()) {
      if (!AuthzProviders.authnKnown(arg.value(), session.loadedModules)) {
        session.error(directive.span(), "Unknown Authn provider: " + arg.value());
        return;
      }
      scope.directory().basicProviders.add(arg.value());
    }
  }

  private static void require(Directive directive, Scope scope, CompileSession session) {
    parseRequire(directive, session).ifPresent(scope.directory()::addRequire);
  }

  /** One Require line, checked as mod_authz_core does when it registers the provider. */
  static Optional<AuthzRule> parseRequire(Directive directive, CompileSession session) {
    ImmutableList<String> words =
        directive.args().stream().map(Arg::value).collect(ImmutableList.toImmutableList());
    if (words.isEmpty()) {
      session.error(directive.span(), "Require requires at least one argument");
      return Optional.empty();
    }
    boolean negated = words.get(0).equalsIgnoreCase("not");
    int providerIndex = negated ? 1 : 0;
    if (words.size() <= providerIndex) {
      session.error(directive.span(), "Require not requires a provider");
      return Optional.empty();
    }
    String provider = words.get(providerIndex);
    if (!AuthzProviders.authzKnown(provider, session.loadedModules)) {
      session.error(directive.span(), "Unknown Authz provider: " + provider);
      return Optional.empty();
    }
    ImmutableList<String> arguments = words.subList(providerIndex + 1, words.size());
    String key = provider.toLowerCase(Locale.ROOT);
    if (key.equals("all")
        && (arguments.size() != 1
            || !(arguments.get(0).equalsIgnoreCase("granted")
                || arguments.get(0).equalsIgnoreCase("denied")))) {
      session.error(directive.span(), "Argument for 'Require all' must be 'granted' or 'denied'");
      return Optional.empty();
    }
    if (key.equals("ip")) {
      for (String address : arguments) {
        if (!HostRules.validIpPattern(address)) {
          session.error(directive.span(), "ip address '" + address + "' appears to be invalid");
          return Optional.empty();
        }
      }
    }
    return Optional.of(new AuthzRule.Require(negated, provider, arguments, directive.span()));
  }

  private static void satisfy(Directive directive, Scope scope, CompileSession session) {
    String value = directive.value(0).toLowerCase(Locale.ROOT);
    if (!value.equals("all") && !value.equals("any")) {
      session.error(directive.span(), "Satisfy either 'any' or 'all'.");
      return;
    }
    scope.directory().satisfy = Optional.of(value);
  }

  private static void order(Directive directive, Scope scope, CompileSession session) {
    String value = directive.value(0).toLowerCase(Locale.ROOT);
    if (!value.equals("allow,deny")
        && !value.equals("deny,allow")
        && !value.equals("mutual-failure")) {
      session.error(directive.span(), "unknown order");
      return;
    }
    scope.directory().order = Optional.of(value);
  }

  private static void hostRules(
      Directive directive, CompileSession session, java.util.List<HostRule> target) {
    if (!directive.value(0).equalsIgnoreCase("from")) {
      session.error(directive.span(), "allow and deny must be followed by 'from'");
      return;
    }
    for (Arg arg : directive.args().subList(1, directive.args().size())) {
      Optional<HostRule> rule = HostRules.parse(arg.value(), directive, session);
      if (rule.isEmpty()) {
        return;
      }
      target.add(rule.get());
    }
  }

  static boolean isIpLiteral(String text) {
    return InetAddresses.isInetAddress(text);
  }
}
