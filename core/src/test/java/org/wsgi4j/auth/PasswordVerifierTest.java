package org.wsgi4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Strings;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every expectation here was produced by real APR: {@code htpasswd -vb FILE user pass} (or {@code
 * -vi} with the password on stdin for non-ASCII bytes) on Debian 12, apache2-utils 2.4 and
 * libxcrypt 4.4.33.
 */
class PasswordVerifierTest {

  /** ecosystem.md §1.2: user {@code test}, password {@code secret}. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "$2y$05$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO",
        "$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40",
        "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=",
        "EYUlN5RxCEsvQ",
        "$5$Jqk/Qu.yW9UDL9EC$SIk7ATvg9JHyB9wtnMha9P1bn9AyI85/oPDb.SA6VA7",
        "$6$WdonTgxmnbB1wYqA$n4Y78s8xkv43nnvbjYbMdZEx7UNT101KoO2F5mM5Rdgwh0wMXIEFCbXQ7ZBqPCuRymERDpDotw39wTaAtQtUN/",
        "$6$rounds=10000$5ih2lyDkp61Kzbo8$HO61axHaHNPZoXsj42ZkQIGZ1i/MWuIGM.GiDn.13eOYo978ERlMOcSCKXALbb5zTcHoJiHAcapybOZtS44Ee0",
        "$2b$05$KWKJn6OzHOLfvWGocZiwj.jfymlhriJSj.Nb/ZBOo9N7JHIGpYSvO",
        "$2a$05$zR3Yx51cquqgXZ6ma76o7uxfhRn6tZOWF6FqPR/cLanVRNMbuRh1e",
        // not in §1.2; checked here: libxcrypt $2x$ and $1$, APR $apr1$ with odd and empty salts
        "$2x$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a",
        "$1$abcdefgh$cHJi5PXp/ki/ktXzqlk6I1",
        "$apr1$ab!d$evlNVZ9tHUB1Tbbl8uzen.",
        "$apr1$$g/UEjvgvl9nWOQl6rNKvZ.",
      })
  void realHtpasswdVectorsAcceptSecretAndRejectOtherPasswords(String hash) {
    assertTrue(PasswordVerifier.verify("secret", hash), hash);
    assertFalse(PasswordVerifier.verify("Secret", hash), hash);
    assertFalse(PasswordVerifier.verify("", hash), hash);
    assertFalse(PasswordVerifier.verify("secret ", hash), hash);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1yBAfUmNydN4Q",
        "$apr1$Ri.E4q/b$10soSHoJes.D8WGB3Ngwk0",
        "{SHA}vwfZiczdUwXG1XjmU5OUw0RwhXg=",
        "$5$Ow5oNM0h0NJZw1qb$IZO84yJCKiLbdXwqg1foBSAb1Lmta6PRmcLjvgZ4mQ6",
        "$6$3UM3.IizYjblO1zz$PUbGFchyzrre0/nr5fc/IDYYzsNWiL5wFAyL.hYdqXy7Vwyu7I8BpvHqMjm8hy3CQq4MhZMZjZAxfvwj9Np7y0",
        "$2y$05$Qs9LzD2n9cavfpSbkcsdKOS6QomMa.GoL/cZ.5UBJU6ZHoh1VkuVC",
      })
  void nonAsciiPasswordBytes(String hash) {
    String password = "p\u00e4ss\u00ffw\u00f6rd"; // bytes 70 e4 73 73 ff 77 f6 72 64
    assertTrue(PasswordVerifier.verify(password, hash), hash);
    assertTrue(PasswordVerifier.verify(password.getBytes(StandardCharsets.ISO_8859_1), hash), hash);
    assertFalse(PasswordVerifier.verify("q\u00e4ss\u00ffw\u00f6rd", hash), hash);
    // the same text as UTF-8 is different bytes
    assertFalse(PasswordVerifier.verify(password.getBytes(StandardCharsets.UTF_8), hash), hash);
  }

  @ParameterizedTest
  @CsvSource({
    // htpasswd -nbd test longpassword: "Password truncated to 8 characters"
    "bm0r4/dSwCAiw, longpassword, true",
    "bm0r4/dSwCAiw, longpass, true",
    "bm0r4/dSwCAiw, longpassXYZ, true",
    "bm0r4/dSwCAiw, longpasX, false",
    "bm0r4/dSwCAiw, long, false",
  })
  void desUsesOnlyEightBytes(String hash, String password, boolean expected) {
    assertEquals(expected, PasswordVerifier.verify(password, hash));
  }

  @ParameterizedTest
  @CsvSource({
    // DES keeps only the low 7 bits of each byte (checked with htpasswd -vi)
    "X9eS6jEMcQxe., p\u00e4ss\u00ffw\u00f6r, true",
    "X9eS6jEMcQxe., pdss\u007fwvr, true",
    "X9eS6jEMcQxe., p\u00e4ss\u00ffw\u00f6rd, true",
    "X9eS6jEMcQxe., p\u00e4ss\u00ffw\u00f6, false",
  })
  void desIgnoresTheHighBit(String hash, String password, boolean expected) {
    assertEquals(expected, PasswordVerifier.verify(password, hash));
  }

  @ParameterizedTest
  @CsvSource({
    // htpasswd -nbB t <100 x 'p'>
    "$2y$05$C4UpQiXYTL0igfsf3CCFde060bTbO/sVtU4gFVNZIAAkUY/GelGvy, 100, true",
    "$2y$05$C4UpQiXYTL0igfsf3CCFde060bTbO/sVtU4gFVNZIAAkUY/GelGvy, 72, true",
    "$2y$05$C4UpQiXYTL0igfsf3CCFde060bTbO/sVtU4gFVNZIAAkUY/GelGvy, 73, true",
    "$2y$05$m4E8rDmD3CwKQRdizp12hefyd0sZg6YcnLYih4q7SJg3PUi9Gl.Tu, 72, true",
    // 71 bytes + NUL is a different key from 72 bytes: httpd rejects (favre's truncate accepts)
    "$2y$05$m4E8rDmD3CwKQRdizp12hefyd0sZg6YcnLYih4q7SJg3PUi9Gl.Tu, 71, false",
  })
  void bcryptUsesTheFirst72Bytes(String hash, int length, boolean expected) {
    assertEquals(expected, PasswordVerifier.verify(Strings.repeat("p", length), hash));
  }

  @org.junit.jupiter.api.Test
  void bcryptSeventySecondByteCounts() {
    String hash = "$2y$05$m4E8rDmD3CwKQRdizp12hefyd0sZg6YcnLYih4q7SJg3PUi9Gl.Tu";
    assertFalse(PasswordVerifier.verify(Strings.repeat("p", 71) + "x", hash));
  }

  /** Openwall's test vectors for the 8-bit bug and the $2a$ safety tweak, checked with APR. */
  @ParameterizedTest
  @CsvSource({
    "$2x$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e, \u00a3, true",
    "$2x$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e, \u00ff\u00ff\u00a3, true",
    "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e, \u00ff\u00ff\u00a3, true",
    "$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e, \u00ff\u00ff\u00a3, true",
    "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e, \u00a3, false",
    "$2y$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq, \u00a3, true",
    "$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq, \u00a3, true",
    // the correct-algorithm hash under $2a$: APR applies the safety tweak and rejects
    "$2a$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e, \u00ff\u00ff\u00a3, false",
  })
  void bcryptEightBitVariants(String hash, String password, boolean expected) {
    assertEquals(expected, PasswordVerifier.verify(password, hash));
  }

  /**
   * APR accepts this $2a$ hash for "\xff\xff\xa3" (safety tweak applied); wsgi4j cannot compute the
   * tweak and rejects: a false 401, never a false 200.
   */
  @org.junit.jupiter.api.Test
  void bcrypt2aSafetyTweakIsRejectedConservatively() {
    assertFalse(
        PasswordVerifier.verify(
            "\u00ff\u00ff\u00a3", "$2a$05$/OK.fbVrR/bpIqNJ5ianF.nqd1wy.pTMdcvrRWxyiGL2eMz.2a85."));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // non-canonical last salt char / last hash char: APR's strcmp fails (checked)
        "$2y$05$90S21l0fYuG79c5OazYrsPYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO",
        "$2y$05$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsP",
        // case of prefixes matters (checked)
        "$2Y$05$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO",
        "$APR1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40",
        "{sha}5en6G6MezRroT3XKqkdPOmY/BfQ=",
        // single-digit or wrong cost (checked)
        "$2y$5$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO",
        "$2y$04$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO",
        // trailing garbage (checked for DES)
        "EYUlN5RxCEsvQx",
        "$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40x",
        "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ",
        // plaintext: rejected by httpd on Linux (checked)
        "secret",
        "",
        // truncated / garbage
        "$2y$",
        "$2y$05$",
        "$2y$05$90S21l0fYuG79c5Oa",
        "$2y$99$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO",
        "$2y$05$90S21l0fYuG79c5Oaz!rsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO",
        "$2q$05$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO",
        "$apr1$",
        "$1$",
        "$1$ab!d$hC8W/xEd04p5DYGbMcCMY.",
        "$5$",
        "$5$rounds=99999999999999999999$abc$def",
        "$6$rounds=$x$",
        "{SHA}",
        "{SHA}!!!!",
        "$y$j9T$abcdefghijklmnopqrstu$",
        "_J9..abcd/H6HLCcf7nw",
        "$3$$878d8014606cda29677a44efa1353fc7",
        "EYUlN5RxCEs!Q",
        "\u0100\u0101",
      })
  void malformedOrForeignHashesNeverMatchAndNeverThrow(String hash) {
    assertFalse(PasswordVerifier.verify("secret", hash), hash);
    assertFalse(PasswordVerifier.verify("", hash), hash);
    assertFalse(PasswordVerifier.verify("\u20ac", hash), hash);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$5$Jqk/Qu.yW9UDL9EC$SIk7ATvg9JHyB9wtnMha9P1bn9AyI85/oPDb.SA6VA7",
        "$1$abcdefgh$cHJi5PXp/ki/ktXzqlk6I1",
        "EYUlN5RxCEsvQ",
        "$2y$05$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO",
      })
  void doesNotWipeTheCallersPasswordArray(String hash) {
    byte[] password = "secret".getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(PasswordVerifier.verify(password, hash));
    assertEquals("secret", new String(password, StandardCharsets.ISO_8859_1));
    assertTrue(PasswordVerifier.verify(password, hash));
  }

  @org.junit.jupiter.api.Test
  void passwordEndsAtNulLikeACString() {
    String hash = "$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40";
    assertTrue(PasswordVerifier.verify("secret\0junk", hash));
    assertFalse(PasswordVerifier.verify("\u0100secret", hash));
  }

  @ParameterizedTest
  @CsvSource({
    "$2y$05$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO, BCRYPT",
    "$2b$05$x, BCRYPT",
    "$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40, APR1_MD5",
    "$1$abcdefgh$cHJi5PXp/ki/ktXzqlk6I1, MD5_CRYPT",
    "$5$abc$def, SHA256_CRYPT",
    "$6$rounds=10000$abc$def, SHA512_CRYPT",
    "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=, SHA1",
    "EYUlN5RxCEsvQ, DES_CRYPT",
    "$y$j9T$abc$def, UNKNOWN",
    "$sha1$40000$abcdefgh$X.kamVIJBuVKlt8ZvCHMRmtIPCU5, UNKNOWN",
    "_J9..abcd/H6HLCcf7nw, UNKNOWN",
    "secret, PLAINTEXT",
    "$notahash, PLAINTEXT",
    "'', EMPTY",
  })
  void detectsFormats(String hash, HashFormat expected) {
    assertEquals(expected, HashFormat.detect(hash));
  }
}
