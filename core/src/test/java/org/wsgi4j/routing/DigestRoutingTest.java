package org.wsgi4j.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.auth.DigestNonces;
import org.wsgi4j.auth.DigestResponse;
import org.wsgi4j.auth.RealmHash;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.source.Diagnostic;

/**
 * The router's side of mod_auth_digest with a fixed secret and a clock the test moves, so that
 * nonces and their expiry are deterministic. (The same behaviour end to end against recorded Apache
 * answers is the serve kit's {@code digest} case, DigestDifferentialTest.)
 */
class DigestRoutingTest {
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]*)\"");

  @TempDir Path folder;
  private final AtomicLong nowMicros = new AtomicLong(1_700_000_000_000_000L);
  private final List<String> realmHashCalls = new ArrayList<>();
  private Router router;

  private final WsgiAuthScripts scripts =
      new WsgiAuthScripts() {
        @Override
        public PasswordCheck checkPassword(Call call, String user, String password) {
          return new PasswordCheck.Failed("not used");
        }

        @Override
        public GroupLookup groupsForUser(Call call, String user) {
          return new GroupLookup.Failed("not used");
        }

        @Override
        public RealmHash realmHash(Call call, String user, String realm) {
          realmHashCalls.add(user + "@" + realm);
          return switch (user) {
            case "alice" -> new RealmHash.Found(ha1("alice", realm, "wonderland"));
            case "eve" -> new RealmHash.Failed("raised");
            default -> new RealmHash.NotFound();
          };
        }
      };

  @BeforeEach
  void load() throws IOException {
    Files.writeString(
        folder.resolve("digest.users"),
        "bob:Files:" + ha1("bob", "Files", "builder") + "\n",
        StandardCharsets.UTF_8);
    Path config = folder.resolve("site.conf");
    Files.writeString(
        config,
        """
        ServerName localhost
        DocumentRoot "@ROOT@"
        WSGIScriptAlias /a @ROOT@/app.wsgi
        <Location /a/file>
        AuthType Digest
        AuthName "Files"
        AuthUserFile @ROOT@/digest.users
        AuthDigestNonceLifetime 10
        AuthDigestDomain /a/file /b
        Require valid-user
        </Location>
        <Location /a/wsgi>
        AuthType Digest
        AuthName "Scripts"
        AuthDigestProvider wsgi
        WSGIAuthUserScript @ROOT@/auth.wsgi
        Require user alice
        </Location>
        """
            .replace("@ROOT@", folder.toString()),
        StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("app.wsgi"), "");
    Files.writeString(folder.resolve("auth.wsgi"), "");
    LoadResult loaded = ConfigLoader.load(config);
    assertTrue(
        loaded.isServable(),
        loaded.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    router =
        new Router(
            RouteContext.of(loaded.model())
                .withAuthenticator(new FileAuthenticator())
                .withAuthScripts(scripts)
                .withDigestNonces(
                    new DigestNonces(
                        "0123456789abcdef".getBytes(StandardCharsets.UTF_8), nowMicros::get)));
  }

  private static String ha1(String user, String realm, String password) {
    return DigestResponse.md5Hex(user + ":" + realm + ":" + password);
  }

  private RoutingDecision get(String target, Optional<String> authorization) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Host", "localhost"));
    authorization.ifPresent(a -> headers.add(Map.entry("Authorization", a)));
    return router.route(RequestView.of("GET", target, 80, headers));
  }

  private static String nonceOf(RoutingDecision decision) {
    String header = ((RoutingDecision.Challenge) decision).wwwAuthenticate();
    Matcher m = NONCE.matcher(header);
    assertTrue(m.find(), header);
    return m.group(1);
  }

  private static String answer(
      String user, String realm, String password, String nonce, String uri) {
    String ha2 = DigestResponse.md5Hex("GET:" + uri);
    String response =
        DigestResponse.md5Hex(
            ha1(user, realm, password) + ":" + nonce + ":00000001:c0ffee:auth:" + ha2);
    return "Digest username=\""
        + user
        + "\", realm=\""
        + realm
        + "\", nonce=\""
        + nonce
        + "\", uri=\""
        + uri
        + "\", response=\""
        + response
        + "\", qop=auth, nc=00000001, cnonce=\"c0ffee\"";
  }

  @Test
  void theChallengeHasHttpdsShapeAndADeterministicNonce() {
    RoutingDecision first = get("/a/file/x", Optional.empty());
    assertEquals(401, first.status());
    String header = ((RoutingDecision.Challenge) first).wwwAuthenticate();
    assertTrue(
        header.matches(
            "Digest realm=\"Files\", nonce=\"[A-Za-z0-9+/]{11}=[0-9a-f]{40}\", algorithm=MD5,"
                + " domain=\"/a/file /b\", qop=\"auth\""),
        header);
    assertEquals(nonceOf(first), nonceOf(get("/a/file/x", Optional.empty())), "same clock");
    nowMicros.addAndGet(1);
    assertNotEquals(nonceOf(first), nonceOf(get("/a/file/x", Optional.empty())));
  }

  @Test
  void rightPasswordGrantsWithDigestAsAuthType() {
    String nonce = nonceOf(get("/a/file/x", Optional.empty()));
    RoutingDecision granted =
        get("/a/file/x", Optional.of(answer("bob", "Files", "builder", nonce, "/a/file/x")));
    assertInstanceOf(RoutingDecision.Dispatch.class, granted);
    assertEquals(Optional.of("bob"), granted.facts().user());
    assertEquals(Optional.of("Digest"), granted.facts().authType());
  }

  @Test
  void wrongPasswordUnknownUserAndOtherRealmAreChallengedWithoutStale() {
    String nonce = nonceOf(get("/a/file/x", Optional.empty()));
    for (String authorization :
        List.of(
            answer("bob", "Files", "wrong", nonce, "/a/file/x"),
            answer("nobody", "Files", "builder", nonce, "/a/file/x"),
            answer("bob", "Other", "builder", nonce, "/a/file/x"))) {
      RoutingDecision refused = get("/a/file/x", Optional.of(authorization));
      assertEquals(401, refused.status(), authorization);
      assertTrue(
          !((RoutingDecision.Challenge) refused).wwwAuthenticate().contains("stale"),
          authorization);
    }
  }

  @Test
  void aUriOfAnotherRequestIs400() {
    String nonce = nonceOf(get("/a/file/x", Optional.empty()));
    assertEquals(
        400,
        get("/a/file/x", Optional.of(answer("bob", "Files", "builder", nonce, "/a/file/y")))
            .status());
    assertEquals(
        400,
        get("/a/file/x?q=1", Optional.of(answer("bob", "Files", "builder", nonce, "/a/file/x")))
            .status(),
        "the query belongs to the uri");
  }

  @Test
  void anExpiredOrForeignNonceWithTheRightPasswordIsStale() {
    String nonce = nonceOf(get("/a/file/x", Optional.empty()));
    nowMicros.addAndGet(10_000_001L);
    RoutingDecision expired =
        get("/a/file/x", Optional.of(answer("bob", "Files", "builder", nonce, "/a/file/x")));
    assertEquals(401, expired.status());
    assertTrue(((RoutingDecision.Challenge) expired).wwwAuthenticate().contains(", stale=true,"));
    String fresh = nonceOf(expired);
    assertInstanceOf(
        RoutingDecision.Dispatch.class,
        get("/a/file/x", Optional.of(answer("bob", "Files", "builder", fresh, "/a/file/x"))));
    String forged = fresh.substring(0, 12) + "0".repeat(40);
    RoutingDecision foreign =
        get("/a/file/x", Optional.of(answer("bob", "Files", "builder", forged, "/a/file/x")));
    assertTrue(((RoutingDecision.Challenge) foreign).wwwAuthenticate().contains("stale=true"));
    String otherRealm = nonceOf(get("/a/wsgi", Optional.empty()));
    RoutingDecision moved =
        get("/a/file/x", Optional.of(answer("bob", "Files", "builder", otherRealm, "/a/file/x")));
    assertTrue(
        ((RoutingDecision.Challenge) moved).wwwAuthenticate().contains("stale=true"),
        "a nonce is bound to its realm");
  }

  @Test
  void theWsgiProviderAsksGetRealmHash() {
    String nonce = nonceOf(get("/a/wsgi", Optional.empty()));
    RoutingDecision granted =
        get("/a/wsgi", Optional.of(answer("alice", "Scripts", "wonderland", nonce, "/a/wsgi")));
    assertInstanceOf(RoutingDecision.Dispatch.class, granted);
    assertEquals(List.of("alice@Scripts"), realmHashCalls);
    assertEquals(
        500, get("/a/wsgi", Optional.of(answer("eve", "Scripts", "x", nonce, "/a/wsgi"))).status());
    assertEquals(
        401,
        get("/a/wsgi", Optional.of(answer("nobody", "Scripts", "x", nonce, "/a/wsgi"))).status());
  }

  @Test
  void malformedHeadersAreChallengedNeverGranted() {
    for (String header :
        List.of(
            "Digest",
            "Digest ,,,==\"",
            "Basic Ym9iOmJ1aWxkZXI=",
            "Digest username=\"bob\"",
            "Digest username=\"bob\", realm=\"Files\", nonce=\"abc\", uri=\"/a/file/x\","
                + " response=\"00\"",
            "\u0000\u00ff garbage")) {
      RoutingDecision decision = get("/a/file/x", Optional.of(header));
      assertEquals(401, decision.status(), header);
    }
  }
}
