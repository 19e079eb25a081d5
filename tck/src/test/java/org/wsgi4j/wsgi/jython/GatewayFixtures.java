package org.wsgi4j.wsgi.jython;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
import org.wsgi4j.wsgi.SimpleWsgiRequest;
import org.wsgi4j.wsgi.WsgiRequest;

/** The benchmark's hello-world script, daemon groups, dispatches and requests. */
final class GatewayFixtures {
  private GatewayFixtures() {}

  /** bench/hello.wsgi copied to a temporary file (the test resources may sit in a jar). */
  static Path helloScript() {
    try (InputStream in = GatewayFixtures.class.getResourceAsStream("/bench/hello.wsgi")) {
      Path file = Files.createTempFile("wsgi4j-hello", ".wsgi");
      file.toFile().deleteOnExit();
      Files.write(file, in.readAllBytes());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DaemonProcessGroup daemon(String name, Map<String, String> options) {
    String max = options.get("maximum-requests");
    String processes = options.getOrDefault("processes", "1");
    return new DaemonProcessGroup(
        name,
        Integer.parseInt(processes),
        Integer.parseInt(options.getOrDefault("threads", "15")),
        max == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(max)),
        ImmutableMap.copyOf(options),
        Optional.empty(),
        SourceSpan.synthetic());
  }

  /** The script mounted at /app, in the daemon group (or embedded), application group "bench". */
  static RoutingDecision.Dispatch dispatch(Path script, Optional<DaemonProcessGroup> daemon) {
    WsgiTarget target =
        new WsgiTarget(
            script.toString(),
            "/app",
            "/x",
            daemon.map(DaemonProcessGroup::name).orElse(""),
            daemon,
            "bench",
            "application",
            false);
    RouteFacts facts =
        new RouteFacts(
            Optional.of("localhost"),
            "localhost",
            "80",
            "/app/x",
            "",
            Optional.of(script.toString()),
            "/x",
            ImmutableMap.of(),
            Optional.empty(),
            Optional.empty());
    return new RoutingDecision.Dispatch(target, facts, new Trace(ImmutableList.of()));
  }

  static WsgiRequest get() {
    return new SimpleWsgiRequest(
        "GET",
        "/app/x",
        "HTTP/1.1",
        List.of(Map.entry("Host", "localhost")),
        new ByteArrayInputStream(new byte[0]),
        "127.0.0.1",
        40000,
        "127.0.0.1",
        8080,
        false);
  }
}
