package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.Optional;

/**
 * Authentication settings.
 *
 * @param type AuthType ({@code Basic}, {@code None}, ...)
 * @param realm AuthName
 * @param userFile AuthUserFile, as resolved against ServerRoot
 * @param groupFile AuthGroupFile, as resolved against ServerRoot
 * @param basicProviders AuthBasicProvider names; empty means httpd's default, {@code file}
 * @param merging AuthMerging: {@code Off}, {@code And} or {@code Or}
 * @param userScript WSGIAuthUserScript: the {@code wsgi} authentication provider's script
 * @param groupScript WSGIAuthGroupScript: the script {@code Require wsgi-group} asks
 * @param accessScript WSGIAccessScript: mod_wsgi's host access checker ({@code allow_access}), run
 *     with the access checkers of mod_access_compat
 * @param digest mod_auth_digest's settings, present when the section has any of its directives
 *     (they then replace the inherited ones as a whole)
 */
public record AuthSettings(
    Optional<String> type,
    Optional<String> realm,
    Optional<String> userFile,
    Optional<String> groupFile,
    ImmutableList<String> basicProviders,
    Optional<String> merging,
    Optional<WsgiAuthScript> userScript,
    Optional<WsgiAuthScript> groupScript,
    Optional<WsgiAuthScript> accessScript,
    Optional<DigestSettings> digest) {

  public AuthSettings {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(userFile, "userFile");
    Objects.requireNonNull(groupFile, "groupFile");
    Objects.requireNonNull(basicProviders, "basicProviders");
    Objects.requireNonNull(merging, "merging");
    Objects.requireNonNull(userScript, "userScript");
    Objects.requireNonNull(groupScript, "groupScript");
    Objects.requireNonNull(accessScript, "accessScript");
    Objects.requireNonNull(digest, "digest");
  }

  public static AuthSettings unset() {
    return new AuthSettings(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        ImmutableList.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** The mod_auth_digest settings in force. */
  public DigestSettings digestOrDefaults() {
    return digest.orElse(DigestSettings.DEFAULTS);
  }
}
