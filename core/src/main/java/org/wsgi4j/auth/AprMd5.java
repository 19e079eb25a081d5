package org.wsgi4j.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * APR's {@code apr_md5_encode}: the {@code $apr1$} variant of MD5-crypt that {@code htpasswd -m}
 * writes.
 *
 * <p>Implemented here rather than with commons-codec's {@code Md5Crypt.apr1Crypt} because APR takes
 * the salt as "up to 8 characters, stopping at {@code $}" without checking its alphabet, while
 * commons-codec only accepts {@code ./0-9A-Za-z} and at least one character. Real htpasswd/APR
 * accepts {@code $apr1$ab!d$...} and an empty salt {@code $apr1$$...}; so does this.
 */
final class AprMd5 {
  private static final String MAGIC = "$apr1$";
  private static final String ITOA64 =
      "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private AprMd5() {}

  /** The full {@code $apr1$salt$hash} string APR computes for {@code password}. */
  static String crypt(byte[] password, String storedHash) {
    String rest = storedHash.startsWith(MAGIC) ? storedHash.substring(MAGIC.length()) : storedHash;
    int saltEnd = 0;
    while (saltEnd < rest.length() && saltEnd < 8 && rest.charAt(saltEnd) != '$') {
      saltEnd++;
    }
    String saltText = rest.substring(0, saltEnd);
    byte[] salt = saltText.getBytes(StandardCharsets.ISO_8859_1);
    byte[] magic = MAGIC.getBytes(StandardCharsets.ISO_8859_1);

    MessageDigest ctx = md5();
    ctx.update(password);
    ctx.update(magic);
    ctx.update(salt);

    MessageDigest alt = md5();
    alt.update(password);
    alt.update(salt);
    alt.update(password);
    byte[] altResult = alt.digest();
    for (int left = password.length; left > 0; left -= 16) {
      ctx.update(altResult, 0, Math.min(left, 16));
    }
    for (int i = password.length; i != 0; i >>>= 1) {
      if ((i & 1) != 0) {
        ctx.update((byte) 0);
      } else {
        ctx.update(password, 0, 1);
      }
    }
    byte[] fin = ctx.digest();

    for (int i = 0; i < 1000; i++) {
      MessageDigest round = md5();
      if ((i & 1) != 0) {
        round.update(password);
      } else {
        round.update(fin);
      }
      if (i % 3 != 0) {
        round.update(salt);
      }
      if (i % 7 != 0) {
        round.update(password);
      }
      if ((i & 1) != 0) {
        round.update(fin);
      } else {
        round.update(password);
      }
      fin = round.digest();
    }

    StringBuilder out = new StringBuilder(MAGIC).append(saltText).append('$');
    to64(out, (fin[0] & 0xff) << 16 | (fin[6] & 0xff) << 8 | (fin[12] & 0xff), 4);
    to64(out, (fin[1] & 0xff) << 16 | (fin[7] & 0xff) << 8 | (fin[13] & 0xff), 4);
    to64(out, (fin[2] & 0xff) << 16 | (fin[8] & 0xff) << 8 | (fin[14] & 0xff), 4);
    to64(out, (fin[3] & 0xff) << 16 | (fin[9] & 0xff) << 8 | (fin[15] & 0xff), 4);
    to64(out, (fin[4] & 0xff) << 16 | (fin[10] & 0xff) << 8 | (fin[5] & 0xff), 4);
    to64(out, fin[11] & 0xff, 2);
    return out.toString();
  }

  private static void to64(StringBuilder out, int value, int count) {
    int v = value;
    for (int i = 0; i < count; i++) {
      out.append(ITOA64.charAt(v & 0x3f));
      v >>>= 6;
    }
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
