package org.wsgi4j.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.routing.RoutingDecision;

/**
 * The filter in Jetty 12 (ee10), over real sockets: every kind of decision is carried out, and the
 * container is configured so that it does not answer before the router (Jetty's default URI
 * compliance rejects {@code //x}, {@code %2e%2e} and {@code %2F}, which httpd treats otherwise).
 */
class WsgiFilterJettyTest {
  @TempDir static Path site;
  private static Server server;
  private static int port;

  /** Stands in for the Jython gateway: reports what the filter handed over. */
  static final class ReportingRunner implements WsgiApplicationRunner {
    @Override
    public void run(
        RoutingDecision.Dispatch decision, HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setStatus(200);
      response.setContentType("text/plain");
      String body =
          "SCRIPT_NAME="
              + decision.target().scriptName()
              + " PATH_INFO="
              + decision.target().pathInfo()
              + " REMOTE_USER="
              + decision.facts().user().orElse("")
              + " GROUP="
              + decision.target().processGroup()
              + "\n";
      response.getOutputStream().write(body.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(site.resolve("app.wsgi"), "def application(e, s): pass\n");
    Files.createDirectories(site.resolve("static"));
    Files.writeString(site.resolve("static/hello.txt"), "hello\n");
    // test / secret
    Files.writeString(site.resolve("users"), "test:$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40\n");
    Path config = site.resolve("site.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "<VirtualHost *:*>",
            "ServerName app.example.org",
            "WSGIDaemonProcess apps threads=2",
            "WSGIProcessGroup apps",
            "Alias /static " + site.resolve("static"),
            "Redirect /old /app/new",
            "WSGIScriptAlias /app " + site.resolve("app.wsgi"),
            "<LocationMatch ^/app/login>",
            "AuthType Basic",
            "AuthName \"Login\"",
            "AuthUserFile " + site.resolve("users"),
            "Require valid-user",
            "</LocationMatch>",
            "</VirtualHost>",
            ""));
    LoadResult loaded = ConfigLoader.load(config);
    assertTrue(loaded.isServable(), loaded.diagnostics().toString());
    server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // Let the router, not the container, decide about ambiguous paths.
    http.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(
        new FilterHolder(new WsgiFilter(loaded, Optional.of(new ReportingRunner()))),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(NotFoundServlet.class, "/*");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  /** What the chain would do with a request the filter passes on. */
  public static final class NotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.sendError(418);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static String exchange(String request) throws IOException {
    try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String get(String target, String... headers) throws IOException {
    StringBuilder request =
        new StringBuilder(
            "GET " + target + " HTTP/1.1\r\nHost: app.example.org\r\nConnection: close\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    return exchange(request.append("\r\n").toString());
  }

  @Test
  void dispatchesToTheWsgiRunnerWithModWsgiPaths() throws IOException {
    String response = get("/app/x/y?q=1");
    assertTrue(response.startsWith("HTTP/1.1 200"), response);
    assertTrue(
        response.contains("SCRIPT_NAME=/app PATH_INFO=/x/y REMOTE_USER= GROUP=apps"), response);
  }

  @Test
  void challengesThenAcceptsBasicCredentials() throws IOException {
    String challenge = get("/app/login");
    assertTrue(challenge.startsWith("HTTP/1.1 401"), challenge);
    assertTrue(challenge.contains("WWW-Authenticate: Basic realm=\"Login\""), challenge);
    String accepted = get("/app/login", "Authorization: Basic dGVzdDpzZWNyZXQ=");
    assertTrue(accepted.contains("REMOTE_USER=test"), accepted);
  }

  @Test
  void redirectsWithAnAbsoluteLocation() throws IOException {
    String response = get("/old/page");
    assertTrue(response.startsWith("HTTP/1.1 302"), response);
    assertTrue(response.contains("Location: http://app.example.org/app/new/page"), response);
  }

  @Test
  void servesAliasedStaticFiles() throws IOException {
    String response = get("/static/hello.txt");
    assertTrue(response.startsWith("HTTP/1.1 200"), response);
    assertTrue(response.endsWith("hello\n"), response);
  }

  @Test
  void answersLikeHttpdWhereTheContainerWouldHaveRefused() throws IOException {
    // httpd merges the slashes and resolves the encoded dot segment; so does the router here.
    assertTrue(get("//app/x").contains("SCRIPT_NAME=/app PATH_INFO=/x"));
    assertTrue(get("/static/%2e%2e/app/x").contains("SCRIPT_NAME=/app PATH_INFO=/x"));
    // An encoded slash is httpd's 404 (AllowEncodedSlashes Off), not Jetty's 400.
    assertTrue(get("/app/a%2Fb").startsWith("HTTP/1.1 404"));
  }

  @Test
  void unknownPathsGetHttpdsNotFound() throws IOException {
    String response = get("/nothing-here");
    assertTrue(response.startsWith("HTTP/1.1 404"), response);
    assertTrue(response.contains("<title>404 Not Found</title>"), response);
  }

  @Test
  void aBadRequestStillLeavesTheServerServing() throws IOException {
    assertEquals("HTTP/1.1 400", get("/../etc/passwd").substring(0, 12));
    assertTrue(get("/app/ok").startsWith("HTTP/1.1 200"));
  }
}
