package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.routing.FileAuthenticator;
import org.wsgi4j.routing.RouteContext;
import org.wsgi4j.routing.Router;
import org.wsgi4j.source.Diagnostic;

/**
 * The routing cases of the compatibility kit: a site configuration, the requests the oracle sent,
 * and what real Apache httpd + mod_wsgi answered ({@code expected.jsonl}, derived from the recorded
 * {@code apache.jsonl} by {@code routing/derive-expected}).
 */
final class RoutingCases {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The port the cases' virtual hosts listen on here (the oracle used a random one: @PORT@). */
  static final int PORT = 8080;

  /** One request and Apache's answer. */
  record Case(String caseName, JsonNode request, JsonNode expected) {
    String id() {
      return request.get("id").asText();
    }
  }

  private RoutingCases() {}

  static Path root() {
    try {
      return Path.of(RoutingCases.class.getResource("/routing/README.md").toURI()).getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> caseFolders() throws IOException {
    try (Stream<Path> list = Files.list(root())) {
      return list.filter(p -> Files.isRegularFile(p.resolve("site.conf"))).sorted().toList();
    }
  }

  /**
   * A router for one case: its site.conf inside what the oracle's apache-run writes around it (its
   * generated httpd.conf), with the case's folder for @ROOT@ and {@link #PORT} for @PORT@.
   */
  static Router router(Path folder, Path serverRoot) throws IOException {
    return routers(folder, serverRoot).get();
  }

  /** Independent routers (nothing remembered between them) for one case's configuration. */
  static Supplier<Router> routers(Path folder, Path serverRoot) throws IOException {
    String site =
        Files.readString(folder.resolve("site.conf"), StandardCharsets.UTF_8)
            .replace("@ROOT@", folder.toString())
            .replace("@PORT@", Integer.toString(PORT));
    StringBuilder config = new StringBuilder();
    config.append("ServerName localhost\n");
    config.append("DocumentRoot \"").append(serverRoot.resolve("htdocs")).append("\"\n");
    Path options = folder.resolve("options");
    if (Files.exists(options) && Files.readString(options).contains("-d")) {
      config.append("<Directory />\nRequire all denied\n</Directory>\n");
      config.append("<Directory /usr/share>\nRequire all granted\n</Directory>\n");
      config.append("<Directory /var/www/>\nRequire all granted\n</Directory>\n");
      config.append("<FilesMatch \"^\\.ht\">\nRequire all denied\n</FilesMatch>\n");
    }
    config.append(site);
    Path file = serverRoot.resolve(folder.getFileName() + ".conf");
    Files.writeString(file, config.toString(), StandardCharsets.UTF_8);
    LoadResult result = ConfigLoader.load(file);
    List<String> errors =
        result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList();
    assertEquals(List.of(), errors, "case " + folder.getFileName() + " loads");
    return () ->
        new Router(RouteContext.of(result.model()).withAuthenticator(new FileAuthenticator()));
  }

  static List<Case> cases(Path folder) throws IOException {
    List<String> requests =
        Files.readAllLines(folder.resolve("requests.jsonl"), StandardCharsets.UTF_8);
    List<String> expected =
        Files.readAllLines(folder.resolve("expected.jsonl"), StandardCharsets.UTF_8);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (String line : expected) {
      if (!line.isBlank()) {
        JsonNode node = JSON.readTree(line);
        byId.put(node.get("id").asText(), node);
      }
    }
    List<Case> cases = new ArrayList<>();
    for (String line : requests) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode request = JSON.readTree(line);
      JsonNode answer = byId.get(request.get("id").asText());
      if (answer != null) {
        cases.add(new Case(folder.getFileName().toString(), request, answer));
      }
    }
    return cases;
  }

  /** The header lines the oracle's probe sent: the request's, plus Host unless given or null. */
  static List<Map.Entry<String, String>> headers(JsonNode request) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    boolean hostGiven = false;
    JsonNode given = request.get("headers");
    if (given != null && given.isObject()) {
      for (Map.Entry<String, JsonNode> field : given.properties()) {
        if (field.getKey().equalsIgnoreCase("Host")) {
          hostGiven = true;
        }
        JsonNode value = field.getValue();
        if (value == null || value.isNull()) {
          continue;
        }
        if (value.isArray()) {
          for (JsonNode item : value) {
            headers.add(new AbstractMap.SimpleEntry<>(field.getKey(), item.asText()));
          }
        } else {
          headers.add(new AbstractMap.SimpleEntry<>(field.getKey(), value.asText()));
        }
      }
    }
    if (!hostGiven) {
      headers.add(0, new AbstractMap.SimpleEntry<>("Host", "localhost"));
    }
    return headers;
  }
}
