package org.wsgi4j.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LiteralPrefixTest {

  @Test
  void anchoredLiteralsGiveTheirPrefix() {
    assertEquals("/section12/", LiteralPrefix.of("^/section12/(.*)$"));
    assertEquals("/api/v", LiteralPrefix.of("^/api/v([0-9]+)/(.*)$"));
    assertEquals("/static.files/", LiteralPrefix.of("^/static\\.files/"));
  }

  @Test
  void aQuantifiedLastLiteralIsDropped() {
    assertEquals("/a", LiteralPrefix.of("^/ab?c"));
    assertEquals("/a", LiteralPrefix.of("^/ab*"));
    assertEquals("/a", LiteralPrefix.of("^/ab+"));
    assertEquals("/a", LiteralPrefix.of("^/ab{2}"));
    assertEquals("/a", LiteralPrefix.of("^/a\\.?"));
  }

  @Test
  void noPrefixWithoutAnchorOrWithAlternationOrEscapedLetters() {
    assertEquals("", LiteralPrefix.of("/section"));
    assertEquals("", LiteralPrefix.of("^/a|/b"));
    assertEquals("", LiteralPrefix.of("^(/a)"));
    assertEquals("", LiteralPrefix.of("^\\d+"));
    assertEquals("", LiteralPrefix.of("^\\Q/a\\E"));
    assertEquals("", LiteralPrefix.of("^."));
  }

  @Test
  void caseInsensitiveFoldsAsciiOnly() {
    ApacheRegex regex = PcreTranslator.translate("^/Admin/", true).regex().orElseThrow();
    assertTrue(regex.mayMatch("/aDMIN/x"));
    assertNotNull(regex.find("/aDMIN/x"));
    // U+212A KELVIN SIGN is not folded to 'k' without UNICODE_CASE, by Java nor by the prefix.
    ApacheRegex k = PcreTranslator.translate("^/k", true).regex().orElseThrow();
    assertFalse(k.mayMatch("/\u212A"));
    assertFalse(k.pattern().matcher("/\u212A").find());
  }

  /**
   * The prefilter never hides a match: whenever the compiled pattern finds a match, {@code
   * mayMatch} says it may, over generated anchored patterns and subjects from the same alphabet.
   */
  @Property(tries = 3000)
  void neverRejectsASubjectThePatternMatches(
      @ForAll("patterns") String pattern,
      @ForAll("subjects") String subject,
      @ForAll boolean caseInsensitive) {
    PcreTranslator.Result result = PcreTranslator.translate(pattern, caseInsensitive);
    if (result.failed()) {
      return;
    }
    ApacheRegex regex = result.regex().orElseThrow();
    boolean matches = regex.pattern().matcher(subject).find();
    if (matches) {
      assertTrue(regex.mayMatch(subject), pattern + " on " + subject);
    }
    assertEquals(matches, regex.find(subject) != null);
  }

  @Provide
  Arbitrary<String> patterns() {
    Arbitrary<String> atom =
        Arbitraries.of(
            "a", "B", "/", ".", "\\.", "-", "_", "?", "*", "+", "{1,2}", "(a)", "[ab]", "|", "$",
            "%", "\\d", "x", "A");
    return Combinators.combine(Arbitraries.of("^", "^/", ""), atom.list().ofMaxSize(6))
        .as((head, atoms) -> head + String.join("", atoms));
  }

  @Provide
  Arbitrary<String> subjects() {
    return Arbitraries.strings().withChars("aAbBxX/._-%1\u212A").ofMaxLength(8);
  }
}
