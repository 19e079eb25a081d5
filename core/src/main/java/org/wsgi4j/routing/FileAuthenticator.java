package org.wsgi4j.routing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.wsgi4j.auth.AuthenticationResult;
import org.wsgi4j.auth.CredentialStore;

/**
 * Basic authentication against htpasswd and group files on disk (mod_authn_file,
 * mod_authz_groupfile).
 */
public final class FileAuthenticator implements Authenticator {
  private final CredentialStore store;

  public FileAuthenticator() {
    this(CredentialStore.onFileSystem());
  }

  public FileAuthenticator(CredentialStore store) {
    this.store = store;
  }

  @Override
  public AuthenticationResult authenticate(String authorizationHeader, String userFile) {
    return store.authenticate(Path.of(userFile), authorizationHeader);
  }

  @Override
  public Set<String> groups(String user, String groupFile) {
    try {
      return store.groupsOf(Path.of(groupFile), user);
    } catch (IOException e) {
      return Set.of();
    }
  }
}
