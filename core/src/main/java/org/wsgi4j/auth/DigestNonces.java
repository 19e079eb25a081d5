package org.wsgi4j.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server nonces for Digest authentication in the shape mod_auth_digest gives them: the base64 of
 * the issue time (microseconds since the epoch, eight bytes little-endian: twelve characters ending
 * in {@code =}) followed by 40 hex digits that bind that time to this server's secret and to the
 * realm. httpd's 40 digits are a SHA-1 over secret, realm and time; wsgi4j's are an HMAC-SHA256
 * (truncated to 160 bits) with the secret as key, so a nonce can neither be forged nor moved to
 * another realm, and is only checked, never stored. The secret and the clock are given, so that the
 * router stays a pure function of its inputs.
 */
public final class DigestNonces {
  /** Length of a nonce: twelve base64 characters of time and 40 hex digits. */
  public static final int LENGTH = 52;

  private static final int TIME_LENGTH = 12;
  private static final int HASH_BYTES = 20;

  /** What a nonce sent back by a client turned out to be. */
  public enum Check {
    /** Ours, for this realm, within its lifetime. */
    VALID,
    /** Ours, but older than the lifetime, or dated in the future: a new one is sent, stale. */
    EXPIRED,
    /** Not made with this secret and realm (another server, another realm, forged): stale. */
    FOREIGN
  }

  private final byte[] secret;
  private final LongSupplier clockMicros;

  /**
   * @param secret the key nonces are bound to (at least 16 bytes)
   * @param clockMicros the current time in microseconds since the epoch
   */
  public DigestNonces(byte[] secret, LongSupplier clockMicros) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 16) {
      throw new IllegalArgumentException("a nonce secret needs at least 16 bytes");
    }
    this.secret = secret.clone();
    this.clockMicros = Objects.requireNonNull(clockMicros, "clockMicros");
  }

  /** Nonces with a random secret and the system clock, as httpd makes a secret at start-up. */
  public static DigestNonces random() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new DigestNonces(
        secret,
        () -> {
          java.time.Instant now = java.time.Instant.now();
          return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        });
  }

  /** The current time of this source's clock, in microseconds. */
  public long nowMicros() {
    return clockMicros.getAsLong();
  }

  /** A fresh nonce for {@code realm}, dated now. */
  public String issue(String realm) {
    long now = clockMicros.getAsLong();
    byte[] time = new byte[8];
    for (int i = 0; i < 8; i++) {
      time[i] = (byte) (now >>> (8 * i));
    }
    String timeText = Base64.getEncoder().encodeToString(time);
    return timeText + HexFormat.of().formatHex(hash(realm, timeText));
  }

  /**
   * Whether {@code nonce} has httpd's shape: 52 characters, the twelfth an {@code =} (the end of
   * the time's base64). httpd answers a nonce of another shape as an unusable header, before
   * anything else is looked at.
   */
  public static boolean wellFormed(String nonce) {
    return nonce.length() == LENGTH && nonce.charAt(TIME_LENGTH - 1) == '=';
  }

  /**
   * Checks a well-formed nonce sent back for {@code realm}.
   *
   * @param lifetimeSeconds AuthDigestNonceLifetime: older nonces are expired; a negative value
   *     means nonces never expire
   */
  public Check check(String nonce, String realm, long lifetimeSeconds) {
    if (!wellFormed(nonce)) {
      return Check.FOREIGN;
    }
    String timeText = nonce.substring(0, TIME_LENGTH);
    byte[] expected =
        HexFormat.of().formatHex(hash(realm, timeText)).getBytes(StandardCharsets.ISO_8859_1);
    byte[] sent = nonce.substring(TIME_LENGTH).getBytes(StandardCharsets.ISO_8859_1);
    // Constant time: how much of a forged nonce matched must not show (CVE-2026-33006).
    if (!MessageDigest.isEqual(expected, sent)) {
      return Check.FOREIGN;
    }
    byte[] time;
    try {
      time = Base64.getDecoder().decode(timeText);
    } catch (IllegalArgumentException e) {
      return Check.FOREIGN;
    }
    long issued = 0;
    for (int i = 7; i >= 0; i--) {
      issued = (issued << 8) | (time[i] & 0xff);
    }
    if (lifetimeSeconds < 0) {
      return Check.VALID;
    }
    long age = clockMicros.getAsLong() - issued;
    long lifetimeMicros =
        lifetimeSeconds > Long.MAX_VALUE / 1_000_000L
            ? Long.MAX_VALUE
            : lifetimeSeconds * 1_000_000L;
    return age < 0 || age > lifetimeMicros ? Check.EXPIRED : Check.VALID;
  }

  private byte[] hash(String realm, String timeText) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(realm.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(timeText.getBytes(StandardCharsets.ISO_8859_1));
      return Arrays.copyOf(mac.doFinal(), HASH_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
