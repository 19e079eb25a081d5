package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-directory settings of one section (or of a host's top level): what httpd merges along a
 * request's path. Empty values mean "not set here", so merging can tell inherit from override.
 *
 * @param wsgi WSGIProcessGroup and friends
 * @param auth authentication settings
 * @param accessCompat Order, Allow, Deny and Satisfy (mod_access_compat)
 * @param authorization Require rules; a bare list of Require lines is an implicit RequireAny
 * @param environment SetEnv, UnsetEnv, PassEnv and SetEnvIf rules in order
 * @param rewrite a per-directory mod_rewrite program
 * @param methodLimits {@code <Limit>} and {@code <LimitExcept>} sections inside
 * @param options the Options words as written
 * @param allowOverride the AllowOverride words as written
 * @param mime mod_mime's mappings, AddDefaultCharset, ForceType and FileETag
 */
public record DirectorySettings(
    WsgiSettings wsgi,
    AuthSettings auth,
    AccessCompat accessCompat,
    Optional<AuthzRule> authorization,
    ImmutableList<EnvRule> environment,
    RewriteProgram rewrite,
    ImmutableList<MethodLimit> methodLimits,
    ImmutableList<String> options,
    ImmutableSet<String> allowOverride,
    MimeSettings mime) {

  public DirectorySettings {
    Objects.requireNonNull(wsgi, "wsgi");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(accessCompat, "accessCompat");
    Objects.requireNonNull(authorization, "authorization");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(rewrite, "rewrite");
    Objects.requireNonNull(methodLimits, "methodLimits");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(allowOverride, "allowOverride");
    Objects.requireNonNull(mime, "mime");
  }

  public static DirectorySettings empty() {
    return new DirectorySettings(
        WsgiSettings.unset(),
        AuthSettings.unset(),
        AccessCompat.unset(),
        Optional.empty(),
        ImmutableList.of(),
        RewriteProgram.empty(),
        ImmutableList.of(),
        ImmutableList.of(),
        ImmutableSet.of(),
        MimeSettings.unset());
  }
}
