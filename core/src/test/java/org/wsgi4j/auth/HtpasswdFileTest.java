package org.wsgi4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Strings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code ::}, continuation, leading-colon (empty user), trailing-field and indented-line cases
 * were also confirmed against a real Apache 2.4 (Debian apache2, mod_authn_file).
 */
class HtpasswdFileTest {

  private static final String APR1 = "$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40";

  @Test
  void commentsBlankLinesAndWhitespace() {
    HtpasswdFile f =
        HtpasswdFile.parse(
            "# users\n\n   \n  # indented comment\n\talice:"
                + APR1
                + "  \n#bob:x\nbob:EYUlN5RxCEsvQ\n");
    assertEquals(Optional.of(APR1), f.lookup("alice"));
    assertEquals(Optional.of("EYUlN5RxCEsvQ"), f.lookup("bob"));
    assertEquals(2, f.entries().size());
    assertEquals(5, f.entries().get(0).lineNumber());
    assertEquals(7, f.entries().get(1).lineNumber());
  }

  @Test
  void firstMatchingLineWinsAndNamesAreCaseSensitive() {
    HtpasswdFile f = HtpasswdFile.parse("test:first\nTest:upper\ntest:second\n");
    assertEquals(Optional.of("first"), f.lookup("test"));
    assertEquals(Optional.of("upper"), f.lookup("Test"));
    assertEquals(Optional.empty(), f.lookup("TEST"));
    assertEquals(3, f.entries().size(), "duplicates stay visible to a linter");
  }

  @Test
  void crlfAndTrailingFields() {
    HtpasswdFile f =
        HtpasswdFile.parse(
            "alice:" + APR1 + "\r\nbob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=:Bob B:x\r\n");
    assertEquals(Optional.of(APR1), f.lookup("alice"));
    assertEquals(Optional.of("{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ="), f.lookup("bob"));
    assertTrue(PasswordVerifier.verify("secret", f.lookup("bob").orElseThrow()));
  }

  @Test
  void consecutiveColonsAreSkippedLikeApGetword() {
    HtpasswdFile f = HtpasswdFile.parse("alice::" + APR1 + "\n");
    assertEquals(Optional.of(APR1), f.lookup("alice"));
  }

  @Test
  void lineWithoutColonIsAUserWithAnEmptyHash() {
    HtpasswdFile f = HtpasswdFile.parse("alice\n");
    assertEquals(Optional.of(""), f.lookup("alice"));
    assertEquals(HashFormat.EMPTY, f.entries().get(0).format());
    assertFalse(PasswordVerifier.verify("", ""));
  }

  @Test
  void leadingColonDefinesTheEmptyUser() {
    HtpasswdFile f = HtpasswdFile.parse(":" + APR1 + "\n");
    assertEquals(Optional.of(APR1), f.lookup(""));
  }

  @Test
  void backslashContinuesTheLine() {
    HtpasswdFile f = HtpasswdFile.parse("alice:$apr1$TsN8Gm5n$\\\npFxjjqbhFH/kxgS5qbkz40\nbob:x\n");
    assertEquals(Optional.of(APR1), f.lookup("alice"));
    assertEquals(3, f.entries().get(1).lineNumber());
  }

  @Test
  void anOverlongLineEndsTheFileForHttpd() {
    HtpasswdFile f = HtpasswdFile.parse("alice:x\nlong:" + Strings.repeat("a", 9000) + "\nbob:y\n");
    assertEquals(Optional.of("x"), f.lookup("alice"));
    assertEquals(Optional.empty(), f.lookup("long"));
    assertEquals(Optional.empty(), f.lookup("bob"));
    assertEquals(Optional.of(2), f.truncatedAt());
  }

  @Test
  void entriesReportFormatsSoALinterCanFlagPlaintext() {
    HtpasswdFile f =
        HtpasswdFile.parse(
            String.join(
                "\n",
                "a:$2y$05$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO",
                "b:" + APR1,
                "c:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=",
                "d:EYUlN5RxCEsvQ",
                "e:secret",
                "f:$y$j9T$abc$def",
                "g:"));
    List<HashFormat> formats = f.entries().stream().map(HtpasswdFile.Entry::format).toList();
    assertEquals(
        List.of(
            HashFormat.BCRYPT,
            HashFormat.APR1_MD5,
            HashFormat.SHA1,
            HashFormat.DES_CRYPT,
            HashFormat.PLAINTEXT,
            HashFormat.UNKNOWN,
            HashFormat.EMPTY),
        formats);
    assertFalse(f.entries().get(4).toString().contains("secret"), "entries never print hashes");
  }

  @Test
  void bytesAreLatin1() {
    HtpasswdFile f = HtpasswdFile.parse(new byte[] {'j', (byte) 0xf6, ':', 'x'});
    assertEquals(Optional.of("x"), f.lookup("j\u00f6"));
  }
}
