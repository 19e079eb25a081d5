package org.wsgi4j.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wsgi4j.testing.Draw;
import org.wsgi4j.testing.Trials;

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
  @Test
  void neverRejectsASubjectThePatternMatches() {
    Trials.check(
        3000,
        draw -> {
          String pattern = pattern(draw);
          String subject = draw.string("aAbBxX/._-%1\u212A", 0, 8);
          PcreTranslator.Result result = PcreTranslator.translate(pattern, draw.bool());
          if (result.failed()) {
            return;
          }
          ApacheRegex regex = result.regex().orElseThrow();
          boolean matches = regex.pattern().matcher(subject).find();
          if (matches) {
            assertTrue(regex.mayMatch(subject), pattern + " on " + subject);
          }
          assertEquals(matches, regex.find(subject) != null, pattern + " on " + subject);
        });
  }

  private static String pattern(Draw draw) {
    String head = draw.oneOf("^", "^/", "");
    List<String> atoms =
        draw.list(
            0,
            6,
            d ->
                d.oneOf(
                    "a", "B", "/", ".", "\\.", "-", "_", "?", "*", "+", "{1,2}", "(a)", "[ab]", "|",
                    "$", "%", "\\d", "x", "A"));
    return head + String.join("", atoms);
  }
}
