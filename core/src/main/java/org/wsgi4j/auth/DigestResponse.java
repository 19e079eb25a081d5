package org.wsgi4j.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code response} of Digest credentials with {@code qop=auth} (RFC 2617 §3.2.2.1, as
 * mod_auth_digest computes it): {@code MD5(HA1:nonce:nc:cnonce:qop:MD5(method:uri))} in lower-case
 * hex, every field as the client sent it, HA1 as the provider stored it.
 */
public final class DigestResponse {
  private DigestResponse() {}

  /** Whether {@code credentials.response()} is right for {@code ha1} and the request's method. */
  public static boolean verify(String ha1, String method, DigestCredentials credentials) {
    String ha2 = md5Hex(method + ":" + credentials.uri());
    String expected =
        md5Hex(
            ha1
                + ":"
                + credentials.nonce()
                + ":"
                + credentials.nonceCount().orElse("")
                + ":"
                + credentials.cnonce().orElse("")
                + ":"
                + credentials.qop().orElse("")
                + ":"
                + ha2);
    // Constant time, as httpd since CVE-2026-33006: no prefix of a guess may be confirmed early.
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.ISO_8859_1),
        credentials.response().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** MD5 of the text's bytes (ISO-8859-1: one byte per char, as sent), in lower-case hex. */
  public static String md5Hex(String text) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.ISO_8859_1)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
