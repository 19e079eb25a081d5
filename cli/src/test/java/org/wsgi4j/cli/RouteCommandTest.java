package org.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** user test, password secret (an ecosystem test vector). */
  private static final String HTPASSWD = "test:$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40\n";

  /** "test:secret" and "test:wrong" in Base64. */
  private static final String VALID = "Authorization: Basic dGVzdDpzZWNyZXQ=";

  private static final String WRONG = "Authorization: Basic dGVzdDp3cm9uZw==";

  @TempDir Path dir;
  private Path config;
  private String script;

  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return MAPPER.readTree(out);
    }

    List<String> lines() {
      return out.lines().toList();
    }
  }

  @BeforeEach
  void writeConfig() throws IOException {
    Path wsgi = dir.resolve("shop.wsgi");
    Files.writeString(wsgi, "def application(environ, start_response):\n    pass\n");
    script = wsgi.toString();
    Files.writeString(dir.resolve("htpasswd"), HTPASSWD);
    config = dir.resolve("shop.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "<VirtualHost *:80>",
            "    ServerName app.example",
            "    RewriteEngine On",
            "    RewriteRule ^/shop/([a-z]+) - [E=SHOP:$1]",
            "    RewriteRule ^/old/(.*)$ /new/$1 [R=302,L]",
            "    WSGIDaemonProcess shop threads=5",
            "    WSGIScriptAliasMatch ^/shop/([a-z]+) " + script,
            "    <Directory " + dir + ">",
            "        WSGIProcessGroup shop",
            "        WSGIApplicationGroup %{GLOBAL}",
            "        Require all granted",
            "    </Directory>",
            "    <LocationMatch \"^/shop/[a-z]+/admin\">",
            "        AuthType Basic",
            "        AuthName \"Shop admin\"",
            "        AuthUserFile " + dir.resolve("htpasswd"),
            "        Require valid-user",
            "    </LocationMatch>",
            "    RewriteCond %{HTTP:X-Tier} ^gold$",
            "    RewriteRule ^/(shop|moved)/ - [E=GOLD:1]",
            "    RewriteRule ^/moved/(.*)$ /new/$1 [R=302,L]",
            "</VirtualHost>",
            ""));
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      code = Main.run(o, e, args);
    }
    return new Run(code, out.toString(), err.toString());
  }

  private Run route(String... args) {
    List<String> all = new ArrayList<>(List.of("route", "--config", config.toString()));
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }

  // ---- JSON ---------------------------------------------------------------------------------

  @Test
  void wsgiDecisionAsJson() throws IOException {
    Run run = route("--json", "-H", "Host: app.example", "GET", "/shop/books/list?page=2");
    assertEquals(0, run.code(), run.err());
    JsonNode json = run.json();
    assertEquals("wsgi", json.get("decision").asText());
    assertEquals(200, json.get("status").asInt());
    assertTrue(json.get("location").isNull());
    assertTrue(json.get("reason").isNull());
    assertEquals("app.example", json.get("vhost").asText());
    assertEquals("/shop/books/list", json.get("uri").asText());
    assertEquals("page=2", json.get("args").asText());
    assertEquals(script, json.get("filename").asText());
    assertEquals("/list", json.get("path_info").asText());
    assertEquals("books", json.get("env").get("SHOP").asText());
    JsonNode wsgi = json.get("wsgi");
    assertEquals(script, wsgi.get("script").asText());
    assertEquals("/shop/books", wsgi.get("SCRIPT_NAME").asText());
    assertEquals("/list", wsgi.get("PATH_INFO").asText());
    assertEquals("shop", wsgi.get("process_group").asText());
    assertEquals("", wsgi.get("application_group").asText());
    assertTrue(json.get("auth").isNull());
    JsonNode first = json.get("trace").get(0);
    assertEquals("vhost", first.get("stage").asText());
    assertEquals("ServerName app.example matches app.example", first.get("detail").asText());
    assertEquals(config.toString(), first.get("file").asText());
    assertEquals(1, first.get("line").asInt());
    assertTrue(json.get("trace").get(1).get("file").isNull());
  }

  @Test
  void challengeWithoutOrWithWrongCredentials() throws IOException {
    for (List<String> headers :
        List.of(
            List.of("-H", "Host: app.example"), List.of("-H", "Host: app.example", "-H", WRONG))) {
      List<String> args = new ArrayList<>(headers);
      args.addAll(List.of("--json", "GET", "/shop/books/admin"));
      Run run = route(args.toArray(String[]::new));
      assertEquals(0, run.code(), run.err());
      JsonNode json = run.json();
      assertEquals("challenge", json.get("decision").asText());
      assertEquals(401, json.get("status").asInt());
      assertTrue(json.get("wsgi").isNull());
      assertEquals("Basic", json.get("auth").get("type").asText());
      assertEquals("Shop admin", json.get("auth").get("realm").asText());
      assertTrue(json.get("auth").get("user").isNull());
    }
  }

  @Test
  void validCredentialsDispatchWithUser() throws IOException {
    Run run = route("--json", "-H", "Host: app.example", "-H", VALID, "GET", "/shop/books/admin");
    assertEquals(0, run.code(), run.err());
    JsonNode json = run.json();
    assertEquals("wsgi", json.get("decision").asText());
    assertEquals("Basic", json.get("auth").get("type").asText());
    assertEquals("test", json.get("auth").get("user").asText());
    assertEquals("/admin", json.get("wsgi").get("PATH_INFO").asText());
  }

  @Test
  void varyFromHeaderConditionsAsJson() throws IOException {
    JsonNode gold =
        route("--json", "-H", "Host: app.example", "-H", "X-Tier: gold", "GET", "/shop/books/x")
            .json();
    assertEquals("wsgi", gold.get("decision").asText());
    assertEquals("1", gold.get("env").get("GOLD").asText());
    assertEquals("X-Tier", gold.get("vary").asText());
    JsonNode other =
        route("--json", "-H", "Host: app.example", "-H", "X-Tier: tin", "GET", "/shop/books/x")
            .json();
    assertTrue(other.get("vary").isNull(), "a condition that fails adds no Vary");
    JsonNode moved =
        route("--json", "-H", "Host: app.example", "-H", "X-Tier: gold", "GET", "/moved/x").json();
    assertEquals("redirect", moved.get("decision").asText());
    assertTrue(moved.get("vary").isNull(), "httpd drops Vary from its redirects");
  }

  @Test
  void redirectAndStatusAsJson() throws IOException {
    JsonNode redirect = route("--json", "-H", "Host: app.example", "GET", "/old/x").json();
    assertEquals("redirect", redirect.get("decision").asText());
    assertEquals(302, redirect.get("status").asInt());
    assertEquals("http://app.example/new/x", redirect.get("location").asText());

    JsonNode missing = route("--json", "-H", "Host: app.example", "GET", "/nothing").json();
    assertEquals("status", missing.get("decision").asText());
    assertEquals(404, missing.get("status").asInt());
    assertTrue(missing.get("reason").asText().startsWith("no such file"));
    assertTrue(missing.get("wsgi").isNull());
  }

  @Test
  void hostDefaultsToLocalhostUnlessNoHost() throws IOException {
    JsonNode json = route("--json", "GET", "/shop/books/list").json();
    assertEquals("localhost", json.get("server_name").asText());
    assertEquals("wsgi", json.get("decision").asText());

    JsonNode without = route("--json", "--no-host", "GET", "/shop/books/list").json();
    assertEquals(400, without.get("status").asInt());
    assertEquals("HTTP/1.1 request without Host", without.get("reason").asText());

    JsonNode http10 =
        route("--json", "--no-host", "--protocol", "1.0", "GET", "/shop/books/list").json();
    assertEquals("wsgi", http10.get("decision").asText());
  }

  // ---- text ---------------------------------------------------------------------------------

  @Test
  void textExplainsStepByStep() {
    Run run = route("-H", "Host: app.example", "GET", "/shop/books/list");
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.lines();
    assertEquals(
        "vhost: ServerName app.example matches app.example (" + config + ":1)", lines.get(0));
    assertEquals("path: canonical path /shop/books/list", lines.get(1));
    assertTrue(
        lines.contains(
            "=> wsgi: script "
                + script
                + " SCRIPT_NAME='/shop/books' PATH_INFO='/list' process group 'shop'"
                + " application group ''"),
        run.out());
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.startsWith("wsgi: WSGIScriptAliasMatch ")
                        && l.endsWith("(" + config + ":7)")),
        run.out());
    assertTrue(lines.get(lines.size() - 1).startsWith("   env: "), run.out());
    assertTrue(lines.get(lines.size() - 1).contains("SHOP=books"), run.out());
  }

  @Test
  void textSummaries() {
    assertTrue(
        route("-H", "Host: app.example", "GET", "/shop/books/admin")
            .lines()
            .contains("=> 401 challenge realm \"Shop admin\""));
    assertTrue(
        route("-H", "Host: app.example", "GET", "/old/x")
            .lines()
            .contains("=> 302 redirect to http://app.example/new/x"));
    assertTrue(
        route("-H", "Host: app.example", "GET", "/nothing").lines().stream()
            .anyMatch(l -> l.startsWith("=> 404 (no such file")));
    List<String> user =
        route("-H", "Host: app.example", "-H", VALID, "GET", "/shop/a/admin").lines();
    assertEquals("   user: test (AuthType Basic)", user.get(user.size() - 1));
  }

  // ---- exit codes ---------------------------------------------------------------------------

  @Test
  void configurationErrorsExitOne() throws IOException {
    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "Frobnicate on\n");
    Run run = run("route", "--config", bad.toString(), "GET", "/");
    assertEquals(1, run.code());
    assertEquals("", run.out());
    assertTrue(run.err().contains("[E101]"), run.err());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, route("GET").code());
    assertEquals(2, route().code());
    assertEquals(2, route("-H", "no colon", "GET", "/").code());
    assertEquals(2, route("--local-port", "0", "GET", "/").code());
    assertEquals(2, route("--requests", "x.jsonl", "GET", "/").code());
    assertEquals(2, run("route", "GET", "/").code());
    Run unreadable = run("route", "--config", dir.resolve("nope.conf").toString(), "GET", "/");
    assertEquals(2, unreadable.code());
    assertTrue(unreadable.err().contains("cannot read"), unreadable.err());
  }

  @Test
  void servingBlockersAreANoteOnly() throws IOException {
    Path withIf = dir.resolve("if.conf");
    Files.writeString(
        withIf,
        Files.readString(config)
            + "<If \"%{REQUEST_URI} =~ /x/\">\n    Require all denied\n</If>\n");
    Run run =
        run(
            "route",
            "--config",
            withIf.toString(),
            "--json",
            "-H",
            "Host: app.example",
            "GET",
            "/shop/books/list");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("note: wsgi4j would refuse to serve"), run.err());
    assertTrue(run.err().contains("[W105]"), run.err());
    assertEquals("wsgi", run.json().get("decision").asText());
  }

  // ---- --requests ---------------------------------------------------------------------------

  @Test
  void requestsFileDecidesInOrder() throws IOException {
    Path requests = dir.resolve("requests.jsonl");
    Files.writeString(
        requests,
        """
        {"method": "GET", "target": "/old/a", "headers": {"Host": "app.example"}}

        {"method": "GET", "target": "/shop/toys/admin", "headers": {"Host": ["app.example"], \
        "Authorization": "Basic dGVzdDpzZWNyZXQ="}, "remote_addr": "10.1.2.3"}
        {"method": "GET", "target": "/shop/toys/admin"}
        {"method": "GET", "target": "/x", "local_port": 8080, "version": "1.0"}
        """);
    Run run = route("--json", "-H", "Host: app.example", "--requests", requests.toString());
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.lines();
    assertEquals(4, lines.size(), run.out());
    List<JsonNode> decisions = new ArrayList<>();
    for (String line : lines) {
      decisions.add(MAPPER.readTree(line));
    }
    assertEquals("redirect", decisions.get(0).get("decision").asText());
    assertEquals("/old/a", decisions.get(0).get("target").asText());
    assertEquals("wsgi", decisions.get(1).get("decision").asText());
    assertEquals("test", decisions.get(1).get("auth").get("user").asText());
    assertEquals("challenge", decisions.get(2).get("decision").asText());
    // Port 8080 has no virtual host: the main server answers, from its DocumentRoot.
    assertEquals(404, decisions.get(3).get("status").asInt());
    assertEquals("/var/www/html/x", decisions.get(3).get("filename").asText());
  }

  @Test
  void requestsFileReportsBadLinesInPlace() throws IOException {
    Path requests = dir.resolve("requests.jsonl");
    Files.writeString(
        requests,
        """
        {"method": "GET", "target": "/old/a"}
        not json
        {"method": "GET"}
        {"method": "GET", "target": "/old/b", "headers": {"X": 1}}
        {"method": "GET", "target": "/old/c"}""");
    Run run = route("--json", "-H", "Host: app.example", "--requests", requests.toString());
    assertEquals(2, run.code());
    List<String> lines = run.lines();
    assertEquals(5, lines.size(), run.out());
    assertEquals(
        "http://app.example/new/a", MAPPER.readTree(lines.get(0)).get("location").asText());
    assertEquals(2, MAPPER.readTree(lines.get(1)).get("line").asInt());
    assertTrue(MAPPER.readTree(lines.get(1)).get("error").asText().startsWith("not JSON"));
    assertEquals(
        "\"target\" (a non-empty string) is required",
        MAPPER.readTree(lines.get(2)).get("error").asText());
    assertEquals(
        "header \"X\" must be a string or a list of strings",
        MAPPER.readTree(lines.get(3)).get("error").asText());
    assertEquals(
        "http://app.example/new/c", MAPPER.readTree(lines.get(4)).get("location").asText());
    assertTrue(run.err().contains(requests + ":2: not JSON"), run.err());
  }

  @Test
  void requestsFileInTextHasBlocks() throws IOException {
    Path requests = dir.resolve("requests.jsonl");
    Files.writeString(
        requests,
        """
        {"method": "GET", "target": "/old/a"}
        {"method": "GET", "target": "/shop/books/admin"}
        """);
    Run run = route("-H", "Host: app.example", "--requests", requests.toString());
    assertEquals(0, run.code(), run.err());
    String[] blocks = run.out().split("\n\n", -1);
    assertEquals(2, blocks.length, run.out());
    assertTrue(blocks[0].startsWith("# GET /old/a [Host: app.example]\n"), blocks[0]);
    assertTrue(blocks[0].contains("\n=> 302 redirect to http://app.example/new/a\n"), blocks[0]);
    assertTrue(blocks[1].startsWith("# GET /shop/books/admin [Host: app.example]\n"), blocks[1]);
    assertTrue(blocks[1].contains("=> 401 challenge realm \"Shop admin\"\n"), blocks[1]);
  }

  // ---- --access-log -------------------------------------------------------------------------

  private Path accessLog() throws IOException {
    List<String> lines = new ArrayList<>();
    String when = "[10/Oct/2025:13:55:36 +0200]";
    for (int i = 0; i < 5; i++) {
      lines.add("10.0.0." + i + " - - " + when + " \"GET /shop/books/p" + i + " HTTP/1.1\" 200 12");
    }
    for (int i = 0; i < 2; i++) {
      lines.add(
          "10.0.0.9 - - "
              + when
              + " \"GET /shop/toys/list?x="
              + i
              + " HTTP/1.1\" 200 5 \"http://ref.example/\" \"Mozilla/5.0 (X11; \\\"q\\\")\"");
    }
    lines.add("10.0.0.7 - test " + when + " \"GET /shop/books/admin HTTP/1.1\" 401 381");
    lines.add("10.0.0.7 - - " + when + " \"GET /shop/books/admin?a=1 HTTP/1.1\" 401 381");
    lines.add("10.0.0.8 - - " + when + " \"GET /old/page HTTP/1.0\" 302 -");
    for (int i = 0; i < 3; i++) {
      lines.add("10.0.0.8 - - " + when + " \"GET /favicon.ico HTTP/1.1\" 404 196");
    }
    lines.add("10.0.0.8 - - " + when + " \"GET /robots.txt HTTP/1.1\" 404 196");
    // Not replayable: garbage, a truncated line, a request line httpd logs for a timeout, binary.
    lines.add("this is not a log line");
    lines.add("10.0.0.8 - - " + when + " \"GET /shop/books/x HTTP/1.1");
    lines.add("10.0.0.8 - - " + when + " \"-\" 408 -");
    lines.add("10.0.0.8 - - " + when + " \"\\x16\\x03\\x01\\x02\" 400 226");
    lines.add("");
    Path log = dir.resolve("access.log");
    Files.write(log, lines, StandardCharsets.ISO_8859_1);
    return log;
  }

  @Test
  void accessLogSummaryAsJson() throws IOException {
    Run run = route("--json", "-H", "Host: app.example", "--access-log", accessLog().toString());
    assertEquals(0, run.code(), run.err());
    JsonNode json = run.json();
    assertEquals(18, json.get("lines").asInt());
    assertEquals(14, json.get("requests").asInt());
    assertEquals(4, json.get("unparsed").asInt());
    assertEquals(0, json.get("router_errors").asInt());
    assertEquals(7, json.get("decisions").get("wsgi").asInt());
    assertEquals(2, json.get("decisions").get("challenge").asInt());
    assertEquals(1, json.get("decisions").get("redirect").asInt());
    assertEquals(4, json.get("decisions").get("status").asInt());
    assertEquals(7, json.get("statuses").get("200").asInt());
    assertEquals(2, json.get("statuses").get("401").asInt());
    assertEquals(1, json.get("statuses").get("302").asInt());
    assertEquals(4, json.get("statuses").get("404").asInt());
    JsonNode top = json.get("top_wsgi");
    assertEquals(1, top.size());
    assertEquals(script, top.get(0).get("script").asText());
    assertEquals("shop", top.get(0).get("process_group").asText());
    assertEquals(7, top.get(0).get("count").asInt());
    JsonNode refused = json.get("top_refused");
    assertEquals(3, refused.size());
    assertEquals("/favicon.ico", refused.get(0).get("path").asText());
    assertEquals(404, refused.get(0).get("status").asInt());
    assertEquals(3, refused.get(0).get("count").asInt());
    assertEquals("/shop/books/admin", refused.get(1).get("path").asText());
    assertEquals(401, refused.get(1).get("status").asInt());
    assertEquals(2, refused.get(1).get("count").asInt());
    assertEquals("/robots.txt", refused.get(2).get("path").asText());
    JsonNode notReplayed = json.get("not_replayed");
    assertEquals(4, notReplayed.size());
    assertEquals(15, notReplayed.get(0).get("line").asInt());
    assertEquals("not in common or combined log format", notReplayed.get(0).get("reason").asText());
    assertEquals(17, notReplayed.get(2).get("line").asInt());
    assertTrue(notReplayed.get(2).get("reason").asText().startsWith("unusable request line"));
  }

  @Test
  void accessLogSummaryAsText() throws IOException {
    Run run = route("-H", "Host: app.example", "--access-log", accessLog().toString());
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.lines();
    assertEquals("lines: 18, requests replayed: 14, not parsed: 4", lines.get(0));
    assertTrue(lines.contains("  wsgi              7"), run.out());
    assertTrue(lines.contains("  404               4"), run.out());
    assertTrue(lines.contains("         7  " + script + "  shop"), run.out());
    assertTrue(lines.contains("         3  404  /favicon.ico"), run.out());
    assertTrue(lines.contains("lines not replayed: 4"), run.out());
    assertTrue(lines.contains("  line 15: not in common or combined log format"), run.out());
  }

  @Test
  void accessLogWithoutHostUsesLocalhost() throws IOException {
    JsonNode json = route("--json", "--access-log", accessLog().toString()).json();
    // The only virtual host is the default for port 80 whatever the name.
    assertEquals(7, json.get("decisions").get("wsgi").asInt());
  }

  // ---- the seed example ---------------------------------------------------------------------

  @Test
  void tracExample() throws IOException {
    Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
    Path trac = examples.resolve("multi-trac/trac-vhost.conf");
    Run run =
        run(
            "route",
            "--config",
            trac.toString(),
            "--env",
            "WSGI4J_EXAMPLES=" + examples,
            "--json",
            "-H",
            "Host: dev.example.org",
            "GET",
            "/alpha/wiki");
    assertEquals(0, run.code(), run.err());
    JsonNode json = run.json();
    assertEquals("wsgi", json.get("decision").asText());
    assertEquals("alpha", json.get("env").get("TRAC_ID").asText());
    assertEquals(
        examples.resolve("multi-trac/trac.wsgi").toString(),
        json.get("wsgi").get("script").asText());
    assertEquals("/alpha", json.get("wsgi").get("SCRIPT_NAME").asText());
    assertEquals("/wiki", json.get("wsgi").get("PATH_INFO").asText());
    assertEquals("tracs", json.get("wsgi").get("process_group").asText());
    assertEquals("", json.get("wsgi").get("application_group").asText());
  }
}
