package org.wsgi4j.compile;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.syntax.Arg;
import org.wsgi4j.syntax.Directive;

/**
 * mod_auth_digest's per-directory directives, checked with httpd 2.4.71's messages (recorded in the
 * apachectl corpus). Every one of them marks the section as carrying mod_auth_digest settings,
 * which then replace the inherited ones as a whole (the module has no merge function).
 */
final class DigestDirectives {
  private DigestDirectives() {}

  static void register(Map<String, DirectiveHandler> handlers) {
    handlers.put("authdigestprovider", DigestDirectives::provider);
    handlers.put("authdigestdomain", DigestDirectives::domain);
    handlers.put("authdigestnoncelifetime", DigestDirectives::nonceLifetime);
    handlers.put("authdigestalgorithm", DigestDirectives::algorithm);
    handlers.put("authdigestqop", DigestDirectives::qop);
    handlers.put("authdigestnccheck", DigestDirectives::ncCheck);
  }

  private static void provider(Directive directive, Scope scope, CompileSession session) {
    DirectoryBuilder d = scope.directory();
    d.digestConfigured = true;
    for (Arg arg : directive.args()) {
      String name = arg.value();
      if (!AuthzProviders.authnKnown(name, session.loadedModules)) {
        session.error(directive.span(), "Unknown Authn provider: " + name);
        return;
      }
      if (!AuthzProviders.authnHasRealmHash(name)) {
        session.error(
            directive.span(),
            "The '" + name + "' Authn provider doesn't support Digest Authentication");
        return;
      }
      d.digestProviders.add(name);
    }
  }

  private static void domain(Directive directive, Scope scope, CompileSession session) {
    DirectoryBuilder d = scope.directory();
    d.digestConfigured = true;
    for (Arg arg : directive.args()) {
      d.digestDomain.add(arg.value());
    }
  }

  private static void nonceLifetime(Directive directive, Scope scope, CompileSession session) {
    DirectoryBuilder d = scope.directory();
    d.digestConfigured = true;
    String text = directive.value(0);
    Optional<Long> seconds = strtol(text);
    if (seconds.isEmpty()) {
      session.error(directive.span(), "Invalid time in AuthDigestNonceLifetime: " + text);
      return;
    }
    if (seconds.get() == 0) {
      // httpd's one-time nonces need its per-client table, which wsgi4j does not keep; serving
      // with reusable nonces instead would accept replays httpd refuses.
      session.refuse(
          directive.span(),
          "AuthDigestNonceLifetime 0 (one-time nonces) is not implemented by wsgi4j; the"
              + " configuration can be linted but will not be served");
      return;
    }
    d.digestNonceLifetime = seconds.get();
  }

  private static void algorithm(Directive directive, Scope scope, CompileSession session) {
    scope.directory().digestConfigured = true;
    String text = directive.value(0);
    if (!text.equalsIgnoreCase("MD5")) {
      // httpd 2.4.71 refuses MD5-sess too ("not fully implemented" in older releases).
      session.error(directive.span(), "Unsupported algorithm in AuthDigestAlgorithm: " + text);
    }
  }

  private static void qop(Directive directive, Scope scope, CompileSession session) {
    scope.directory().digestConfigured = true;
    for (Arg arg : directive.args()) {
      if (!arg.value().equalsIgnoreCase("auth")) {
        session.error(directive.span(), "AuthDigestQop is deprecated: only 'auth' is supported");
        return;
      }
    }
  }

  private static void ncCheck(Directive directive, Scope scope, CompileSession session) {
    scope.directory().digestConfigured = true;
    if (directive.value(0).toLowerCase(Locale.ROOT).equals("on")) {
      // Checking nonce counts needs httpd's per-client table; ignoring the switch would accept
      // replayed requests that httpd refuses.
      session.refuse(
          directive.span(),
          "AuthDigestNcCheck On is not implemented by wsgi4j (it keeps no per-client nonce"
              + " counts); the configuration can be linted but will not be served");
    }
  }

  /**
   * C's {@code strtol(text, &end, 10)} as httpd uses it: leading blanks, a sign, digits; the rest
   * must be empty or start with a blank. Out-of-range values saturate as strtol's do.
   */
  static Optional<Long> strtol(String text) {
    int i = 0;
    int n = text.length();
    while (i < n && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    int digitsStart = i;
    long value = 0;
    boolean saturated = false;
    while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      int digit = text.charAt(i) - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        saturated = true;
      } else {
        value = value * 10 + digit;
      }
      i++;
    }
    if (i == digitsStart) {
      // No digits: strtol leaves the end at the start of the text.
      return text.isEmpty() || Character.isWhitespace(text.charAt(0))
          ? Optional.of(0L)
          : Optional.empty();
    }
    if (i < n && !Character.isWhitespace(text.charAt(i))) {
      return Optional.empty();
    }
    if (saturated) {
      return Optional.of(negative ? Long.MIN_VALUE : Long.MAX_VALUE);
    }
    return Optional.of(negative ? -value : value);
  }
}
