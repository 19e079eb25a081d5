package org.wsgi4j.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSet;
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
 * The router's side of mod_wsgi's auth providers, with scripts answered by a stand-in: the provider
 * chain of AuthBasicProvider, Require wsgi-group, the cut-down environ the scripts get, and the
 * trace that explains the decision. (The same behaviour end to end, on Jython and against recorded
 * Apache answers, is the serve kit's {@code wsgi-auth} case.)
 */
class WsgiAuthRoutingTest {
  @TempDir Path folder;
  private final List<String> calls = new ArrayList<>();
  private final List<WsgiAuthScripts.Call> seen = new ArrayList<>();
  private Router router;

  /** alice/pw: granted; alice/other: False; eve: raises; anyone else: None. */
  private final WsgiAuthScripts scripts =
      new WsgiAuthScripts() {
        @Override
        public PasswordCheck checkPassword(Call call, String user, String password) {
          calls.add("check_password(" + user + ")");
          seen.add(call);
          return switch (user) {
            case "alice" ->
                password.equals("pw")
                    ? new PasswordCheck.Granted(Optional.empty())
                    : new PasswordCheck.Denied();
            case "renamed" -> new PasswordCheck.Granted(Optional.of("Renamed"));
            case "eve" -> new PasswordCheck.Failed("raised");
            default -> new PasswordCheck.UserNotFound();
          };
        }

        @Override
        public GroupLookup groupsForUser(Call call, String user) {
          calls.add("groups_for_user(" + user + ")");
          return user.equals("Renamed") || user.equals("alice")
              ? new GroupLookup.Groups(ImmutableSet.of("ADMINS"))
              : new GroupLookup.Groups(ImmutableSet.of());
        }
      };

  @BeforeEach
  void load() throws IOException {
    Files.writeString(
        folder.resolve("htpasswd"),
        // carol / filepass (bcrypt)
        "carol:$2y$05$B7lA9YFX8C1iV7d/cxMDnuUXctI6cQvPkLVQgzaBQX1Nm.WxMdOm.\n");
    LoadResult loaded =
        ScriptSites.load(
            folder,
            """
        ServerName localhost
        DocumentRoot "@ROOT@"
        WSGIScriptAlias /a @ROOT@/app.wsgi
        <Location /a/basic>
        AuthType Basic
        AuthName "W"
        AuthBasicProvider wsgi
        WSGIAuthUserScript @ROOT@/auth.wsgi application-group=%{SERVER}
        Require valid-user
        SetEnv SECRET from-setenv
        </Location>
        <Location /a/mixed>
        AuthType Basic
        AuthName "M"
        AuthBasicProvider file wsgi
        AuthUserFile @ROOT@/htpasswd
        WSGIAuthUserScript @ROOT@/auth.wsgi
        Require valid-user
        </Location>
        <Location /a/group>
        AuthType Basic
        AuthName "G"
        AuthBasicProvider wsgi
        WSGIAuthUserScript @ROOT@/auth.wsgi
        WSGIAuthGroupScript @ROOT@/auth.wsgi
        Require wsgi-group admins
        </Location>
        """,
            "app.wsgi",
            "auth.wsgi");
    router =
        new Router(
            RouteContext.of(loaded.model())
                .withAuthenticator(new FileAuthenticator())
                .withAuthScripts(scripts));
  }

  private RoutingDecision get(String path, String user, String password) {
    String credentials =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.ISO_8859_1));
    return router.route(
        RequestView.of(
            "GET",
            path,
            80,
            List.of(
                Map.entry("Host", "localhost"),
                Map.entry("Authorization", "Basic " + credentials),
                Map.entry("Proxy-Authorization", "Basic eDp5"),
                Map.entry("X-Under_Score", "dropped"),
                Map.entry("X-Kept", "kept"))));
  }

  @Test
  void checkPasswordDecidesAndTheTraceSaysSo() {
    RoutingDecision granted = get("/a/basic/x", "alice", "pw");
    assertInstanceOf(RoutingDecision.Dispatch.class, granted, ScriptSites.trace(granted));
    assertEquals(Optional.of("alice"), granted.facts().user());
    assertTrue(ScriptSites.trace(granted).contains("check_password"), ScriptSites.trace(granted));
    assertEquals(401, get("/a/basic/x", "alice", "wrong").status());
    assertEquals(401, get("/a/basic/x", "nobody", "pw").status());
    RoutingDecision failed = get("/a/basic/x", "eve", "pw");
    assertEquals(500, failed.status(), ScriptSites.trace(failed));
    assertEquals(Optional.of("Renamed"), get("/a/basic/x", "renamed", "pw").facts().user());
  }

  @Test
  void theScriptsEnvironIsCutDown() {
    get("/a/basic/x?q=1", "alice", "pw");
    WsgiAuthScripts.Call call = seen.get(0);
    assertEquals(folder.resolve("auth.wsgi").toString(), call.script());
    assertEquals("localhost", call.applicationGroup(), "%{SERVER} on port 80");
    Map<String, String> env = call.environ();
    assertFalse(env.containsKey("SECRET"), "no SetEnv values");
    assertFalse(env.containsKey("HTTP_AUTHORIZATION"));
    assertFalse(env.containsKey("HTTP_PROXY_AUTHORIZATION"));
    assertFalse(env.containsKey("HTTP_X_UNDER_SCORE"));
    assertEquals("kept", env.get("HTTP_X_KEPT"));
    assertEquals("/a", env.get("SCRIPT_NAME"));
    assertEquals("/basic/x", env.get("PATH_INFO"));
    assertEquals("q=1", env.get("QUERY_STRING"));
    assertEquals("/a/basic/x?q=1", env.get("REQUEST_URI"));
    assertEquals("", env.get("mod_wsgi.process_group"));
    assertEquals("localhost", env.get("mod_wsgi.application_group"));
  }

  @Test
  void providersAreAskedInOrderUntilOneKnowsTheUser() {
    assertEquals(200, get("/a/mixed/x", "carol", "filepass").status());
    assertEquals(List.of(), calls, "the file provider granted: the script is not asked");
    assertEquals(401, get("/a/mixed/x", "carol", "wrong").status());
    assertEquals(List.of(), calls, "a wrong password stops the chain");
    assertEquals(200, get("/a/mixed/x", "alice", "pw").status());
    assertEquals(List.of("check_password(alice)"), calls);
  }

  @Test
  void wsgiGroupAsksGroupsForUserWithTheAuthenticatedName() {
    RoutingDecision renamed = get("/a/group/x", "renamed", "pw");
    assertEquals(200, renamed.status(), ScriptSites.trace(renamed));
    assertTrue(
        ScriptSites.trace(renamed).contains("groups_for_user(Renamed)"),
        ScriptSites.trace(renamed));
    assertEquals(List.of("check_password(renamed)", "groups_for_user(Renamed)"), calls);
    RoutingDecision nobody = get("/a/group/x", "nobody", "pw");
    assertEquals(401, nobody.status());
  }

  @Test
  void withoutARuntimeNoScriptEverGrants() throws IOException {
    Router bare =
        new Router(
            RouteContext.of(ConfigLoader.load(folder.resolve("site.conf")).model())
                .withAuthenticator(new FileAuthenticator()));
    RoutingDecision decision =
        bare.route(
            RequestView.of(
                "GET",
                "/a/basic/x",
                80,
                List.of(
                    Map.entry("Host", "localhost"),
                    Map.entry("Authorization", "Basic YWxpY2U6cHc="))));
    assertEquals(500, decision.status(), ScriptSites.trace(decision));
  }
}
