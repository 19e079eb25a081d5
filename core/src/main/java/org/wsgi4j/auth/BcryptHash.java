package org.wsgi4j.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.util.Optional;

/**
 * bcrypt as httpd computes it on Linux: APR's bundled Openwall crypt_blowfish for {@code $2a$} and
 * {@code $2y$}, libxcrypt (the same Openwall code) for {@code $2b$} and {@code $2x$}.
 *
 * <p>The Blowfish core comes from {@code at.favre.lib:bcrypt}; what this class adds is Openwall's
 * key setup ({@code BF_set_key}), because libraries differ from it exactly where httpd users
 * notice:
 *
 * <ul>
 *   <li>The key is the password plus its terminating NUL, cycled to 72 bytes. A password of 72 or
 *       more bytes therefore uses its first 72 bytes and no NUL (favre's own truncation keeps 71
 *       bytes and appends a NUL, which would reject a 72-byte password httpd accepts).
 *   <li>{@code $2x$} reproduces the old sign-extension bug for bytes {@code >= 0x80}.
 *   <li>{@code $2a$} applies Openwall's anti-collision "safety" tweak for some passwords containing
 *       {@code 0xff}. That tweak cannot be expressed through favre's API, so those rare passwords
 *       are rejected (a false 401, never a false 200).
 * </ul>
 *
 * <p>The result is the full 60-character string crypt_blowfish would print (salt re-encoded in
 * canonical form), which the caller compares with the stored hash like APR's {@code strcmp}: a
 * stored hash with a non-canonical last salt or hash character fails in httpd and here.
 */
final class BcryptHash {
  private static final String ALPHABET =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int KEY_WORDS = 18;
  private static final int SALT_BYTES = 16;
  private static final int SALT_CHARS = 22;
  private static final int HASH_BYTES = 23;
  private static final int SETTING_LENGTH = 7 + SALT_CHARS;

  /** Takes the 72 key bytes exactly as given: no NUL appended, no truncation. */
  private static final BCrypt.Version RAW_KEY_VERSION =
      new BCrypt.Version(
          new byte[] {'2', 'y'},
          true,
          false,
          BCrypt.Version.MAX_PW_LENGTH_BYTE,
          BCrypt.Version.VERSION_2Y.formatter,
          BCrypt.Version.VERSION_2Y.parser);

  private BcryptHash() {}

  /**
   * Computes what crypt_blowfish prints for {@code password} with the setting at the start of
   * {@code storedHash}; empty when the setting is invalid (crypt_blowfish fails) or the {@code
   * $2a$} safety tweak would apply.
   *
   * @param password the password bytes, already cut at the first NUL
   */
  static Optional<String> crypt(byte[] password, String storedHash) {
    if (storedHash.length() < SETTING_LENGTH
        || !storedHash.startsWith("$2")
        || storedHash.charAt(3) != '$'
        || storedHash.charAt(6) != '$') {
      return Optional.empty();
    }
    char subtype = storedHash.charAt(2);
    if ("abxy".indexOf(subtype) < 0) {
      return Optional.empty();
    }
    char tens = storedHash.charAt(4);
    char units = storedHash.charAt(5);
    if (tens < '0' || tens > '3' || units < '0' || units > '9') {
      return Optional.empty();
    }
    int cost = (tens - '0') * 10 + (units - '0');
    if (cost < 4 || cost > 31) {
      return Optional.empty();
    }
    byte[] salt = decode(storedHash.substring(7, SETTING_LENGTH), SALT_BYTES);
    if (salt == null) {
      return Optional.empty();
    }
    KeySetup key = KeySetup.of(password, subtype == 'x');
    if (subtype == 'a' && key.safetyTweakApplies()) {
      return Optional.empty();
    }
    BCrypt.HashData data =
        BCrypt.with(RAW_KEY_VERSION, LongPasswordStrategies.none())
            .hashRaw(cost, salt, key.bytes());
    if (data.rawHash.length != HASH_BYTES) {
      return Optional.empty();
    }
    return Optional.of(storedHash.substring(0, 7) + encode(salt) + encode(data.rawHash));
  }

  /** Openwall's {@code BF_set_key}: 18 big-endian words from the cycled password. */
  private static final class KeySetup {
    private final byte[] bytes;
    private final boolean safetyTweakApplies;

    private KeySetup(byte[] bytes, boolean safetyTweakApplies) {
      this.bytes = bytes;
      this.safetyTweakApplies = safetyTweakApplies;
    }

    byte[] bytes() {
      return bytes.clone();
    }

    boolean safetyTweakApplies() {
      return safetyTweakApplies;
    }

    static KeySetup of(byte[] password, boolean bug) {
      byte[] out = new byte[KEY_WORDS * 4];
      int ptr = 0;
      int diff = 0;
      int sign = 0;
      for (int i = 0; i < KEY_WORDS; i++) {
        int correct = 0;
        int buggy = 0;
        for (int j = 0; j < 4; j++) {
          int b = ptr < password.length ? password[ptr] : 0; // sign-extended, as the old bug did
          correct = (correct << 8) | (b & 0xff);
          buggy = (buggy << 8) | b;
          if (j != 0) {
            sign |= buggy & 0x80;
          }
          ptr = ptr < password.length ? ptr + 1 : 0;
        }
        diff |= correct ^ buggy;
        int word = bug ? buggy : correct;
        out[i * 4] = (byte) (word >>> 24);
        out[i * 4 + 1] = (byte) (word >>> 16);
        out[i * 4 + 2] = (byte) (word >>> 8);
        out[i * 4 + 3] = (byte) word;
      }
      diff |= diff >>> 16;
      diff &= 0xffff;
      diff += 0xffff; // bit 16 set iff some word differed
      sign <<= 9;
      sign &= ~diff & 0x10000;
      return new KeySetup(out, sign != 0);
    }
  }

  /** crypt_blowfish's {@code BF_decode}; null on a character outside the alphabet. */
  private static byte[] decode(String chars, int length) {
    byte[] out = new byte[length];
    int src = 0;
    int dst = 0;
    while (dst < length) {
      int c1 = ALPHABET.indexOf(chars.charAt(src++));
      int c2 = ALPHABET.indexOf(chars.charAt(src++));
      if (c1 < 0 || c2 < 0) {
        return null;
      }
      out[dst++] = (byte) ((c1 << 2) | ((c2 & 0x30) >> 4));
      if (dst >= length) {
        break;
      }
      int c3 = ALPHABET.indexOf(chars.charAt(src++));
      if (c3 < 0) {
        return null;
      }
      out[dst++] = (byte) ((c2 << 4) | ((c3 & 0x3c) >> 2));
      if (dst >= length) {
        break;
      }
      int c4 = ALPHABET.indexOf(chars.charAt(src++));
      if (c4 < 0) {
        return null;
      }
      out[dst++] = (byte) ((c3 << 6) | c4);
    }
    return out;
  }

  /** crypt_blowfish's {@code BF_encode}. */
  private static String encode(byte[] data) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < data.length) {
      int c1 = data[i++] & 0xff;
      sb.append(ALPHABET.charAt(c1 >> 2));
      c1 = (c1 & 0x03) << 4;
      if (i >= data.length) {
        sb.append(ALPHABET.charAt(c1));
        break;
      }
      int c2 = data[i++] & 0xff;
      c1 |= c2 >> 4;
      sb.append(ALPHABET.charAt(c1));
      c1 = (c2 & 0x0f) << 2;
      if (i >= data.length) {
        sb.append(ALPHABET.charAt(c1));
        break;
      }
      c2 = data[i++] & 0xff;
      c1 |= c2 >> 6;
      sb.append(ALPHABET.charAt(c1));
      sb.append(ALPHABET.charAt(c2 & 0x3f));
    }
    return sb.toString();
  }
}
