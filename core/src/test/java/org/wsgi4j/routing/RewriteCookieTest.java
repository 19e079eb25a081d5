package org.wsgi4j.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The [CO] header as mod_rewrite builds it (the TCK compares it with real Apache's answers). */
class RewriteCookieTest {
  private static final Instant NOON = Instant.parse("2026-11-26T12:00:00Z");

  private static String header(String spec) {
    return RewriteCookie.parse(spec, NOON).orElseThrow().header();
  }

  @Test
  void lifetimeInMinutesGivesAnExpiryInGmt() {
    assertEquals(
        "c=3; path=/p; domain=example.com; expires=Thu, 26-Nov-2026 12:30:00 GMT",
        header("c:3:example.com:30:/p"));
  }

  @Test
  void negativeLifetimeExpiresInThePast() {
    assertEquals(
        "c=3; path=/; domain=d; expires=Thu, 26-Nov-2026 11:59:00 GMT", header("c:3:d:-1"));
  }

  @Test
  void nonNumericLifetimeIsNoExpiry() {
    assertEquals("c=3; path=/; domain=d", header("c:3:d:soon"));
  }

  @Test
  void emptyFieldsCollapseLikeStrtok() {
    // strtok skips empty fields: "a::b:d" reads as name a, value b, domain d.
    assertEquals("a=b; path=/; domain=d", header("a::b:d"));
  }

  @Test
  void withoutDomainThereIsNoCookie() {
    assertTrue(RewriteCookie.parse("a:1", NOON).isEmpty());
    assertTrue(RewriteCookie.parse(";a;1", NOON).isEmpty());
  }

  @Test
  void semicolonSeparatorAllowsColonsInTheValue() {
    assertEquals(
        "t=12:30; path=/; domain=d; secure; SameSite=Lax", header(";t;12:30;d;0;/;1;0;Lax"));
  }
}
