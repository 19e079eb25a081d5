package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.Router;
import org.wsgi4j.routing.RoutingDecision;

/**
 * Runs every routing case of the kit through the router and compares with what real Apache httpd +
 * mod_wsgi answered. wsgi4j must decide the same, or refuse where it is deliberately stricter (the
 * case's {@code deviations} file names each such request and why).
 */
class RoutingTckTest {
  /** Environ keys the router decides; the rest come from the gateway or the application. */
  private static final Set<String> ROUTER_KEYS =
      Set.of(
          "SCRIPT_NAME",
          "PATH_INFO",
          "SCRIPT_FILENAME",
          "QUERY_STRING",
          "SERVER_NAME",
          "SERVER_PORT",
          "REMOTE_USER",
          "AUTH_TYPE",
          "mod_wsgi.process_group",
          "mod_wsgi.application_group");

  /** CGI variables the WSGI gateway fills in from the request itself (issue 4), not routing. */
  private static final Set<String> GATEWAY_KEYS =
      Set.of(
          "REQUEST_URI",
          "REQUEST_METHOD",
          "SERVER_PROTOCOL",
          "SERVER_SOFTWARE",
          "SERVER_ADDR",
          "SERVER_ADMIN",
          "SERVER_SIGNATURE",
          "REMOTE_ADDR",
          "REMOTE_PORT",
          "DOCUMENT_ROOT",
          "REQUEST_SCHEME",
          "CONTEXT_PREFIX",
          "CONTEXT_DOCUMENT_ROOT",
          "GATEWAY_INTERFACE",
          "PATH",
          "PATH_TRANSLATED",
          "trac.env_path");

  private static boolean gatewayKey(String key) {
    return GATEWAY_KEYS.contains(key)
        || key.startsWith("HTTP_")
        || key.startsWith("CONTENT_")
        || key.startsWith("wsgi.")
        || key.startsWith("apache.")
        || (key.startsWith("mod_wsgi.") && !ROUTER_KEYS.contains(key));
  }

  @TestFactory
  Stream<DynamicNode> routerAgreesWithApache(@TempDir Path serverRoot) throws IOException {
    Files.createDirectories(serverRoot.resolve("htdocs"));
    List<DynamicNode> containers = new ArrayList<>();
    int total = 0;
    for (Path folder : RoutingCases.caseFolders()) {
      Router router = RoutingCases.router(folder, serverRoot);
      Map<String, String> deviations = deviations(folder);
      Map<String, JsonNode> answers = answerHeaders(folder);
      List<DynamicNode> tests = new ArrayList<>();
      for (RoutingCases.Case c : RoutingCases.cases(folder)) {
        if (c.request().has("raw")) {
          continue; // raw bytes test the HTTP parser, which is the container's (servlet tier)
        }
        total++;
        JsonNode headers = answers.get(c.id());
        tests.add(
            DynamicTest.dynamicTest(
                c.id(),
                () -> {
                  RoutingDecision decision = check(router, folder, c, deviations);
                  if (decision != null && headers != null) {
                    compareRewriteHeaders(headers, decision, !deviations.containsKey(c.id()));
                  }
                }));
      }
      containers.add(DynamicContainer.dynamicContainer(folder.getFileName().toString(), tests));
    }
    assertTrue(total >= 300, "the kit has at least 300 routed requests, found " + total);
    return containers.stream();
  }

  /** The response headers Apache sent, by request id (for what mod_rewrite adds to answers). */
  private static Map<String, JsonNode> answerHeaders(Path folder) throws IOException {
    Map<String, JsonNode> headers = new LinkedHashMap<>();
    for (String line : Files.readAllLines(folder.resolve("apache.jsonl"), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        JsonNode answer = RoutingCases.JSON.readTree(line);
        headers.put(answer.get("id").asText(), answer.get("headers"));
      }
    }
    return headers;
  }

  /**
   * RewriteRule [CO] cookies on every answer, the [T] type of a static file, and (where wsgi4j does
   * not deliberately answer otherwise) the Vary that RewriteCond header reads add, as Apache sent
   * them. The expiry date depends on the time of the request: only its presence and form count.
   */
  private static void compareRewriteHeaders(
      JsonNode headers, RoutingDecision decision, boolean sameAnswer) {
    if (sameAnswer) {
      // Apache's echo app and static files add no Vary of their own: all of it is mod_rewrite's.
      String vary = headers.has("vary") ? headers.get("vary").asText() : "";
      assertEquals(vary, String.join(",", decision.facts().vary()), "Vary");
    }
    String expires = "expires=[A-Z][a-z]{2}, [0-9]{2}-[A-Z][a-z]{2}-[0-9]{4} [0-9:]{8} GMT";
    String wanted = headers.has("set-cookie") ? headers.get("set-cookie").asText() : "";
    String actual = String.join(", ", decision.facts().setCookies());
    // record writes the recorded expiry as @EXPIRES@ (it follows the time of the request).
    assertEquals(wanted, actual.replaceAll(expires, "expires=@EXPIRES@"), "Set-Cookie");
    if (decision instanceof RoutingDecision.StaticFile
        && decision.facts().forcedType().isPresent()) {
      assertEquals(
          headers.get("content-type").asText(), decision.facts().forcedType().get(), "[T] type");
    }
  }

  private static RoutingDecision check(
      Router router, Path folder, RoutingCases.Case c, Map<String, String> deviations) {
    JsonNode request = c.request();
    String protocol = request.has("version") ? request.get("version").asText() : "HTTP/1.1";
    RequestView view =
        new RequestView(
            request.get("method").asText(),
            request.get("target").asText(),
            protocol,
            ImmutableList.copyOf(RoutingCases.headers(request)),
            "127.0.0.1",
            "127.0.0.1",
            RoutingCases.PORT,
            false);
    RoutingDecision decision = router.route(view);
    JsonNode expected = c.expected();
    String kind = expected.get("kind").asText();
    int status = expected.get("status").asInt();
    String explanation = describe(decision);
    if (deviations.containsKey(c.id())) {
      assertTrue(
          decision.status() >= 400
              && !(decision instanceof RoutingDecision.Dispatch)
              && !(decision instanceof RoutingDecision.StaticFile),
          "documented deviation '"
              + deviations.get(c.id())
              + "' must be a refusal: "
              + explanation);
      return decision;
    }
    switch (kind) {
      case "wsgi", "app" -> {
        if (!(decision instanceof RoutingDecision.Dispatch dispatch)) {
          fail("Apache ran the application (" + status + "); wsgi4j: " + explanation);
          return decision;
        }
        if (kind.equals("wsgi")) {
          compareEnviron(folder, expected.get("environ"), dispatch, explanation);
        }
      }
      default -> {
        assertEquals(status, decision.status(), "status; wsgi4j: " + explanation);
        if (status == 401) {
          String header = expected.get("www_authenticate").asText();
          RoutingDecision.Challenge challenge = (RoutingDecision.Challenge) decision;
          assertEquals(header, "Basic realm=\"" + challenge.realm() + "\"", "challenge");
        }
        if (status >= 300 && status < 400 && expected.hasNonNull("location")) {
          String location =
              expected
                  .get("location")
                  .asText()
                  .replace("@RoutingCases.PORT@", Integer.toString(RoutingCases.PORT));
          assertEquals(location, ((RoutingDecision.Redirect) decision).location(), "Location");
        }
      }
    }
    return decision;
  }

  private static void compareEnviron(
      Path folder, JsonNode environ, RoutingDecision.Dispatch dispatch, String explanation) {
    Map<String, String> actual = new LinkedHashMap<>();
    // Configuration-set variables first: the values httpd computes always win (CVE-2025-65082).
    actual.putAll(dispatch.facts().environment());
    actual.put("SCRIPT_NAME", dispatch.target().scriptName());
    actual.put("PATH_INFO", dispatch.target().pathInfo());
    actual.put("SCRIPT_FILENAME", dispatch.target().scriptFilename());
    actual.put("QUERY_STRING", dispatch.facts().query());
    actual.put("SERVER_NAME", dispatch.facts().serverName());
    actual.put("SERVER_PORT", dispatch.facts().serverPort());
    dispatch.facts().user().ifPresent(u -> actual.put("REMOTE_USER", u));
    dispatch.facts().authType().ifPresent(t -> actual.put("AUTH_TYPE", t));
    actual.put("mod_wsgi.process_group", dispatch.target().processGroup());
    actual.put("mod_wsgi.application_group", dispatch.target().applicationGroup());
    Map<String, String> wanted = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : environ.properties()) {
      String key = field.getKey();
      if (gatewayKey(key)) {
        continue;
      }
      String value =
          field
              .getValue()
              .asText()
              .replace("@ROOT@", folder.toString())
              .replace("@RoutingCases.PORT@", Integer.toString(RoutingCases.PORT));
      wanted.put(key, value);
    }
    Map<String, String> compared = new LinkedHashMap<>();
    for (String key : wanted.keySet()) {
      compared.put(key, actual.get(key));
    }
    for (String key : ROUTER_KEYS) {
      if (!wanted.containsKey(key)
          && actual.containsKey(key)
          && (key.equals("REMOTE_USER") || key.equals("AUTH_TYPE"))) {
        compared.put(key, actual.get(key));
      }
    }
    assertEquals(wanted, compared, "environ; wsgi4j: " + explanation);
  }

  private static Map<String, String> deviations(Path folder) throws IOException {
    Path file = folder.resolve("deviations");
    Map<String, String> deviations = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int space = line.indexOf(' ');
        deviations.put(
            space < 0 ? line : line.substring(0, space),
            space < 0 ? "" : line.substring(space + 1).trim());
      }
    }
    return ImmutableMap.copyOf(deviations);
  }

  private static String describe(RoutingDecision decision) {
    StringBuilder out =
        new StringBuilder(decision.getClass().getSimpleName())
            .append(' ')
            .append(decision.status());
    if (decision instanceof RoutingDecision.Respond respond) {
      out.append(" (").append(respond.reason()).append(')');
    }
    out.append('\n');
    decision
        .trace()
        .steps()
        .forEach(
            step ->
                out.append("  ")
                    .append(step.stage())
                    .append(": ")
                    .append(step.detail())
                    .append('\n'));
    return out.toString();
  }
}
