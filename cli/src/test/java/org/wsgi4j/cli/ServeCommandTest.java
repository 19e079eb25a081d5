package org.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.cli.serve.WsgiServer;
import picocli.CommandLine;

/**
 * {@code wsgi4j serve} end to end: the seed's multi-Trac set-up (a rewrite rule picks the instance,
 * a daemon group runs the script, Basic auth guards the login pages) on embedded Jetty with a real
 * Python WSGI script on Jython, over sockets.
 */
class ServeCommandTest {
  @TempDir static Path site;
  private static WsgiServer server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(
        site.resolve("trac.wsgi"),
        """
        def application(environ, start_response):
            body = 'SCRIPT_NAME=%s PATH_INFO=%s TRAC_ID=%s REMOTE_USER=%s' % (
                environ['SCRIPT_NAME'], environ['PATH_INFO'], environ.get('TRAC_ID', ''),
                environ.get('REMOTE_USER', ''))
            start_response('200 OK', [('Content-Type', 'text/plain')])
            return [body]
        """);
    Files.writeString(site.resolve("users"), "test:$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40\n");
    Path config = site.resolve("trac-vhost.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "<VirtualHost *:80>",
            "    ServerName dev.example.org",
            "    RewriteEngine On",
            "    WSGIDaemonProcess tracs threads=10 maximum-requests=500",
            "    RewriteCond %{REQUEST_URI} ^/([a-z_]+)",
            "    RewriteRule . - [E=TRAC_ID:%1]",
            "    WSGIScriptAliasMatch ^/([a-z_]+) " + site.resolve("trac.wsgi"),
            "    <Directory " + site + ">",
            "        WSGIProcessGroup tracs",
            "        WSGIApplicationGroup %{GLOBAL}",
            "        Require all granted",
            "    </Directory>",
            "    <LocationMatch /([a-z_]+)/login>",
            "        AuthType \"Basic\"",
            "        AuthName \"Trac Instances Login\"",
            "        AuthUserFile " + site.resolve("users"),
            "        Require valid-user",
            "    </LocationMatch>",
            "</VirtualHost>",
            ""));
    ServeCommand command = new ServeCommand();
    StringWriter out = new StringWriter();
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(out));
    commandLine.parseArgs(
        "--config",
        config.toString(),
        "--listen",
        "127.0.0.1:0",
        "--access-log",
        site.resolve("access.log").toString());
    Optional<WsgiServer> started = command.start();
    assertTrue(started.isPresent(), out.toString());
    server = started.get();
    port = server.localPorts().get(0);
    assertTrue(
        out.toString().contains("process group tracs: processes=1 threads=10 maximum-requests=500"),
        out.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static String get(String target, String... headers) throws IOException {
    StringBuilder request =
        new StringBuilder(
            "GET " + target + " HTTP/1.1\r\nHost: dev.example.org\r\nConnection: close\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream output = socket.getOutputStream();
      output.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      output.flush();
      InputStream input = socket.getInputStream();
      return new String(input.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void runsTheInstanceTheRewriteRulePicked() throws IOException {
    String response = get("/alpha/wiki/Start");
    assertTrue(response.startsWith("HTTP/1.1 200"), response);
    assertTrue(
        response.endsWith("SCRIPT_NAME=/alpha PATH_INFO=/wiki/Start TRAC_ID=alpha REMOTE_USER="),
        response);
  }

  @Test
  void guardsTheLoginPage() throws IOException {
    String challenge = get("/beta_two/login");
    assertTrue(challenge.startsWith("HTTP/1.1 401"), challenge);
    assertTrue(
        challenge.contains("WWW-Authenticate: Basic realm=\"Trac Instances Login\""), challenge);
    String page = get("/beta_two/login", "Authorization: Basic dGVzdDpzZWNyZXQ=");
    assertTrue(page.endsWith("TRAC_ID=beta_two REMOTE_USER=test"), page);
  }

  @Test
  void leftoverScriptsNextToTheRealOneAreNeverRun() throws IOException {
    Files.writeString(site.resolve("trac.wsgi.bak"), "raise Exception('must not run')\n");
    assertEquals("HTTP/1.1 404", get("/alpha.bak").substring(0, 12));
  }
}
