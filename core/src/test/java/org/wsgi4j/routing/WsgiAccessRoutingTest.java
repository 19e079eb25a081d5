package org.wsgi4j.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;

/**
 * The router's side of mod_wsgi's WSGIAccessScript, with {@code allow_access} answered by a
 * stand-in that returns what the request's X-Access header asks for. The rules come from the serve
 * kit's {@code wsgi-access} recording (real Apache + mod_wsgi), which also runs end to end.
 */
class WsgiAccessRoutingTest {
  @TempDir Path folder;
  private final List<String> calls = new ArrayList<>();
  private final List<WsgiAuthScripts.Call> seen = new ArrayList<>();
  private LoadResult loaded;

  private final WsgiAuthScripts scripts =
      new WsgiAuthScripts() {
        @Override
        public AccessCheck allowAccess(Call call, String host) {
          calls.add("allow_access(" + host + ")");
          seen.add(call);
          return switch (call.environ().getOrDefault("HTTP_X_ACCESS", "")) {
            case "true" -> new AccessCheck.Allowed();
            case "false" -> new AccessCheck.Forbidden();
            case "raise" -> new AccessCheck.Failed("raised");
            default -> new AccessCheck.Declined();
          };
        }

        @Override
        public PasswordCheck checkPassword(Call call, String user, String password) {
          calls.add("check_password(" + user + ")");
          return password.equals("pw")
              ? new PasswordCheck.Granted(Optional.empty())
              : new PasswordCheck.Denied();
        }

        @Override
        public GroupLookup groupsForUser(Call call, String user) {
          return new GroupLookup.Failed("not used");
        }
      };

  @BeforeEach
  void load() throws IOException {
    loaded =
        ScriptSites.load(
            folder,
            """
        ServerName localhost
        DocumentRoot "@ROOT@"
        WSGIScriptAlias /a @ROOT@/app.wsgi
        <Location /a/plain>
        WSGIAccessScript @ROOT@/access.wsgi application-group=%{SERVER}
        SetEnv SECRET from-setenv
        </Location>
        <Location /a/auth>
        WSGIAccessScript @ROOT@/access.wsgi
        AuthType Basic
        AuthName "A"
        AuthBasicProvider wsgi
        WSGIAuthUserScript @ROOT@/access.wsgi
        Require valid-user
        </Location>
        <Location /a/any>
        WSGIAccessScript @ROOT@/access.wsgi
        AuthType Basic
        AuthName "Any"
        AuthBasicProvider wsgi
        WSGIAuthUserScript @ROOT@/access.wsgi
        Require valid-user
        Satisfy Any
        </Location>
        <Location /a/any-deny>
        WSGIAccessScript @ROOT@/access.wsgi
        AuthType Basic
        AuthName "Any"
        AuthBasicProvider wsgi
        WSGIAuthUserScript @ROOT@/access.wsgi
        Require valid-user
        Order deny,allow
        Deny from all
        Satisfy Any
        </Location>
        <Location /a/any-noscript>
        AuthType Basic
        AuthName "Any"
        AuthBasicProvider wsgi
        WSGIAuthUserScript @ROOT@/access.wsgi
        Require valid-user
        Satisfy Any
        </Location>
        <Location /a/deny>
        WSGIAccessScript @ROOT@/access.wsgi
        Order deny,allow
        Deny from all
        </Location>
        <Location /a/denied>
        WSGIAccessScript @ROOT@/access.wsgi
        Require all denied
        </Location>
        <Location /a/group>
        AuthType Basic
        AuthName "G"
        AuthBasicProvider wsgi
        WSGIAuthUserScript @ROOT@/access.wsgi
        WSGIGroupAuthoritative Off
        Require valid-user
        </Location>
        """,
            "app.wsgi",
            "access.wsgi");
  }

  private RoutingDecision get(WsgiAuthScripts runtime, String path, String access, String user) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Host", "localhost"));
    headers.add(Map.entry("X-Access", access));
    if (user != null) {
      String credentials =
          Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.ISO_8859_1));
      headers.add(Map.entry("Authorization", "Basic " + credentials));
    }
    Router router =
        new Router(
            RouteContext.of(loaded.model())
                .withAuthenticator(new FileAuthenticator())
                .withAuthScripts(runtime));
    return router.route(RequestView.of("GET", path, 80, headers));
  }

  private RoutingDecision get(String path, String access, String user) {
    return get(scripts, path, access, user);
  }

  @Test
  void trueAndNonePassFalseAndFailuresForbid() {
    assertInstanceOf(RoutingDecision.Dispatch.class, get("/a/plain", "true", null));
    assertInstanceOf(RoutingDecision.Dispatch.class, get("/a/plain", "none", null));
    assertEquals(403, get("/a/plain", "false", null).status());
    RoutingDecision failed = get("/a/plain", "raise", null);
    assertEquals(403, failed.status(), "a failing script forbids, as mod_wsgi's allow stays 0");
    assertTrue(ScriptSites.trace(failed).contains("WSGIAccessScript"), ScriptSites.trace(failed));
    assertTrue(ScriptSites.trace(failed).contains("allow_access"), ScriptSites.trace(failed));
  }

  @Test
  void theScriptGetsTheClientAddressAndTheCutDownEnviron() {
    get("/a/plain/x?q=1", "true", null);
    assertEquals(List.of("allow_access(127.0.0.1)"), calls);
    WsgiAuthScripts.Call call = seen.get(0);
    assertEquals(folder.resolve("access.wsgi").toString(), call.script());
    assertEquals("localhost", call.applicationGroup(), "%{SERVER} on port 80");
    Map<String, String> env = call.environ();
    assertTrue(!env.containsKey("SECRET"), "no SetEnv values");
    assertEquals("/a", env.get("SCRIPT_NAME"));
    assertEquals("/plain/x", env.get("PATH_INFO"));
    assertEquals("q=1", env.get("QUERY_STRING"));
  }

  @Test
  void satisfyAllNeedsTheScriptAndTheUser() {
    assertEquals(401, get("/a/auth", "true", null).status());
    calls.clear();
    assertEquals(403, get("/a/auth", "false", "alice").status());
    assertEquals(List.of("allow_access(127.0.0.1)"), calls, "no password check after a denial");
    RoutingDecision granted = get("/a/auth", "none", "alice");
    assertInstanceOf(RoutingDecision.Dispatch.class, granted, ScriptSites.trace(granted));
    assertEquals(Optional.of("alice"), granted.facts().user());
  }

  @Test
  void satisfyAnyLetsTheScriptReplaceAuthentication() {
    RoutingDecision open = get("/a/any", "none", "alice");
    assertInstanceOf(RoutingDecision.Dispatch.class, open, ScriptSites.trace(open));
    assertEquals(Optional.empty(), open.facts().user(), "no authentication ran");
    assertEquals(List.of("allow_access(127.0.0.1)"), calls);
    assertInstanceOf(RoutingDecision.Challenge.class, get("/a/any", "false", null));
    assertEquals(
        Optional.of("alice"),
        get("/a/any", "raise", "alice").facts().user(),
        "then authentication");
  }

  @Test
  void accessCompatRunsFirstAndStopsTheScript() {
    assertEquals(403, get("/a/deny", "true", null).status());
    assertInstanceOf(RoutingDecision.Challenge.class, get("/a/any-deny", "true", null));
    assertEquals(List.of(), calls.stream().filter(c -> c.startsWith("allow")).toList());
    assertEquals(403, get("/a/denied", "true", null).status(), "Require decides after access");
  }

  @Test
  void satisfyAnyWithoutHostRulesNeedsNoUser() {
    RoutingDecision open = get("/a/any-noscript", "", null);
    assertInstanceOf(RoutingDecision.Dispatch.class, open, ScriptSites.trace(open));
  }

  @Test
  void withoutARuntimeTheScriptForbids() {
    assertEquals(403, get(WsgiAuthScripts.NONE, "/a/plain", "true", null).status());
    WsgiAuthScripts older =
        new WsgiAuthScripts() {
          @Override
          public PasswordCheck checkPassword(Call call, String user, String password) {
            return new PasswordCheck.Granted(Optional.empty());
          }

          @Override
          public GroupLookup groupsForUser(Call call, String user) {
            return new GroupLookup.Failed("");
          }
        };
    assertEquals(403, get(older, "/a/plain", "true", null).status(), "the default forbids");
  }

  @Test
  void groupAuthoritativeLoadsWithoutEffect() {
    assertInstanceOf(RoutingDecision.Dispatch.class, get("/a/group", "", "alice"));
  }

  /**
   * With HostnameLookups On, httpd passes allow_access the client's host name (checked against the
   * oracle: "localhost" for 127.0.0.1); wsgi4j has only the address, so it refuses to serve.
   */
  @Test
  void hostnameLookupsWithAnAccessScriptIsRefused() throws IOException {
    Path config = folder.resolve("lookups.conf");
    Files.writeString(
        config,
        """
        ServerName localhost
        HostnameLookups On
        <Location /x>
        WSGIAccessScript /srv/access.wsgi
        </Location>
        """,
        StandardCharsets.UTF_8);
    LoadResult refused = ConfigLoader.load(config);
    assertTrue(!refused.isServable());
    assertTrue(
        refused.diagnostics().stream()
            .anyMatch(d -> d.code().name().equals("W105") && d.span().line() == 2),
        refused.diagnostics().toString());
    Files.writeString(
        config,
        """
        ServerName localhost
        HostnameLookups Off
        <Location /x>
        WSGIAccessScript /srv/a.wsgi
        </Location>
        """,
        StandardCharsets.UTF_8);
    assertTrue(ConfigLoader.load(config).isServable());
  }
}
