package org.wsgi4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pure parts of Digest authentication: header parsing, nonces, uri matching, htdigest. */
class DigestPartsTest {
  private static final String FULL =
      "Digest username=\"alice\", realm=\"R\", nonce=\"n\", uri=\"/a\", response=\"r\","
          + " qop=auth, nc=00000001, cnonce=\"c\"";

  @Test
  void headersParseAsHttpdReadsThem() {
    DigestCredentials c = DigestCredentials.parse(FULL).orElseThrow();
    assertEquals("alice", c.username());
    assertEquals(Optional.of("auth"), c.qop());
    assertEquals(Optional.of("00000001"), c.nonceCount());
    assertEquals(
        "a\"b",
        DigestCredentials.parse(FULL.replace("\"alice\"", "\"a\\\"b\"")).orElseThrow().username(),
        "a backslash escapes the next character");
    assertEquals(
        "bob",
        DigestCredentials.parse(FULL + ", username=bob").orElseThrow().username(),
        "the last of a repeated key wins");
    assertTrue(DigestCredentials.parse("dIgEsT" + FULL.substring(6)).isPresent());
    assertTrue(DigestCredentials.parse(FULL.replace(", cnonce=\"c\"", "")).isEmpty());
    assertTrue(DigestCredentials.parse(FULL.replace(" uri=\"/a\",", "")).isEmpty());
    assertTrue(DigestCredentials.parse("Basic YTpi").isEmpty());
    assertTrue(DigestCredentials.parse("Digest").isEmpty());
    assertTrue(DigestCredentials.parse("Digest ,,,==\"").isEmpty());
    assertTrue(DigestCredentials.parse("").isEmpty());
  }

  @Test
  void noncesAreBoundToSecretRealmAndTime() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    byte[] secret = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    DigestNonces nonces = new DigestNonces(secret, now::get);
    String nonce = nonces.issue("R");
    assertTrue(nonce.matches("[A-Za-z0-9+/]{11}=[0-9a-f]{40}"), nonce);
    assertTrue(DigestNonces.wellFormed(nonce));
    assertEquals(DigestNonces.Check.VALID, nonces.check(nonce, "R", 5));
    assertEquals(DigestNonces.Check.FOREIGN, nonces.check(nonce, "Other", 5));
    DigestNonces otherServer =
        new DigestNonces("fedcba9876543210".getBytes(StandardCharsets.UTF_8), now::get);
    assertEquals(DigestNonces.Check.FOREIGN, otherServer.check(nonce, "R", 5));
    String tampered = nonce.substring(0, 51) + (nonce.charAt(51) == '0' ? '1' : '0');
    assertEquals(DigestNonces.Check.FOREIGN, nonces.check(tampered, "R", 5));
    now.addAndGet(5_000_000L);
    assertEquals(DigestNonces.Check.VALID, nonces.check(nonce, "R", 5), "at the lifetime");
    now.addAndGet(1);
    assertEquals(DigestNonces.Check.EXPIRED, nonces.check(nonce, "R", 5));
    assertEquals(DigestNonces.Check.VALID, nonces.check(nonce, "R", -1), "never expires");
    now.set(0);
    assertEquals(DigestNonces.Check.EXPIRED, nonces.check(nonce, "R", 5), "from the future");
    assertFalse(DigestNonces.wellFormed("abc"));
  }

  @Test
  void theUriMustNameTheRequest() {
    assertTrue(DigestUri.matches("/a/b?x=1", "/a/b?x=1", "localhost", 80, 80));
    assertTrue(DigestUri.matches("/a/%62", "/a/b", "localhost", 80, 80));
    assertTrue(DigestUri.matches("http://LOCALHOST/a/b", "/a/b", "localhost", 80, 80));
    assertFalse(DigestUri.matches("http://localhost/a/b", "/a/b", "localhost", 8080, 80));
    assertTrue(DigestUri.matches("http://localhost:8080/a/b", "/a/b", "localhost", 8080, 80));
    assertFalse(DigestUri.matches("http://elsewhere/a/b", "/a/b", "localhost", 80, 80));
    assertFalse(DigestUri.matches("/a/c", "/a/b", "localhost", 80, 80));
    assertFalse(DigestUri.matches("/a/b", "/a/b?x=1", "localhost", 80, 80));
    assertFalse(DigestUri.matches("/a/b?x=2", "/a/b?x=1", "localhost", 80, 80));
    assertFalse(DigestUri.matches("", "/a/b", "localhost", 80, 80));
  }

  @Test
  void htdigestFilesAreReadAsMod_authn_fileReadsThem() {
    HtdigestFile file =
        HtdigestFile.parse(
            """
                # comment
                  alice:R:0123456789abcdef0123456789abcdef \s
                alice:R:ffffffffffffffffffffffffffffffff
                bob::S:00000000000000000000000000000000:extra
                """
                .getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(Optional.of("0123456789abcdef0123456789abcdef"), file.realmHash("alice", "R"));
    assertEquals(Optional.empty(), file.realmHash("alice", "S"));
    assertEquals(Optional.of("00000000000000000000000000000000"), file.realmHash("bob", "S"));
    assertTrue(HtdigestFile.looksLikeHtdigest("alice:R:0123456789abcdef0123456789abcdef\n"));
    assertFalse(HtdigestFile.looksLikeHtdigest("alice:$apr1$abc$def\n"));
    assertFalse(HtdigestFile.looksLikeHtdigest("# nothing\n"));
  }
}
