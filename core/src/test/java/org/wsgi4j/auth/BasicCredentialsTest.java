package org.wsgi4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BasicCredentialsTest {

  private static String b64(String latin1) {
    return Base64.getEncoder().encodeToString(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** header, user, password; "-" = no credentials (401 without looking at the file). */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "Basic dGVzdDpzZWNyZXQ=      | test   | secret",
        "basic dGVzdDpzZWNyZXQ=      | test   | secret",
        "BASIC dGVzdDpzZWNyZXQ=      | test   | secret",
        "bAsIc dGVzdDpzZWNyZXQ=      | test   | secret",
        "'  Basic dGVzdDpzZWNyZXQ=  ' | test | secret",
        "'Basic    dGVzdDpzZWNyZXQ=' | test   | secret",
        "'Basic \t dGVzdDpzZWNyZXQ=' | test   | secret",
        // padding is optional: decoding stops at the first non-alphabet character anyway
        "Basic dGVzdDpzZWNyZXQ       | test   | secret",
        // everything after an invalid character is ignored
        "Basic dGVzdDpzZWNyZXQ=junk  | test   | secret",
        "Basic dGVzdDpzZWNy!ZXQ=     | test   | secr",
        // bad base64 is not an error: user (often empty) then not found
        "Basic !!!!                  | ''     | ''",
        "Basic                       | ''     | ''",
        "'Basic '                    | ''     | ''",
        // URL-safe alphabet is not base64 for APR
        "Basic -_-_                  | ''     | ''",
        // no colon: all user, empty password
        "Basic dGVzdA==              | test   | ''",
        // empty password, empty user
        "Basic dGVzdDo=              | test   | ''",
        "Basic OnNlY3JldA==          | ''     | secret",
        // colons after the first belong to the password
        "Basic dGVzdDpzZTpjcjp0      | test   | se:cr:t",
        // a tab does not end the scheme
        "'Basic\tdGVzdDpzZWNyZXQ=' | -      | -",
        "Basicx dGVzdDpzZWNyZXQ=     | -      | -",
        "Bearer dGVzdDpzZWNyZXQ=     | -      | -",
        "Digest username=\"test\"    | -      | -",
        "''                          | -      | -",
        // a dotless i must not pass for an ASCII i
        "Bas\u0131c dGVzdDpzZWNyZXQ= | -      | -",
      })
  void parsesLikeModAuthBasic(String header, String user, String password) {
    Optional<BasicCredentials> parsed = BasicCredentials.parse(header);
    if (user.equals("-")) {
      assertFalse(parsed.isPresent(), header);
    } else {
      assertEquals(Optional.of(new BasicCredentials(user, password)), parsed, header);
    }
  }

  @Test
  void missingHeader() {
    assertFalse(BasicCredentials.parse(null).isPresent());
  }

  @Test
  void bytesBecomeLatin1CharsAndEndAtNul() {
    String header = "Basic " + b64("j\u00f6rg:p\u00e4ss\u00ff");
    BasicCredentials c = BasicCredentials.parse(header).orElseThrow();
    assertEquals("j\u00f6rg", c.user());
    assertEquals("p\u00e4ss\u00ff", c.password());
    assertEquals(5, c.passwordBytes().length);

    BasicCredentials nul = BasicCredentials.parse("Basic " + b64("test:sec\0ret")).orElseThrow();
    assertEquals("sec", nul.password());
    BasicCredentials nulInUser = BasicCredentials.parse("Basic " + b64("te\0st:x")).orElseThrow();
    assertEquals(new BasicCredentials("te", ""), nulInUser);
  }

  @Test
  void danglingSixBitsAreDropped() {
    // "dGVz" decodes to "tes"; a fifth character carries no full byte
    assertEquals("tes", BasicCredentials.parse("Basic dGVzx").orElseThrow().user());
  }

  @Test
  void toStringHidesThePassword() {
    String s = new BasicCredentials("test", "secret").toString();
    assertTrue(s.contains("test"));
    assertFalse(s.contains("secret"));
  }
}
