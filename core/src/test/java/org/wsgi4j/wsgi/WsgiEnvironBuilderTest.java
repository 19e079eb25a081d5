package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.routing.RouteFacts;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.Trace;
import org.wsgi4j.routing.WsgiTarget;

/** The environ rules of modwsgi.md §5 that the recorded requests do not all exercise. */
class WsgiEnvironBuilderTest {
  private static final WsgiEnvironBuilder BUILDER = new WsgiEnvironBuilder();

  private static RoutingDecision.Dispatch dispatch(
      WsgiTarget target, Map<String, String> environment, Optional<String> user) {
    RouteFacts facts =
        new RouteFacts(
            Optional.empty(),
            "example.org",
            "8080",
            "/app/x",
            "a=1",
            Optional.of(target.scriptFilename()),
            "/x",
            ImmutableMap.copyOf(environment),
            user,
            user.map(u -> "Basic"));
    return new RoutingDecision.Dispatch(target, facts, new Trace(ImmutableList.of()));
  }

  private static WsgiTarget target(Optional<DaemonProcessGroup> daemon, boolean passAuth) {
    return new WsgiTarget(
        "/srv/app.wsgi",
        "/app",
        "/a//b",
        daemon.map(DaemonProcessGroup::name).orElse(""),
        daemon,
        "g",
        "application",
        passAuth);
  }

  @Test
  void headersFollowHttpdRules() {
    WsgiRequest request =
        Dispatches.request(
            "GET",
            "/app/a//b?a=1",
            List.of(
                Map.entry("Host", "example.org:8080"),
                Map.entry("Accept", "a"),
                Map.entry("ACCEPT", "b"),
                Map.entry("X_Under", "x"),
                Map.entry("X.Dot", "x"),
                Map.entry("Proxy", "http://evil"),
                Map.entry("Proxy-Authorization", "Basic x"),
                Map.entry("Authorization", "Basic eA==")),
            "");
    WsgiEnviron off =
        BUILDER.build(
            dispatch(target(Optional.empty(), false), Map.of(), Optional.empty()), request);
    assertEquals("a, b", off.get("HTTP_ACCEPT"));
    assertNull(off.get("HTTP_X_UNDER"));
    assertFalse(off.variables().keySet().stream().anyMatch(k -> k.contains("DOT")));
    assertNull(off.get("HTTP_PROXY"));
    assertNull(off.get("HTTP_PROXY_AUTHORIZATION"));
    assertNull(off.get("HTTP_AUTHORIZATION"));
    assertNull(off.get("CONTENT_LENGTH"), "only when the request has one");
    assertEquals("/a/b", off.get("PATH_INFO"), "runs of / collapse");
    assertEquals("/app/a//b?a=1", off.get("REQUEST_URI"), "raw");
    WsgiEnviron on =
        BUILDER.build(
            dispatch(target(Optional.empty(), true), Map.of(), Optional.empty()), request);
    assertEquals("Basic eA==", on.get("HTTP_AUTHORIZATION"));
    assertNull(on.get("HTTP_PROXY_AUTHORIZATION"));
  }

  @Test
  void computedVariablesWinOverEnvironmentVariables() {
    Map<String, String> env =
        Map.of(
            "REQUEST_METHOD", "FAKE",
            "SCRIPT_NAME", "/fake",
            "MY_VAR", "kept",
            "PATH", "/usr/bin",
            "HTTPS", "On");
    WsgiEnviron environ =
        BUILDER.build(
            dispatch(target(Optional.empty(), false), env, Optional.of("alice")),
            Dispatches.get("/app/x"));
    assertEquals("GET", environ.get("REQUEST_METHOD"));
    assertEquals("/app", environ.get("SCRIPT_NAME"));
    assertEquals("kept", environ.get("MY_VAR"));
    assertNull(environ.get("PATH"), "mod_wsgi deletes PATH");
    assertNull(environ.get("HTTPS"), "HTTPS becomes wsgi.url_scheme");
    assertEquals("https", environ.urlScheme());
    assertEquals("http", environ.get("REQUEST_SCHEME"), "the connection's scheme");
    assertEquals("alice", environ.get("REMOTE_USER"));
    assertEquals("Basic", environ.get("AUTH_TYPE"));
    assertEquals("example.org", environ.get("SERVER_NAME"));
    assertEquals("8080", environ.get("SERVER_PORT"));
  }

  @Test
  void flagsFollowTheDaemonDefinition() {
    WsgiRequest request = Dispatches.get("/app/x");
    WsgiEnviron embedded =
        BUILDER.build(
            dispatch(target(Optional.empty(), false), Map.of(), Optional.empty()), request);
    assertTrue(embedded.multithread());
    assertFalse(embedded.multiprocess());
    assertNull(embedded.get("mod_wsgi.daemon_connects"));

    DaemonProcessGroup once =
        Dispatches.daemon(
            "once", 1, Map.of("processes", "1", "threads", "1", "maximum-requests", "1"));
    WsgiEnviron runOnce =
        BUILDER.build(
            dispatch(target(Optional.of(once), false), Map.of(), Optional.empty()), request);
    assertFalse(runOnce.multithread());
    assertTrue(runOnce.multiprocess(), "processes= written, even =1");
    assertTrue(runOnce.runOnce());
    assertEquals("once", runOnce.get("mod_wsgi.process_group"));
    assertEquals("1", runOnce.get("mod_wsgi.daemon_connects"));
  }
}
