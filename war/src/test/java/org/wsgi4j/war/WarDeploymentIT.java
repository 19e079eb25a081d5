package org.wsgi4j.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys the packaged WAR (as built by this module) into embedded Tomcat 11 at {@code /site},
 * names an httpd configuration with the context parameter, and serves WSGI requests through it.
 */
class WarDeploymentIT {
  private static Tomcat tomcat;
  private static int port;

  @BeforeAll
  static void deploy(@TempDir Path dir) throws Exception {
    Path war = Path.of(System.getProperty("wsgi4j.war", "target/wsgi4j-war.war"));
    assertTrue(Files.isRegularFile(war), "the packaged WAR: " + war.toAbsolutePath());
    Path script = dir.resolve("hello.wsgi");
    try (InputStream in = WarDeploymentIT.class.getResourceAsStream("/site/hello.wsgi")) {
      Files.copy(in, script);
    }
    Path config = dir.resolve("site.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "WSGIDaemonProcess hello threads=2",
            "WSGIScriptAlias /site/hello " + script,
            "<Location /site/hello>",
            "WSGIProcessGroup hello",
            "</Location>",
            ""));
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createDirectories(dir.resolve("tomcat")).toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    // Deployed as Tomcat deploys a WAR dropped into its appBase: unpacked first (classes read
    // from jars nested in an unexpanded WAR would make Jython's start-up crawl).
    Path appBase = Files.createDirectories(dir.resolve("tomcat").resolve("webapps"));
    tomcat.getHost().setAppBase(appBase.toString());
    ((StandardHost) tomcat.getHost()).setUnpackWARs(true);
    Path deployed = Files.copy(war, appBase.resolve("site.war"));
    Context context = tomcat.addWebapp("/site", deployed.toString());
    context.addParameter("wsgi4j.config", config.toString());
    tomcat.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void undeploy() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesAWsgiRequestThroughTheDeployedWar() throws Exception {
    HttpResponse<String> response = get("/site/hello/world");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("hello from /site/hello/world in group hello\n", response.body());
  }

  @Test
  void leavesWhatTheConfigurationDoesNotServeToApacheLikeErrors() throws Exception {
    HttpResponse<String> response = get("/site/elsewhere");
    assertEquals(404, response.statusCode());
    assertTrue(response.body().contains("<title>404 Not Found</title>"), response.body());
  }
}
