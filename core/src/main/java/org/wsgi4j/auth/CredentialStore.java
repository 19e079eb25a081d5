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
import java.util.function.LongSupplier;

/**
 * Authenticates Basic credentials against {@code AuthUserFile}s and answers group questions from
 * {@code AuthGroupFile}s, with the files read through an {@link AuthFileSource}.
 *
 * <p>httpd re-reads the file on every request. Doing that costs a parse per request, so parsed
 * files are cached per path and reused while their {@link FileStamp} (size, modification time, file
 * key) is unchanged. With a stamp interval of 0 the stamp is read on every request, so any change
 * is picked up on the next one; {@link #onFileSystem()} reads it at most every {@link
 * #FILE_SYSTEM_STAMP_INTERVAL_NANOS} (a stat costs about as much as the rest of a routing decision
 * on a JVM), so a changed or removed file (a removed user, a new password) counts within that
 * interval, well inside the second {@code CachingFileSystem} allows for scripts. A file that cannot
 * be read is never served from the cache once its stamp is read again: the result is {@link
 * AuthenticationResult.Unavailable} (a 500), matching httpd, which would fail to open it.
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
 * header on every request, and a hit then costs a look-up (and a stat of the file when its stamp is
 * due) instead of a Base64 decode, a digest and a hash lookup. An entry only counts while the
 * file's parse is the very one it was accepted against, so any change to the file invalidates it;
 * rejections are never remembered. Like the verification cache it keys on a salted SHA-256 digest,
 * never on the header itself, so no password outlives the request that carried it.
 *
 * <p>Thread-safe. Concurrent reloads of one file may parse it twice; the results are equal.
 */
public final class CredentialStore {

  private static final int MAX_READ_ATTEMPTS = 3;

  /**
   * One SHA-256 per thread, reset before each use (each store feeds its own salt first): no
   * provider look-up and no clone per digest.
   */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(CredentialStore::newSha256);

  /** A parse, the stamp it was read under and when that stamp was last confirmed. */
  private static final class Loaded<T> {
    final FileStamp stamp;
    final T value;

    /** {@link #clock} time of the last stamp read that matched; racy updates are harmless. */
    volatile long confirmedAt;

    Loaded(FileStamp stamp, T value, long confirmedAt) {
      this.stamp = stamp;
      this.value = value;
      this.confirmedAt = confirmedAt;
    }
  }

  /**
   * How long {@link #onFileSystem()} trusts a file's stamp before reading it again: a tenth of a
   * second.
   */
  public static final long FILE_SYSTEM_STAMP_INTERVAL_NANOS = 100_000_000L;

  private record VerifiedKey(String user, String hash, String passwordDigest) {}

  /**
   * A salted digest of the header (its 32 bytes as four longs) stands in for it: no password is
   * kept in this map.
   */
  private record HeaderKey(Path userFile, long digest0, long digest1, long digest2, long digest3) {}

  /** The parse of the user file a header was accepted against, and the user it names. */
  private record Accepted(HtpasswdFile file, String user) {}

  private final AuthFileSource source;
  private final ConcurrentMap<Path, Loaded<HtpasswdFile>> userFiles = new ConcurrentHashMap<>();
  private final ConcurrentMap<Path, Loaded<GroupFile>> groupFiles = new ConcurrentHashMap<>();
  private final ConcurrentMap<Path, Loaded<HtdigestFile>> digestFiles = new ConcurrentHashMap<>();
  private final Cache<VerifiedKey, Boolean> verified;
  private final int maxAcceptedHeaders;
  private final long stampIntervalNanos;
  private final LongSupplier clock;

  /** Bounded by {@link #maxAcceptedHeaders}: emptied when full (a plain map is cheaper to ask). */
  private final ConcurrentMap<HeaderKey, Accepted> acceptedHeaders = new ConcurrentHashMap<>();

  /** Random per store, fed to SHA-256 before what is digested. */
  private final byte[] salt;

  /**
   * @param source where the files are read from
   * @param maxCachedVerifications how many successful verifications to remember; 0 disables
   */
  public CredentialStore(AuthFileSource source, int maxCachedVerifications) {
    this(source, maxCachedVerifications, 0, System::nanoTime);
  }

  /**
   * @param source where the files are read from
   * @param maxCachedVerifications how many successful verifications to remember; 0 disables
   * @param stampIntervalNanos how long a file's stamp is trusted before it is read again; 0 reads
   *     it on every request
   * @param clock nanoseconds, as {@link System#nanoTime()}
   */
  public CredentialStore(
      AuthFileSource source,
      int maxCachedVerifications,
      long stampIntervalNanos,
      LongSupplier clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (stampIntervalNanos < 0) {
      throw new IllegalArgumentException("negative stamp interval: " + stampIntervalNanos);
    }
    this.stampIntervalNanos = stampIntervalNanos;
    if (maxCachedVerifications < 0) {
      throw new IllegalArgumentException("negative cache size: " + maxCachedVerifications);
    }
    this.verified = CacheBuilder.newBuilder().maximumSize(maxCachedVerifications).build();
    this.maxAcceptedHeaders = maxCachedVerifications;
    salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    newSha256(); // fails here, not on a request, if the JDK had no SHA-256
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * A store over the real file system remembering up to 1024 successful verifications, reading a
   * file's stamp at most every {@link #FILE_SYSTEM_STAMP_INTERVAL_NANOS}.
   */
  public static CredentialStore onFileSystem() {
    return new CredentialStore(
        AuthFileSource.fileSystem(), 1024, FILE_SYSTEM_STAMP_INTERVAL_NANOS, System::nanoTime);
  }

  /**
   * Checks a Basic {@code Authorization} header against {@code userFile} as mod_auth_basic and
   * mod_authn_file do; a header that is not valid Basic credentials names no user.
   *
   * @param userFile the {@code AuthUserFile}, already resolved against {@code ServerRoot}
   */
  public AuthenticationResult authenticate(Path userFile, String authorizationHeader) {
    byte[] digest = saltedDigest(authorizationHeader.getBytes(StandardCharsets.ISO_8859_1));
    HeaderKey key =
        new HeaderKey(
            userFile, longAt(digest, 0), longAt(digest, 8), longAt(digest, 16), longAt(digest, 24));
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
   * The hash of {@code user} in {@code realm} in an htdigest-format {@code AuthUserFile}
   * (mod_authn_file's {@code get_realm_hash}); an unreadable file is a failure (500).
   */
  public RealmHash realmHash(Path userFile, String user, String realm) {
    HtdigestFile file;
    try {
      file = load(userFile, digestFiles, HtdigestFile::parse);
    } catch (IOException e) {
      return new RealmHash.Failed("Could not open password file: " + userFile + " (" + e + ")");
    }
    return file.realmHash(user, realm)
        .<RealmHash>map(RealmHash.Found::new)
        .orElseGet(RealmHash.NotFound::new);
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
    // One char per byte: a compact key (the digest is only compared, never shown).
    return new String(saltedDigest(password), StandardCharsets.ISO_8859_1);
  }

  /** SHA-256 of the salt followed by {@code data}. */
  private byte[] saltedDigest(byte[] data) {
    MessageDigest sha = SHA_256.get();
    sha.reset();
    sha.update(salt);
    sha.update(data);
    return sha.digest();
  }

  /** Eight bytes of {@code bytes} from {@code offset}, big-endian. */
  private static long longAt(byte[] bytes, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 8; i++) {
      value = (value << 8) | (bytes[i] & 0xff);
    }
    return value;
  }

  /**
   * Returns the cached parse while the stamp is unchanged (not read again within the stamp
   * interval); otherwise reads the file, checking that the stamp did not move during the read (a
   * writer mid-way), and retries a few times if it did.
   */
  private <T> T load(Path path, ConcurrentMap<Path, Loaded<T>> cache, Function<byte[], T> parser)
      throws IOException {
    Loaded<T> cached = cache.get(path);
    long now = stampIntervalNanos > 0 ? clock.getAsLong() : 0;
    if (cached != null && stampIntervalNanos > 0 && now - cached.confirmedAt < stampIntervalNanos) {
      return cached.value;
    }
    FileStamp before = source.stamp(path);
    if (cached != null && cached.stamp.equals(before)) {
      cached.confirmedAt = now;
      return cached.value;
    }
    for (int attempt = 1; ; attempt++) {
      byte[] content = source.read(path);
      FileStamp after = source.stamp(path);
      if (after.equals(before) || attempt >= MAX_READ_ATTEMPTS) {
        T value = parser.apply(content);
        if (after.equals(before)) {
          cache.put(path, new Loaded<>(after, value, now));
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
