package org.wsgi4j.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.Router;
import org.wsgi4j.routing.RoutingDecision;

/**
 * The router remembers pure functions of the configuration between requests (the section merge by
 * file and matching Locations, parsed auth files, accepted credentials). None of that may change a
 * decision: every request of the routing kit, routed by a router that has already seen all of its
 * case's requests in both orders, must get exactly the decision (trace included) that a router
 * which never saw a request before gives.
 */
class RouterMemoTest {

  @TestFactory
  Stream<DynamicNode> rememberedStateNeverChangesADecision(@TempDir Path serverRoot)
      throws IOException {
    Files.createDirectories(serverRoot.resolve("htdocs"));
    List<DynamicNode> tests = new ArrayList<>();
    for (Path folder : RoutingCases.caseFolders()) {
      List<RequestView> requests = new ArrayList<>();
      for (RoutingCases.Case c : RoutingCases.cases(folder)) {
        if (!c.request().has("raw")) {
          requests.add(view(c.request()));
        }
      }
      tests.add(
          DynamicTest.dynamicTest(
              folder.getFileName().toString(), () -> check(folder, serverRoot, requests)));
    }
    return tests.stream();
  }

  private static void check(Path folder, Path serverRoot, List<RequestView> requests)
      throws IOException {
    Supplier<Router> routers = RoutingCases.routers(folder, serverRoot);
    Router warm = routers.get();
    for (RequestView request : requests) {
      warm.route(request);
    }
    for (RequestView request : Lists.reverse(requests)) {
      warm.route(request);
    }
    int compared = 0;
    for (RequestView request : requests) {
      RoutingDecision fresh = routers.get().route(request);
      RoutingDecision remembered = warm.route(request);
      assertEquals(fresh, remembered, request.method() + " " + request.target());
      assertEquals(fresh.trace().steps(), remembered.trace().steps(), "trace");
      compared++;
    }
    assertTrue(compared > 0, "the case has requests");
  }

  private static RequestView view(JsonNode request) {
    String protocol = request.has("version") ? request.get("version").asText() : "HTTP/1.1";
    return new RequestView(
        request.get("method").asText(),
        request.get("target").asText(),
        protocol,
        ImmutableList.copyOf(RoutingCases.headers(request)),
        "127.0.0.1",
        "127.0.0.1",
        RoutingCases.PORT,
        false);
  }
}
