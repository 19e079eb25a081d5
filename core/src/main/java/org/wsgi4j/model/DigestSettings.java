package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;

/**
 * mod_auth_digest's per-directory settings. httpd 2.4's mod_auth_digest has no merge function: a
 * section with any of its directives replaces all of them, the ones it does not set taking their
 * defaults (recorded: a nested {@code <Location>} with only AuthDigestNonceLifetime loses the outer
 * AuthDigestDomain and AuthDigestProvider).
 *
 * @param providers AuthDigestProvider names; empty means httpd's default, {@code file}
 * @param domain AuthDigestDomain URIs, in order (several lines add up)
 * @param nonceLifetimeSeconds AuthDigestNonceLifetime (default 300); negative: never expire
 */
public record DigestSettings(
    ImmutableList<String> providers, ImmutableList<String> domain, long nonceLifetimeSeconds) {

  /** httpd's default nonce lifetime, in seconds. */
  public static final long DEFAULT_NONCE_LIFETIME = 300;

  /** What a section without any mod_auth_digest directive has. */
  public static final DigestSettings DEFAULTS =
      new DigestSettings(ImmutableList.of(), ImmutableList.of(), DEFAULT_NONCE_LIFETIME);

  public DigestSettings {
    Objects.requireNonNull(providers, "providers");
    Objects.requireNonNull(domain, "domain");
  }
}
