package org.wsgi4j.auth;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Authenticates Basic credentials against {@code AuthUserFile}s and answers group questions from
 * {@code AuthGroupFile}s, with the files read through an {@link AuthFileSource}.
 *
 * <p>httpd re-reads the file on every request. Doing that costs a parse per request, so parsed
 * files are cached per path and reused while their {@link FileStamp} (size, modification time, file
 * key) is unchanged; any change is picked up on the next request. A file that cannot be read is
 * never served from the cache: the result is {@link AuthenticationResult.Unavailable} (a 500),
 * matching httpd, which would fail to open it.
 *
 * <p>Successful verifications are also cached (bounded), because bcrypt or 5000-round SHA-crypt
 * costs milliseconds per check and a browser re-sends the same credentials on every request. The
 * key is the user, the stored hash and a salted SHA-256 of the password: the password itself is
 * never kept, the salt is random per store so the digest is useless elsewhere, and a changed hash
 * in the file misses the cache automatically. Failures are never cached, so the cache cannot be
 * used to pin a rejection.
 *
 * <p>On top of that, {@link #authenticate(Path, String)} remembers (bounded) which whole {@code
 * Authorization} header was accepted against which parse of the file: a browser sends the same
 * header on every request, and a hit then costs one stat of the file instead of a Base64 decode, a
 * digest and a hash lookup. An entry only counts while the file's parse is the very one it was
 * accepted against, so any change to the file invalidates it; rejections are never remembered. Like
 * the verification cache it keys on a salted SHA-256 digest, never on the header itself, so no
 * password outlives the request that carried it.
 *
 * <p>Thread-safe. Concurrent reloads of one file may parse it twice; the results are equal.
 */
public final class CredentialStore {

  private static final int MAX_READ_ATTEMPTS = 3;

  private record Loaded<T>(FileStamp stamp, T value) {}

  private record VerifiedKey(String user, String hash, String passwordDigest) {}

  /** A salted digest of the header stands in for it: no password is kept in this map. */
  private record HeaderKey(Path userFile, String headerDigest) {}

  /** The parse of the user file a header was accepted against, and the user it names. */
  private record Accepted(HtpasswdFile file, String user) {}

  private final AuthFileSource source;
  private final ConcurrentMap<Path, Loaded<HtpasswdFile>> userFiles = new ConcurrentHashMap<>();
  private final ConcurrentMap<Path, Loaded<GroupFile>> groupFiles = new ConcurrentHashMap<>();
  private final Cache<VerifiedKey, Boolean> verified;
  private final int maxAcceptedHeaders;

  /** Bounded by {@link #maxAcceptedHeaders}: emptied when full (a plain map is cheaper to ask). */
  private final ConcurrentMap<HeaderKey, Accepted> acceptedHeaders = new ConcurrentHashMap<>();

  /** SHA-256 with the random salt already fed in; each digest works on a clone of it. */
  private final MessageDigest saltedDigest;

  /**
   * @param source where the files are read from
   * @param maxCachedVerifications how many successful verifications to remember; 0 disables
   */
  public CredentialStore(AuthFileSource source, int maxCachedVerifications) {
    this.source = Objects.requireNonNull(source, "source");
    if (maxCachedVerifications < 0) {
      throw new IllegalArgumentException("negative cache size: " + maxCachedVerifications);
    }
    this.verified = CacheBuilder.newBuilder().maximumSize(maxCachedVerifications).build();
    this.maxAcceptedHeaders = maxCachedVerifications;
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    try {
      saltedDigest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    saltedDigest.update(salt);
  }

  /** A store over the real file system remembering up to 1024 successful verifications. */
  public static CredentialStore onFileSystem() {
    return new CredentialStore(AuthFileSource.fileSystem(), 1024);
  }

  /**
   * Checks a Basic {@code Authorization} header against {@code userFile} as mod_auth_basic and
   * mod_authn_file do; a header that is not valid Basic credentials names no user.
   *
   * @param userFile the {@code AuthUserFile}, already resolved against {@code ServerRoot}
   */
  public AuthenticationResult authenticate(Path userFile, String authorizationHeader) {
    HeaderKey key =
        new HeaderKey(userFile, digest(authorizationHeader.getBytes(StandardCharsets.ISO_8859_1)));
    Accepted known = acceptedHeaders.get(key);
    if (known != null) {
      try {
        if (userFile(userFile) == known.file()) {
          return new AuthenticationResult.Authenticated(known.user());
        }
      } catch (IOException e) {
        return unavailable(userFile, e);
      }
    }
    // The header is parsed before the file is opened, as mod_auth_basic does.
    Optional<BasicCredentials> credentials = BasicCredentials.parse(authorizationHeader);
    if (credentials.isEmpty()) {
      return new AuthenticationResult.Rejected("", AuthenticationResult.Reason.USER_NOT_FOUND);
    }
    HtpasswdFile file;
    try {
      file = userFile(userFile);
    } catch (IOException e) {
      return unavailable(userFile, e);
    }
    AuthenticationResult result = authenticate(file, credentials.get());
    if (result instanceof AuthenticationResult.Authenticated accepted && maxAcceptedHeaders > 0) {
      if (acceptedHeaders.size() >= maxAcceptedHeaders) {
        acceptedHeaders.clear();
      }
      acceptedHeaders.put(key, new Accepted(file, accepted.user()));
    }
    return result;
  }

  /**
   * Checks {@code credentials} against {@code userFile} as mod_authn_file does.
   *
   * @param userFile the {@code AuthUserFile}, already resolved against {@code ServerRoot}
   */
  public AuthenticationResult authenticate(Path userFile, BasicCredentials credentials) {
    HtpasswdFile file;
    try {
      file = userFile(userFile);
    } catch (IOException e) {
      return unavailable(userFile, e);
    }
    return authenticate(file, credentials);
  }

  private static AuthenticationResult unavailable(Path userFile, IOException e) {
    return new AuthenticationResult.Unavailable(
        "Could not open password file: " + userFile + " (" + e + ")");
  }

  private AuthenticationResult authenticate(HtpasswdFile file, BasicCredentials credentials) {
    String user = credentials.user();
    Optional<String> hash = file.lookup(user);
    if (hash.isEmpty()) {
      return new AuthenticationResult.Rejected(user, AuthenticationResult.Reason.USER_NOT_FOUND);
    }
    return verify(user, hash.get(), credentials.passwordBytes())
        ? new AuthenticationResult.Authenticated(user)
        : new AuthenticationResult.Rejected(user, AuthenticationResult.Reason.PASSWORD_MISMATCH);
  }

  /**
   * The groups of {@code user} in {@code groupFile}.
   *
   * @throws IOException when the file cannot be read (httpd: "Could not open group file", 500)
   */
  public ImmutableSet<String> groupsOf(Path groupFile, String user) throws IOException {
    return groupFile(groupFile).groupsOf(user);
  }

  /**
   * The parsed {@code AuthUserFile}, from the cache while the file is unchanged.
   *
   * @throws IOException when the file cannot be read
   */
  public HtpasswdFile userFile(Path path) throws IOException {
    return load(path, userFiles, HtpasswdFile::parse);
  }

  /**
   * The parsed {@code AuthGroupFile}, from the cache while the file is unchanged.
   *
   * @throws IOException when the file cannot be read
   */
  public GroupFile groupFile(Path path) throws IOException {
    return load(path, groupFiles, GroupFile::parse);
  }

  private boolean verify(String user, String hash, byte[] password) {
    VerifiedKey key = new VerifiedKey(user, hash, digest(password));
    if (verified.getIfPresent(key) != null) {
      return true;
    }
    boolean ok = PasswordVerifier.verify(password, hash);
    if (ok) {
      verified.put(key, Boolean.TRUE);
    }
    return ok;
  }

  private String digest(byte[] password) {
    MessageDigest sha;
    try {
      // A clone of the salted prototype: no provider look-up and no re-hashing of the salt.
      sha = (MessageDigest) saltedDigest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
    }
    sha.update(password);
    // One char per byte: a compact key (the digest is only compared, never shown).
    return new String(sha.digest(), StandardCharsets.ISO_8859_1);
  }

  /**
   * Returns the cached parse while the stamp is unchanged; otherwise reads the file, checking that
   * the stamp did not move during the read (a writer mid-way), and retries a few times if it did.
   */
  private <T> T load(Path path, ConcurrentMap<Path, Loaded<T>> cache, Function<byte[], T> parser)
      throws IOException {
    FileStamp before = source.stamp(path);
    Loaded<T> cached = cache.get(path);
    if (cached != null && cached.stamp().equals(before)) {
      return cached.value();
    }
    for (int attempt = 1; ; attempt++) {
      byte[] content = source.read(path);
      FileStamp after = source.stamp(path);
      if (after.equals(before) || attempt >= MAX_READ_ATTEMPTS) {
        T value = parser.apply(content);
        if (after.equals(before)) {
          cache.put(path, new Loaded<>(after, value));
        }
        return value;
      }
      before = after;
    }
  }

  /** For tests: whether a verification for these exact credentials is cached. */
  boolean isVerificationCached(String user, String hash, String password) {
    return verified.getIfPresent(
            new VerifiedKey(user, hash, digest(password.getBytes(StandardCharsets.ISO_8859_1))))
        != null;
  }
}
