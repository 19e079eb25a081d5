package org.wsgi4j.routing;

import java.util.Set;
import org.wsgi4j.auth.AuthenticationResult;
import org.wsgi4j.auth.RealmHash;

/**
 * Checks Basic credentials against an AuthUserFile and reads AuthGroupFile memberships. An
 * interface so that the router stays pure; {@link FileAuthenticator} reads (and caches) the files.
 */
public interface Authenticator {
  /** Checks the {@code Authorization} header value against {@code userFile}. */
  AuthenticationResult authenticate(String authorizationHeader, String userFile);

  /** The groups {@code user} belongs to according to {@code groupFile}. */
  Set<String> groups(String user, String groupFile);

  /**
   * Digest: the stored {@code MD5(user:realm:password)} of {@code user} in {@code realm} in the
   * htdigest-format {@code userFile}. Without a file source nobody is found.
   */
  default RealmHash realmHash(String user, String realm, String userFile) {
    return new RealmHash.NotFound();
  }

  /** Refuses everyone: for configurations without authentication, and for tests. */
  Authenticator NOBODY =
      new Authenticator() {
        @Override
        public AuthenticationResult authenticate(String authorizationHeader, String userFile) {
          return new AuthenticationResult.Rejected("", AuthenticationResult.Reason.USER_NOT_FOUND);
        }

        @Override
        public Set<String> groups(String user, String groupFile) {
          return Set.of();
        }
      };
}
