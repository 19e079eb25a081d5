package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.wsgi4j.wsgi.Dispatches.dispatch;
import static org.wsgi4j.wsgi.Dispatches.get;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.routing.WsgiAuthScripts;
import org.wsgi4j.routing.WsgiAuthScripts.AccessCheck;
import org.wsgi4j.routing.WsgiAuthScripts.GroupLookup;
import org.wsgi4j.routing.WsgiAuthScripts.PasswordCheck;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.wsgi.BoundedCalls;
import org.wsgi4j.wsgi.BufferedWsgiResponse;

/**
 * mod_wsgi's auth providers on Jython: how {@code check_password} and {@code groups_for_user}
 * answers map to httpd's results (the mapping recorded from mod_wsgi 4.9.4 in the serve kit's
 * {@code wsgi-auth} case), the interpreter they run in, and script reloading.
 */
class JythonAuthScriptsTest {
  private static final String SCRIPT =
      """
      # -*- coding: utf-8 -*-
      CALLS = []

      def check_password(environ, user, password):
          CALLS.append(user)
          answers = {
              'yes': True, 'no': False, 'unknown': None, 'renamed': 'Other',
              'uni': u'caf\\xe9', 'empty': '', 'one': 1, 'listy': ['x'],
          }
          if user == 'boom':
              raise ValueError('on purpose')
          if user == 'env':
              return (environ['mod_wsgi.application_group'] + '|'
                      + str(environ['mod_ssl.is_https']()) + '|'
                      + str(environ['mod_ssl.var_lookup']('SSL_PROTOCOL')) + '|'
                      + str(callable(environ['mod_ssl.is_https'])) + '|'
                      + str(environ['mod_wsgi.version']) + '|'
                      + str(environ['mod_wsgi.script_reloading']) + '|'
                      + type(user).__name__ + '|' + password + '|'
                      + str('HTTP_AUTHORIZATION' in environ))
          return answers[user]

      def allow_access(environ, host):
          if host == 'boom':
              raise ValueError('on purpose')
          if host == 'env':
              return environ['mod_wsgi.application_group'] == 'grp' and type(host) is str
          return {'10.0.0.1': True, '10.0.0.2': False, '10.0.0.3': None, 'one': 1,
                  'text': 'yes'}[host]

      def groups_for_user(environ, user):
          if user == 'boom':
              raise ValueError('on purpose')
          return {
              'list': ['a', 'b'], 'unicode': [u'caf\\xe9'], 'wide': [u'\\u20ac'],
              'none': None, 'ints': [1], 'generator': (g for g in ('x', 'y')), 'empty': [],
          }[user]
      """;

  // One gateway for the class: interpreters are costly, and each test has its own script file
  // (its own module name).
  private static JythonGateway gateway;
  private static WsgiAuthScripts scripts;

  @TempDir Path folder;
  private Path script;

  @BeforeAll
  static void start() {
    gateway = new JythonGateway();
    scripts = gateway.authScripts();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void writeScript() throws IOException {
    script = folder.resolve("auth.wsgi");
    Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
  }

  private WsgiAuthScripts.Call call(String group, boolean reloading) {
    return new WsgiAuthScripts.Call(
        script.toString(),
        group,
        reloading,
        false,
        ImmutableMap.of(
            "REQUEST_METHOD", "GET", "mod_wsgi.application_group", group, "HTTP_HOST", "h"));
  }

  private PasswordCheck check(String user) {
    return scripts.checkPassword(call("", true), user, "pw");
  }

  @Test
  void answersMapToHttpdsAuthnResults() {
    assertEquals(new PasswordCheck.Granted(Optional.empty()), check("yes"));
    assertEquals(new PasswordCheck.Denied(), check("no"));
    assertEquals(new PasswordCheck.UserNotFound(), check("unknown"));
    assertEquals(new PasswordCheck.Granted(Optional.of("Other")), check("renamed"));
    // Python 3's mod_wsgi stores a returned str as UTF-8 bytes; here as their latin-1 view.
    assertEquals(new PasswordCheck.Granted(Optional.of("cafÃ©")), check("uni"));
    // Recorded: an empty string is a grant with an empty REMOTE_USER, not an error.
    assertEquals(new PasswordCheck.Granted(Optional.of("")), check("empty"));
    assertInstanceOf(PasswordCheck.Failed.class, check("one"), "1 is not True");
    assertInstanceOf(PasswordCheck.Failed.class, check("listy"));
    assertInstanceOf(PasswordCheck.Failed.class, check("boom"));
    assertEquals(
        new PasswordCheck.Granted(Optional.empty()), check("yes"), "fine after an exception");
  }

  /** Recorded (serve kit's wsgi-access): True allows, None declines, anything else forbids. */
  @Test
  void accessAnswersMapToHttpdsAccessCheckerResults() throws IOException {
    assertEquals(new AccessCheck.Allowed(), scripts.allowAccess(call("", true), "10.0.0.1"));
    assertEquals(new AccessCheck.Forbidden(), scripts.allowAccess(call("", true), "10.0.0.2"));
    assertEquals(new AccessCheck.Declined(), scripts.allowAccess(call("", true), "10.0.0.3"));
    for (String host : new String[] {"one", "text", "boom"}) {
      assertInstanceOf(AccessCheck.Failed.class, scripts.allowAccess(call("", true), host), host);
    }
    assertEquals(new AccessCheck.Allowed(), scripts.allowAccess(call("grp", true), "env"));
    Files.writeString(script, "def check_password(environ, user, password):\n    return True\n");
    Files.setLastModifiedTime(
        script, FileTime.fromMillis(Files.getLastModifiedTime(script).toMillis() + 5000));
    AccessCheck missing = scripts.allowAccess(call("", true), "10.0.0.1");
    assertEquals(
        new AccessCheck.Failed(
            "Target WSGI host access script '" + script + "' does not provide host validator."),
        missing);
  }

  @Test
  void theEnvironHasModWsgisObjectsAndNoAuthorization() {
    PasswordCheck answer = scripts.checkPassword(call("grp", true), "env", "p:w");
    assertEquals(
        new PasswordCheck.Granted(Optional.of("grp|0|None|True|(4, 9, 4)|1|str|p:w|False")),
        answer);
  }

  @Test
  void groupsMustBeAnIterableOfLatin1Strings() {
    assertEquals(
        new GroupLookup.Groups(ImmutableSet.of("a", "b")),
        scripts.groupsForUser(call("", true), "list"));
    assertEquals(
        new GroupLookup.Groups(ImmutableSet.of("café")),
        scripts.groupsForUser(call("", true), "unicode"));
    assertEquals(
        new GroupLookup.Groups(ImmutableSet.of("x", "y")),
        scripts.groupsForUser(call("", true), "generator"));
    assertEquals(
        new GroupLookup.Groups(ImmutableSet.of()), scripts.groupsForUser(call("", true), "empty"));
    for (String user : new String[] {"wide", "none", "ints", "boom"}) {
      assertInstanceOf(GroupLookup.Failed.class, scripts.groupsForUser(call("", true), user), user);
    }
  }

  @Test
  void aScriptWithoutTheFunctionOrThatDoesNotCompileFails() throws IOException {
    Files.writeString(script, "def groups_for_user(environ, user):\n    return []\n");
    assertInstanceOf(PasswordCheck.Failed.class, check("yes"));
    Path broken = folder.resolve("broken.wsgi");
    Files.writeString(broken, "def check_password(environ, user, password:\n    return True\n");
    assertInstanceOf(
        PasswordCheck.Failed.class,
        scripts.checkPassword(
            new WsgiAuthScripts.Call(broken.toString(), "", true, false, ImmutableMap.of()),
            "yes",
            "pw"));
    assertInstanceOf(
        PasswordCheck.Failed.class,
        scripts.checkPassword(
            new WsgiAuthScripts.Call(
                folder.resolve("missing.wsgi").toString(), "", true, false, ImmutableMap.of()),
            "yes",
            "pw"));
  }

  /** WSGIScriptReloading On: a changed script is reloaded as a module; Off: it is not. */
  @Test
  void aChangedScriptIsReloadedOnlyWithScriptReloading() throws IOException {
    assertEquals(new PasswordCheck.Granted(Optional.empty()), check("yes"));
    Files.writeString(script, "def check_password(environ, user, password):\n    return False\n");
    Files.setLastModifiedTime(
        script, FileTime.fromMillis(Files.getLastModifiedTime(script).toMillis() + 5000));
    assertEquals(
        new PasswordCheck.Granted(Optional.empty()),
        scripts.checkPassword(call("", false), "yes", "pw"),
        "WSGIScriptReloading Off keeps the loaded module");
    assertEquals(new PasswordCheck.Denied(), check("yes"), "reloaded");
  }

  /**
   * The script runs in the embedded interpreter of its application group: an embedded application
   * of the same group sees the module the auth hook loaded (one module for one file), another group
   * does not.
   */
  @Test
  void theScriptSharesTheEmbeddedInterpreterOfItsApplicationGroup() throws IOException {
    Files.writeString(
        script,
        SCRIPT
            + """

            def application(environ, start_response):
                start_response('200 OK', [('Content-Type', 'text/plain')])
                return [','.join(CALLS)]
            """,
        StandardCharsets.UTF_8);
    scripts.checkPassword(call("shared", true), "yes", "pw");
    scripts.checkPassword(call("shared", true), "no", "pw");
    scripts.checkPassword(call("", true), "unknown", "pw");
    assertEquals("yes,no", run("shared"));
    assertEquals("unknown", run(""));
    assertEquals("", run("elsewhere"));
  }

  private String run(String applicationGroup) throws IOException {
    WsgiTarget target =
        new WsgiTarget(
            script.toString(),
            "/app",
            "/x",
            "",
            Optional.empty(),
            applicationGroup,
            "application",
            false);
    BufferedWsgiResponse response = new BufferedWsgiResponse();
    gateway.handle(dispatch(target, ""), get("/app/x"), response);
    assertEquals(200, response.status(), response.bodyText());
    return response.bodyText();
  }

  /**
   * A check_password that never returns does not hold its caller: past the bound it answers as a
   * failure (500 in the router), the sleeping thread is interrupted, and the next call is fine.
   */
  @Test
  void aStuckScriptIsCutOffAtTheBound() throws IOException {
    Files.writeString(
        script,
        """
        import time

        def check_password(environ, user, password):
            if user == 'stuck':
                time.sleep(3600)
            return True

        def allow_access(environ, host):
            time.sleep(3600)
        """,
        StandardCharsets.UTF_8);
    try (BoundedCalls bounded = new BoundedCalls(Duration.ofMillis(300), 4, "test-auth")) {
      JythonAuthScripts stuckOnce = new JythonAuthScripts(gateway, bounded);
      PasswordCheck stuck = stuckOnce.checkPassword(call("", true), "stuck", "pw");
      assertInstanceOf(PasswordCheck.Failed.class, stuck);
      assertEquals(
          true,
          ((PasswordCheck.Failed) stuck).detail().contains("did not return within"),
          "" + stuck);
      assertInstanceOf(AccessCheck.Failed.class, stuckOnce.allowAccess(call("", true), "h"));
      assertEquals(
          new PasswordCheck.Granted(Optional.empty()),
          stuckOnce.checkPassword(call("", true), "fine", "pw"),
          "the next call is fine");
    }
  }
}
