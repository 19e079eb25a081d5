package org.wsgi4j.routing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.AuthzRule.Result;
import org.wsgi4j.model.HostRule;

/**
 * mod_access_compat's host rules and mod_authz_core's Require rules for one request. Results are
 * authz_core's: granted, denied, denied for want of a user (authentication needed), or neutral.
 */
final class AccessEvaluator {

  private final String client;
  private final String localAddress;
  private final String method;
  private final Map<String, String> environment;
  private final HostResolver resolver;
  private final Authenticator authenticator;
  private final Optional<String> groupFile;
  private final Function<String, WsgiAuthScripts.GroupLookup> wsgiGroups;

  AccessEvaluator(
      String client,
      String localAddress,
      String method,
      Map<String, String> environment,
      HostResolver resolver,
      Authenticator authenticator,
      Optional<String> groupFile,
      Function<String, WsgiAuthScripts.GroupLookup> wsgiGroups) {
    this.client = client;
    this.localAddress = localAddress;
    this.method = method;
    this.environment = environment;
    this.resolver = resolver;
    this.authenticator = authenticator;
    this.groupFile = groupFile;
    this.wsgiGroups = wsgiGroups;
  }

  /** Order/Allow/Deny: true when the client may pass. */
  boolean hostAccess(String order, List<HostRule> allow, List<HostRule> deny) {
    boolean allowed = anyMatches(allow);
    boolean denied = anyMatches(deny);
    return switch (lowerCase(order)) {
      case "allow,deny", "mutual-failure" -> allowed && !denied;
      default -> !denied || allowed; // deny,allow: Allow wins
    };
  }

  private boolean anyMatches(List<HostRule> rules) {
    for (HostRule rule : rules) {
      if (matches(rule)) {
        return true;
      }
    }
    return false;
  }

  private boolean matches(HostRule rule) {
    return switch (rule.kind()) {
      case ALL -> true;
      case ENV_SET -> environment.containsKey(rule.value());
      case ENV_UNSET -> !environment.containsKey(rule.value());
      case IP_PREFIX, NETWORK -> AddressMatch.matches(rule.value(), client);
      case HOST_SUFFIX -> hostMatches(rule.value());
    };
  }

  private boolean hostMatches(String wanted) {
    Optional<String> name = resolver.verifiedName(client);
    if (name.isEmpty()) {
      return false;
    }
    String suffix = wanted.toLowerCase(Locale.ROOT);
    String host = name.get();
    if (suffix.startsWith(".")) {
      return host.endsWith(suffix);
    }
    return host.equals(suffix) || host.endsWith("." + suffix);
  }

  /** The text in lower case; itself when it already is (as configurations usually write it). */
  private static String lowerCase(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
        return text.toLowerCase(Locale.ROOT);
      }
    }
    return text;
  }

  /** Require rules with the user known so far (empty before authentication). */
  Result authorize(AuthzRule rule, Optional<String> user) {
    if (rule instanceof AuthzRule.Require require) {
      Result result = provider(require, user);
      return require.negated() ? result.negated() : result;
    }
    AuthzRule.Container container = (AuthzRule.Container) rule;
    boolean granted = false;
    boolean denied = false;
    boolean needUser = false;
    for (AuthzRule child : container.children()) {
      switch (authorize(child, user)) {
        case GRANTED -> granted = true;
        case DENIED -> denied = true;
        case DENIED_NO_USER -> needUser = true;
        case NEUTRAL -> {}
      }
    }
    return container.combination().combine(granted, denied, needUser);
  }

  /**
   * mod_wsgi's {@code wsgi-group}: granted when {@code groups_for_user} names one of the listed
   * groups. mod_wsgi keeps the names in an APR table, whose look-ups ignore case, so {@code ADMINS}
   * satisfies {@code Require wsgi-group admins}. A failing script or no groups at all: denied.
   */
  private Result wsgiGroup(List<String> wanted, String user) {
    if (!(wsgiGroups.apply(user) instanceof WsgiAuthScripts.GroupLookup.Groups groups)) {
      return Result.DENIED;
    }
    for (String name : wanted) {
      for (String group : groups.names()) {
        if (asciiEqualsIgnoreCase(group, name)) {
          return Result.GRANTED;
        }
      }
    }
    return Result.DENIED;
  }

  /** C's strcasecmp in the "C" locale: only ASCII letters fold. */
  private static boolean asciiEqualsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && (x > 127 || y > 127 || Character.toLowerCase(x) != Character.toLowerCase(y))) {
        return false;
      }
    }
    return true;
  }

  private Result provider(AuthzRule.Require require, Optional<String> user) {
    List<String> args = require.arguments();
    return switch (lowerCase(require.provider())) {
      case "all" -> args.get(0).equalsIgnoreCase("granted") ? Result.GRANTED : Result.DENIED;
      case "valid-user" -> user.isPresent() ? Result.GRANTED : Result.DENIED_NO_USER;
      case "user" ->
          user.isEmpty()
              ? Result.DENIED_NO_USER
              : args.contains(user.get()) ? Result.GRANTED : Result.DENIED;
      case "group" -> {
        if (user.isEmpty()) {
          yield Result.DENIED_NO_USER;
        }
        Set<String> groups =
            groupFile.map(f -> authenticator.groups(user.get(), f)).orElse(Set.of());
        yield args.stream().anyMatch(groups::contains) ? Result.GRANTED : Result.DENIED;
      }
      case "wsgi-group" -> user.isEmpty() ? Result.DENIED_NO_USER : wsgiGroup(args, user.get());
      case "ip" ->
          args.stream().anyMatch(a -> AddressMatch.matches(a, client))
              ? Result.GRANTED
              : Result.DENIED;
      case "host" -> args.stream().anyMatch(this::hostMatches) ? Result.GRANTED : Result.DENIED;
      case "local" ->
          AddressMatch.isLoopback(client) || client.equals(localAddress)
              ? Result.GRANTED
              : Result.DENIED;
      case "env" ->
          args.stream().anyMatch(environment::containsKey) ? Result.GRANTED : Result.DENIED;
      case "method" -> args.contains(method) ? Result.GRANTED : Result.DENIED;
      // Providers wsgi4j does not evaluate were refused at load; never grant through them.
      default -> Result.DENIED;
    };
  }
}
