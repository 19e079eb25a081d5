package org.wsgi4j.wsgi;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.routing.RouteFacts;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.Trace;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.source.SourceSpan;

/** Hand-made routing decisions and requests for gateway tests. */
public final class Dispatches {
  private Dispatches() {}

  /** A test script under {@code src/test/resources/wsgi}. */
  public static String script(String name) {
    try {
      return Path.of(Dispatches.class.getResource("/wsgi/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A WSGIDaemonProcess definition with the given options. */
  public static DaemonProcessGroup daemon(String name, int threads, Map<String, String> options) {
    String max = options.get("maximum-requests");
    return new DaemonProcessGroup(
        name,
        1,
        threads,
        max == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(max)),
        ImmutableMap.copyOf(options),
        Optional.empty(),
        SourceSpan.synthetic());
  }

  /** A target for a script mounted at /app, embedded, in its own application group. */
  public static WsgiTarget target(String script, String callable) {
    return new WsgiTarget(
        script(script), "/app", "/x", "", Optional.empty(), "localhost|/app", callable, false);
  }

  public static WsgiTarget inGroups(
      WsgiTarget target, Optional<DaemonProcessGroup> daemon, String applicationGroup) {
    return new WsgiTarget(
        target.scriptFilename(),
        target.scriptName(),
        target.pathInfo(),
        daemon.map(DaemonProcessGroup::name).orElse(""),
        daemon,
        applicationGroup,
        target.callableObject(),
        target.passAuthorization());
  }

  public static RoutingDecision.Dispatch dispatch(WsgiTarget target, String query) {
    RouteFacts facts =
        new RouteFacts(
            Optional.of("localhost"),
            "localhost",
            "80",
            target.scriptName() + target.pathInfo(),
            query,
            Optional.of(target.scriptFilename()),
            target.pathInfo(),
            ImmutableMap.of(),
            Optional.empty(),
            Optional.empty());
    return new RoutingDecision.Dispatch(target, facts, new Trace(ImmutableList.of()));
  }

  /** A GET (or any method) with headers and a body, from 127.0.0.1:40000 to 127.0.0.1:8080. */
  public static WsgiRequest request(
      String method, String target, List<Map.Entry<String, String>> headers, String body) {
    return new SimpleWsgiRequest(
        method,
        target,
        "HTTP/1.1",
        headers,
        new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)),
        "127.0.0.1",
        40000,
        "127.0.0.1",
        8080,
        false);
  }

  public static WsgiRequest get(String target) {
    return request("GET", target, List.of(Map.entry("Host", "localhost")), "");
  }
}
