package org.wsgi4j.cli.serve;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.wsgi4j.auth.DigestCredentials;
import org.wsgi4j.routing.RoutingDecision;

/**
 * {@code r->user} as mod_log_config's {@code %u} shows it (recorded in the serve kit's {@code logs}
 * case): the authenticated user; and where Basic authentication ran and failed, the user name the
 * client sent, as mod_auth_basic sets it before checking the password (an unknown user and a wrong
 * password alike; an empty name for undecodable credentials), and the user name of a usable Digest
 * header (mod_auth_digest sets it before its checks). Other schemes and requests that needed no
 * login have none.
 */
final class RemoteUser {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private RemoteUser() {}

  static Optional<String> of(Optional<RoutingDecision> decision, Request request) {
    if (decision.isEmpty()) {
      return Optional.empty();
    }
    if (decision.get() instanceof RoutingDecision.Challenge) {
      return sentUser(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    }
    return decision.get().facts().user();
  }

  /** The user part of Basic credentials, decoded as apr_base64_decode does (up to a bad byte). */
  static Optional<String> sentUser(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    // mod_auth_digest sets the user from a usable Digest header before checking anything else.
    Optional<DigestCredentials> digest = DigestCredentials.parse(authorization);
    if (digest.isPresent()) {
      return Optional.of(digest.get().username());
    }
    String line = authorization.strip();
    int space = line.indexOf(' ');
    String scheme = space < 0 ? line : line.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals("basic")) {
      return Optional.empty();
    }
    String encoded = space < 0 ? "" : line.substring(space + 1).strip();
    int valid = 0;
    while (valid < encoded.length() && ALPHABET.indexOf(encoded.charAt(valid)) >= 0) {
      valid++;
    }
    byte[] decoded = decode(encoded.substring(0, valid));
    String text = new String(decoded, StandardCharsets.ISO_8859_1);
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      text = text.substring(0, nul);
    }
    int colon = text.indexOf(':');
    return Optional.of(colon < 0 ? text : text.substring(0, colon));
  }

  private static byte[] decode(String valid) {
    int full = valid.length() / 4 * 4;
    int rest = valid.length() - full;
    // A trailing single character carries fewer than 8 bits: apr drops it.
    String usable = rest == 1 ? valid.substring(0, full) : valid;
    int padding = (4 - usable.length() % 4) % 4;
    return java.util.Base64.getDecoder().decode(usable + "=".repeat(padding));
  }
}
