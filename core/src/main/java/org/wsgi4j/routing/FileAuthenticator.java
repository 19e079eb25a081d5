package org.wsgi4j.routing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.wsgi4j.auth.AuthenticationResult;
import org.wsgi4j.auth.CredentialStore;
import org.wsgi4j.auth.RealmHash;

/**
 * Basic authentication against htpasswd and group files on disk (mod_authn_file,
 * mod_authz_groupfile).
 */
public final class FileAuthenticator implements Authenticator {
  /** Bound on {@link #paths}, emptied when full. */
  private static final int MAX_PATHS = 1024;

  private final CredentialStore store;

  /**
   * The configuration's file names as parsed paths: the same few names come with every request and
   * parsing one again costs more than the rest of a remembered check.
   */
  private final ConcurrentMap<String, Path> paths = new ConcurrentHashMap<>();

  public FileAuthenticator() {
    this(CredentialStore.onFileSystem());
  }

  public FileAuthenticator(CredentialStore store) {
    this.store = store;
  }

  @Override
  public AuthenticationResult authenticate(String authorizationHeader, String userFile) {
    return store.authenticate(path(userFile), authorizationHeader);
  }

  @Override
  public RealmHash realmHash(String user, String realm, String userFile) {
    return store.realmHash(path(userFile), user, realm);
  }

  @Override
  public Set<String> groups(String user, String groupFile) {
    try {
      return store.groupsOf(path(groupFile), user);
    } catch (IOException e) {
      return Set.of();
    }
  }

  private Path path(String name) {
    Path known = paths.get(name);
    if (known == null) {
      known = Path.of(name);
      if (paths.size() >= MAX_PATHS) {
        paths.clear();
      }
      paths.put(name, known);
    }
    return known;
  }
}
