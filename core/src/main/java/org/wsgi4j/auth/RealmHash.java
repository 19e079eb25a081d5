package org.wsgi4j.auth;

import java.util.Objects;

/**
 * What a Digest authentication provider answered when asked for the hash of a user in a realm
 * (httpd's {@code get_realm_hash}): the stored {@code MD5(user:realm:password)}, no such user, or a
 * failure that httpd answers with 500.
 */
public sealed interface RealmHash {
  /** AUTH_USER_FOUND: the hex hash as the provider gave it. */
  record Found(String hash) implements RealmHash {
    public Found {
      Objects.requireNonNull(hash, "hash");
    }

    /** Leaves the hash out, so that results can be traced. */
    @Override
    public String toString() {
      return "Found[]";
    }
  }

  /** AUTH_USER_NOT_FOUND: the next provider is asked; after the last one, 401. */
  record NotFound() implements RealmHash {}

  /** AUTH_GENERAL_ERROR: 500. */
  record Failed(String detail) implements RealmHash {
    public Failed {
      Objects.requireNonNull(detail, "detail");
    }
  }
}
