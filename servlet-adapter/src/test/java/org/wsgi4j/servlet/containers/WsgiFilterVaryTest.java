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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vary that mod_rewrite conditions add, through the filter on Jetty with the Jython runtime: on
 * the application's answer (merged with the application's own Vary into one field, as httpd sends
 * it: the serve kit's {@code vary-merge} case) and on a static file, not on httpd's own redirects
 * and error pages. The expectations are Apache's for the same rules (the routing kit's {@code
 * rewrite-vary} case: xa, static, redir, forbid, xa-fail).
 */
class WsgiFilterVaryTest {
  @Test
  void varyFromHeaderConditionsThroughTheFilter(@TempDir Path folder) throws Exception {
    Files.writeString(
        folder.resolve("app.wsgi"),
        """
        def application(environ, start_response):
            start_response('200 OK', [('Content-Type', 'text/plain'), ('Vary', 'Accept')])
            return [environ.get('XA', '-')]
        """);
    Files.createDirectories(folder.resolve("htdocs"));
    Files.writeString(folder.resolve("htdocs/static.txt"), "static\n");
    Path config = folder.resolve("site.conf");
    Files.writeString(
        config,
        """
        ServerName localhost
        DocumentRoot @ROOT@/htdocs
        WSGIScriptAlias /app @ROOT@/app.wsgi
        RewriteEngine On
        RewriteCond %{HTTP:X-A} ^a$
        RewriteRule ^/app/xa - [E=XA:1]
        RewriteCond %{HTTP:X-A} .
        RewriteRule ^/static$ /static.txt [L]
        RewriteCond %{HTTP:X-A} .
        RewriteRule ^/redir /app/target [R,L]
        RewriteCond %{HTTP:X-A} .
        RewriteRule ^/forbid - [F]
        """
            .replace("@ROOT@", folder.toString()),
        StandardCharsets.UTF_8);
    try (FilterOnJetty jetty = FilterOnJetty.start(config)) {
      int port = jetty.port();
      HttpResponse<String> app = get(port, "/app/xa", "a");
      assertEquals(200, app.statusCode());
      assertEquals("1", app.body());
      assertEquals(
          List.of("X-A,Accept"), app.headers().allValues("Vary"), "app's answer: one field");
      HttpResponse<String> failed = get(port, "/app/xa", "b");
      assertEquals(List.of("Accept"), failed.headers().allValues("Vary"), "condition false");
      HttpResponse<String> file = get(port, "/static", "a");
      assertEquals(200, file.statusCode());
      assertEquals("static\n", file.body());
      assertEquals(List.of("X-A"), file.headers().allValues("Vary"), "static file");
      HttpResponse<String> redirect = get(port, "/redir", "a");
      assertEquals(302, redirect.statusCode());
      assertEquals(List.of(), redirect.headers().allValues("Vary"), "httpd's redirect");
      HttpResponse<String> forbidden = get(port, "/forbid", "a");
      assertEquals(403, forbidden.statusCode());
      assertEquals(List.of(), forbidden.headers().allValues("Vary"), "httpd's error page");
    }
  }

  private static HttpResponse<String> get(int port, String path, String xa)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-A", xa)
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
  }
}
