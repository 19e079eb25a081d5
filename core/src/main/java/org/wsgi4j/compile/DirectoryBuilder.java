package org.wsgi4j.compile;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.wsgi4j.model.AccessCompat;
import org.wsgi4j.model.AuthSettings;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.DigestSettings;
import org.wsgi4j.model.DirectorySettings;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.model.FileEtag;
import org.wsgi4j.model.HostRule;
import org.wsgi4j.model.MethodLimit;
import org.wsgi4j.model.MimeSettings;
import org.wsgi4j.model.WsgiAuthScript;
import org.wsgi4j.model.WsgiSettings;
import org.wsgi4j.source.SourceSpan;

/** Collects the per-directory directives of one section while it is compiled. */
final class DirectoryBuilder {
  Optional<String> processGroup = Optional.empty();
  Optional<String> applicationGroup = Optional.empty();
  Optional<String> callableObject = Optional.empty();
  Optional<Boolean> passAuthorization = Optional.empty();
  Optional<Boolean> scriptReloading = Optional.empty();
  Optional<Boolean> chunkedRequest = Optional.empty();
  Optional<ImmutableList<String>> restrictProcess = Optional.empty();

  Optional<String> authType = Optional.empty();
  Optional<String> authName = Optional.empty();
  Optional<String> authUserFile = Optional.empty();
  Optional<String> authGroupFile = Optional.empty();
  List<String> basicProviders = new ArrayList<>();
  Optional<String> authMerging = Optional.empty();
  Optional<WsgiAuthScript> authUserScript = Optional.empty();
  Optional<WsgiAuthScript> authGroupScript = Optional.empty();
  Optional<WsgiAuthScript> accessScript = Optional.empty();

  /** Whether the section has any mod_auth_digest directive (its settings then replace). */
  boolean digestConfigured;

  final List<String> digestProviders = new ArrayList<>();
  final List<String> digestDomain = new ArrayList<>();
  long digestNonceLifetime = DigestSettings.DEFAULT_NONCE_LIFETIME;

  Optional<String> order = Optional.empty();
  final List<HostRule> allow = new ArrayList<>();
  final List<HostRule> deny = new ArrayList<>();
  Optional<String> satisfy = Optional.empty();

  /** Bare Require lines; they form an implicit RequireAny. */
  final List<AuthzRule> requires = new ArrayList<>();

  SourceSpan firstRequire;
  final List<EnvRule> environment = new ArrayList<>();
  final RewriteBuilder rewrite = new RewriteBuilder();
  final List<MethodLimit> methodLimits = new ArrayList<>();
  final List<String> options = new ArrayList<>();
  final LinkedHashSet<String> allowOverride = new LinkedHashSet<>();

  final List<MimeSettings.ExtensionRule> mimeRules = new ArrayList<>();
  Optional<String> defaultCharset = Optional.empty();
  Optional<String> forceType = Optional.empty();
  Optional<String> defaultLanguage = Optional.empty();
  FileEtag fileEtag = FileEtag.UNSET;

  DirectorySettings build() {
    Optional<AuthzRule> authorization =
        requires.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new AuthzRule.Container(
                    AuthzRule.Combination.ANY, true, ImmutableList.copyOf(requires), firstRequire));
    return new DirectorySettings(
        new WsgiSettings(
            processGroup,
            applicationGroup,
            callableObject,
            passAuthorization,
            scriptReloading,
            chunkedRequest,
            restrictProcess),
        new AuthSettings(
            authType,
            authName,
            authUserFile,
            authGroupFile,
            ImmutableList.copyOf(basicProviders),
            authMerging,
            authUserScript,
            authGroupScript,
            accessScript,
            digestConfigured
                ? Optional.of(
                    new DigestSettings(
                        ImmutableList.copyOf(digestProviders),
                        ImmutableList.copyOf(digestDomain),
                        digestNonceLifetime))
                : Optional.empty()),
        new AccessCompat(order, ImmutableList.copyOf(allow), ImmutableList.copyOf(deny), satisfy),
        authorization,
        ImmutableList.copyOf(environment),
        rewrite.build(),
        ImmutableList.copyOf(methodLimits),
        ImmutableList.copyOf(options),
        ImmutableSet.copyOf(allowOverride),
        new MimeSettings(
            ImmutableList.copyOf(mimeRules), defaultCharset, forceType, fileEtag, defaultLanguage));
  }

  void addRequire(AuthzRule rule) {
    if (requires.isEmpty()) {
      firstRequire = rule.origin();
    }
    requires.add(rule);
  }
}
