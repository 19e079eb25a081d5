package org.wsgi4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CNumbersTest {
  @Test
  void readsLikeCsAtol() {
    assertEquals(42, CNumbers.atol("42"));
    assertEquals(-7, CNumbers.atol("-7"));
    assertEquals(7, CNumbers.atol("+7"));
    assertEquals(30, CNumbers.atol(" \t30"), "leading white space is skipped");
    assertEquals(12, CNumbers.atol("12ab"), "the digits before anything else");
    assertEquals(0, CNumbers.atol("abc"));
    assertEquals(0, CNumbers.atol(""));
    assertEquals(0, CNumbers.atol("-"));
    assertEquals(0, CNumbers.atol(" - 5"), "no space between sign and digits");
  }

  @Test
  void aLongRunOfDigitsDoesNotOverflow() {
    long big = CNumbers.atol("99999999999999999999999999");
    assertTrue(big >= Integer.MAX_VALUE, Long.toString(big));
  }
}
