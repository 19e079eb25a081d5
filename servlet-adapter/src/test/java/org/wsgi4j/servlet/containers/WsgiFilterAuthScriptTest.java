package org.wsgi4j.servlet.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WSGIAuthUserScript and WSGIAuthGroupScript through the filter as a container configures it (init
 * parameter {@code config}, the WSGI runtime found with ServiceLoader): the router asks the
 * runtime's Jython interpreters. The statuses are those Apache + mod_wsgi answered for the same
 * scenarios (the serve kit's {@code wsgi-auth} case: basic-ok, basic-wrong, basic-unknown,
 * group-nonmember, basic-raise, basic-after-raise).
 */
class WsgiFilterAuthScriptTest {
  @Test
  void authScriptsDecideThroughTheFilter(@TempDir Path folder) throws Exception {
    Files.writeString(
        folder.resolve("auth.wsgi"),
        """
        def check_password(environ, user, password):
            if user == 'boom':
                raise RuntimeError('on purpose')
            if user not in ('alice', 'bob'):
                return None
            return password == 'pw'

        def groups_for_user(environ, user):
            return {'alice': ['admins'], 'bob': ['staff']}.get(user, [])
        """);
    Files.writeString(
        folder.resolve("app.wsgi"),
        """
        def application(environ, start_response):
            start_response('200 OK', [('Content-Type', 'text/plain')])
            return [environ.get('REMOTE_USER', '-') + ' ' + environ.get('AUTH_TYPE', '-')]
        """);
    Path config = folder.resolve("site.conf");
    Files.writeString(
        config,
        """
        ServerName localhost
        WSGIScriptAlias /a @ROOT@/app.wsgi
        <Location /a>
        AuthType Basic
        AuthName "Scripts"
        AuthBasicProvider wsgi
        WSGIAuthUserScript @ROOT@/auth.wsgi
        WSGIAuthGroupScript @ROOT@/auth.wsgi
        Require wsgi-group admins
        </Location>
        """
            .replace("@ROOT@", folder.toString()),
        StandardCharsets.UTF_8);
    try (FilterOnJetty jetty = FilterOnJetty.start(config)) {
      int port = jetty.port();
      assertAnswer(port, "alice", "pw", 200, "alice Basic");
      assertAnswer(port, "alice", "wrong", 401, null);
      assertAnswer(port, "nobody", "pw", 401, null);
      assertAnswer(port, "bob", "pw", 401, null);
      assertAnswer(port, "boom", "pw", 500, null);
      assertAnswer(port, "alice", "pw", 200, "alice Basic");
    }
  }

  private static void assertAnswer(int port, String user, String password, int status, String body)
      throws IOException, InterruptedException {
    String credentials =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.ISO_8859_1));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/a/x"))
                    .header("Authorization", "Basic " + credentials)
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    assertEquals(status, response.statusCode(), user + ":" + password + " " + response.body());
    if (status == 401) {
      assertEquals(
          "Basic realm=\"Scripts\"",
          response.headers().firstValue("WWW-Authenticate").orElse(null),
          "the challenge");
    }
    if (body != null) {
      assertEquals(body, response.body());
    }
  }
}
