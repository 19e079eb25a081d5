package org.wsgi4j.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.codec.digest.UnixCrypt;

/**
 * {@code apr_password_validate} as it behaves on Linux: recompute the hash of the offered password
 * from the stored hash's prefix and settings, then compare the two whole strings.
 *
 * <p>Dispatch follows APR: {@code $2?$} bcrypt (see {@link BcryptHash}), {@code $apr1$} (see {@link
 * AprMd5}), <code>{SHA}</code>, and everything else goes to {@code crypt()}, of which wsgi4j
 * implements the schemes {@code htpasswd} writes: {@code $1$}, {@code $5$}, {@code $6$} (with
 * {@code rounds=}) and 13-character DES. Clear text is rejected, as on every httpd built for Linux.
 *
 * <p>Passwords are bytes. A {@code String} password is read as ISO-8859-1 (one char per byte, as
 * {@link BasicCredentials} produces); a char above U+00FF cannot come from a header and is
 * rejected. Like C, the password ends at its first NUL.
 *
 * <p>The final comparison is constant-time ({@link MessageDigest#isEqual}). Malformed hashes never
 * throw; they simply do not match.
 */
public final class PasswordVerifier {

  private PasswordVerifier() {}

  /** Whether {@code password} (ISO-8859-1 characters) matches {@code storedHash}. */
  public static boolean verify(String password, String storedHash) {
    for (int i = 0; i < password.length(); i++) {
      if (password.charAt(i) > 0xff) {
        return false;
      }
    }
    return verify(password.getBytes(StandardCharsets.ISO_8859_1), storedHash);
  }

  /** Whether the password bytes match {@code storedHash}. The array is not modified. */
  public static boolean verify(byte[] password, String storedHash) {
    byte[] pw = cStringPrefix(password);
    Optional<String> computed;
    try {
      computed = compute(pw, storedHash);
    } catch (RuntimeException e) {
      // commons-codec throws IllegalArgumentException for salts it cannot parse; APR's crypt()
      // would fail or print a different string, so this is a mismatch either way.
      return false;
    }
    return computed.isPresent()
        && MessageDigest.isEqual(
            computed.get().getBytes(StandardCharsets.ISO_8859_1),
            storedHash.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static Optional<String> compute(byte[] pw, String hash) {
    return switch (HashFormat.detect(hash)) {
      case BCRYPT -> BcryptHash.crypt(pw, hash);
      case APR1_MD5 -> Optional.of(AprMd5.crypt(pw, hash));
      case SHA1 -> Optional.of("{SHA}" + Base64.getEncoder().encodeToString(sha1(pw)));
      case MD5_CRYPT -> Optional.of(Md5Crypt.md5Crypt(pw.clone(), hash));
      case SHA256_CRYPT -> Optional.of(Sha2Crypt.sha256Crypt(pw.clone(), hash));
      case SHA512_CRYPT -> Optional.of(Sha2Crypt.sha512Crypt(pw.clone(), hash));
      // DES uses only the first 8 bytes and the low 7 bits of each; UnixCrypt does the same.
      case DES_CRYPT -> Optional.of(UnixCrypt.crypt(pw.clone(), hash.substring(0, 2)));
      case UNKNOWN, EMPTY, PLAINTEXT -> Optional.empty();
    };
  }

  /**
   * A private copy up to the first NUL. Always a copy: commons-codec's crypt functions zero the key
   * array they are given, which would otherwise wipe the caller's password.
   */
  private static byte[] cStringPrefix(byte[] password) {
    int end = 0;
    while (end < password.length && password[end] != 0) {
      end++;
    }
    return Arrays.copyOf(password, end);
  }

  private static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
