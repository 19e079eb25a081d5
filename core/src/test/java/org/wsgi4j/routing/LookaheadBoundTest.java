package org.wsgi4j.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.source.Diagnostic;

/**
 * Nested look-aheads are bounded twice: by httpd's nesting limit (recorded: the kit's
 * rewrite-lookahead-nested case) and, because every level may look ahead several times, by a budget
 * of sub-requests per client request, past which the request is answered 500 instead of being
 * decided on a partial look-up.
 */
class LookaheadBoundTest {
  @TempDir Path folder;
  private Router router;

  @BeforeEach
  void load() throws IOException {
    Files.createDirectories(folder.resolve("htdocs/n"));
    Path config = folder.resolve("site.conf");
    // Every level checks the URL with one x less three times: 3 + 9 + 27 + ... sub-requests.
    Files.writeString(
        config,
        """
        ServerName localhost
        DocumentRoot "@ROOT@/htdocs"
        RewriteEngine On
        RewriteCond %{REQUEST_URI} ^/n/x(x*)$
        RewriteCond /n/%1 -U
        RewriteCond /n/%1 -U
        RewriteCond /n/%1 -U
        RewriteRule ^/n/ - [E=ALL_REACHABLE:1]
        """
            .replace("@ROOT@", folder.toString()),
        StandardCharsets.UTF_8);
    LoadResult loaded = ConfigLoader.load(config);
    assertTrue(
        loaded.isServable(),
        loaded.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    router = new Router(RouteContext.of(loaded.model()));
  }

  private RoutingDecision get(String path) {
    return router.route(RequestView.of("GET", path, 80, List.of(Map.entry("Host", "localhost"))));
  }

  @Test
  void aFewLevelsOfFanOutAreDecided() {
    // 3 + 9 + 27 + 81 = 120 sub-requests: within the budget.
    RoutingDecision decision = get("/n/xxxx");
    assertEquals(404, decision.status(), "no such file below the document root");
    assertEquals("1", decision.facts().environment().get("ALL_REACHABLE"));
  }

  @Test
  void exponentialFanOutIsAnswered500() {
    // 3^1 + ... + 3^7 = 3279 sub-requests: past the budget long before the nesting limit.
    RoutingDecision decision = get("/n/xxxxxxx");
    RoutingDecision.Respond respond = assertInstanceOf(RoutingDecision.Respond.class, decision);
    assertEquals(500, respond.status());
    assertTrue(respond.reason().contains("look-ahead sub-requests"), respond.reason());
  }
}
