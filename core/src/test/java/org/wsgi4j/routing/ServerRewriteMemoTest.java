package org.wsgi4j.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.rewrite.RewriteInputs;
import org.wsgi4j.source.Diagnostic;

/**
 * Server-context rewrite outcomes are remembered per URL only for programs that read nothing but
 * the URL: a program that reads a header, the client, the time, the environment, a map or a file is
 * run for every request, and a warm router decides such requests as a fresh one does.
 */
class ServerRewriteMemoTest {
  @TempDir Path folder;

  private LoadResult load(String rules) throws IOException {
    Path config = folder.resolve("site.conf");
    Files.writeString(
        config,
        ("ServerName localhost\nDocumentRoot \"@ROOT@\"\nRewriteEngine On\n"
                + rules
                + "\nWSGIScriptAlias /app @ROOT@/app.wsgi\n<Directory @ROOT@>\nRequire all granted\n"
                + "</Directory>\n")
            .replace("@ROOT@", folder.toString()),
        StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("app.wsgi"), "");
    Files.writeString(folder.resolve("map.txt"), "a b\n");
    LoadResult loaded = ConfigLoader.load(config);
    assertTrue(
        loaded.isServable(),
        loaded.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    return loaded;
  }

  private boolean urlOnly(String rules) throws IOException {
    RewriteProgram program = load(rules).model().mainServer().settings().rewrite();
    return RewriteInputs.urlOnly(program);
  }

  @Test
  void onlyProgramsReadingTheUrlCount() throws IOException {
    assertTrue(urlOnly("RewriteCond %{REQUEST_URI} ^/([a-z_]+)\nRewriteRule . - [E=TRAC_ID:%1]"));
    assertTrue(urlOnly("RewriteRule ^/old/(.*)$ /app/$1?q=%{QUERY_STRING} [PT,L]"));
    assertTrue(urlOnly("RewriteCond %{server_name}:%{SERVER_PORT} =localhost:80\nRewriteRule . -"));
    assertTrue(urlOnly("RewriteRule ^/x https://%{SERVER_NAME}/y [R=301,L]"));
    assertFalse(urlOnly("RewriteCond %{HTTP:X-Test} =yes\nRewriteRule . - [E=T:1]"));
    assertFalse(urlOnly("RewriteCond %{HTTP_USER_AGENT} bot\nRewriteRule . - [F]"));
    assertFalse(urlOnly("RewriteCond %{REMOTE_ADDR} ^10\\.\nRewriteRule . - [F]"));
    assertFalse(urlOnly("RewriteCond %{REQUEST_METHOD} =POST\nRewriteRule . - [F]"));
    assertFalse(urlOnly("RewriteRule . - [E=WHEN:%{TIME}]"));
    assertFalse(urlOnly("RewriteRule . - [E=COPY:%{ENV:OTHER}]"));
    assertFalse(urlOnly("RewriteCond %{REQUEST_FILENAME} -f\nRewriteRule . - [F]"));
    assertFalse(urlOnly("RewriteCond %{LA-U:REMOTE_USER} x\nRewriteRule . - [F]"));
    assertFalse(
        urlOnly(
            "RewriteMap m txt:"
                + folder.resolve("map.txt")
                + "\nRewriteRule ^/(.*) /app/${m:$1} [PT]"));
    // An escaped reference is still counted: the check errs on the side of running the rules.
    assertFalse(urlOnly("RewriteRule . - [E=LITERAL:\\%{TIME}]"));
  }

  private static RequestView get(String target, String header) {
    return RequestView.of(
        "GET", target, 80, List.of(Map.entry("Host", "localhost"), Map.entry("X-Test", header)));
  }

  @Test
  void aProgramReadingAHeaderIsRunForEveryRequest() throws IOException {
    LoadResult loaded =
        load(
            "RewriteCond %{HTTP:X-Test} =yes\nRewriteRule ^/app - [E=SEEN:yes]\n"
                + "RewriteCond %{HTTP:X-Test} =no\nRewriteRule ^/app - [F]");
    Router warm = new Router(RouteContext.of(loaded.model()));
    for (String header : List.of("yes", "no", "other", "yes", "no")) {
      RoutingDecision remembered = warm.route(get("/app/x", header));
      RoutingDecision fresh =
          new Router(RouteContext.of(loaded.model())).route(get("/app/x", header));
      assertEquals(fresh, remembered, header);
      assertEquals(fresh.trace().steps(), remembered.trace().steps(), header);
    }
    assertEquals("yes", warm.route(get("/app/x", "yes")).facts().environment().get("SEEN"));
    assertEquals(403, warm.route(get("/app/x", "no")).status());
  }

  @Test
  void aUrlOnlyProgramGivesTheSameDecisionPerUrlAndADifferentOneForAnotherUrl() throws IOException {
    LoadResult loaded =
        load("RewriteCond %{REQUEST_URI} ^/app/([a-z]+)\nRewriteRule . - [E=PART:%1]");
    Router warm = new Router(RouteContext.of(loaded.model()));
    for (String target : List.of("/app/one", "/app/two?q=1", "/app/one", "/app/two?q=2", "/x")) {
      RoutingDecision remembered = warm.route(get(target, "a"));
      RoutingDecision fresh = new Router(RouteContext.of(loaded.model())).route(get(target, "b"));
      assertEquals(fresh, remembered, target);
      assertEquals(fresh.trace().steps(), remembered.trace().steps(), target);
    }
    assertEquals("one", warm.route(get("/app/one", "c")).facts().environment().get("PART"));
    assertEquals("two", warm.route(get("/app/two", "c")).facts().environment().get("PART"));
  }
}
