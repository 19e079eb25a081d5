package org.wsgi4j.tck.bench;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.routing.RouteFacts;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.Trace;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.source.SourceSpan;
import org.wsgi4j.wsgi.SimpleWsgiRequest;
import org.wsgi4j.wsgi.WsgiRequest;
import org.wsgi4j.wsgi.WsgiResponse;
import org.wsgi4j.wsgi.jython.JythonGateway;

/**
 * One hello-world WSGI call through {@link JythonGateway#handle}: the environ built from a routing
 * decision, the Python dict, the call, start_response and the body written, in embedded mode (the
 * caller's thread) and in a daemon group (a worker thread and back). Routing is not included
 * (bench/route measures it). Each setup checks the answer before anything is measured. Run by
 * {@code bench/gateway}; not a test.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GatewayBenchmark {
  private static final String HELLO =
      "def application(environ, start_response):\n"
          + "    start_response('200 OK', [('Content-Type', 'text/plain'),"
          + " ('Content-Length', '12')])\n"
          + "    return ['Hello world!']\n";

  /** A response that keeps the status and counts body bytes. */
  static final class CountingResponse implements WsgiResponse {
    int status;
    long bytes;
    boolean committed;

    private final OutputStream body =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            bytes += len;
          }
        };

    @Override
    public void sendHeaders(int status, String reason, List<Map.Entry<String, String>> headers) {
      this.status = status;
      committed = true;
    }

    @Override
    public OutputStream body() {
      return body;
    }

    @Override
    public boolean isCommitted() {
      return committed;
    }
  }

  /** The gateway, a hello-world script and a decision for it, embedded or in a daemon group. */
  @State(Scope.Benchmark)
  public static class Hello {
    JythonGateway gateway;
    RoutingDecision.Dispatch embedded;
    RoutingDecision.Dispatch daemon;
    Path folder;

    @Setup(Level.Trial)
    public void start() throws IOException {
      folder = Files.createTempDirectory("wsgi4j-bench");
      Path script = folder.resolve("hello.wsgi");
      Files.writeString(script, HELLO, StandardCharsets.UTF_8);
      gateway = new JythonGateway();
      embedded = dispatch(script, Optional.empty());
      DaemonProcessGroup group =
          new DaemonProcessGroup(
              "bench",
              1,
              4,
              OptionalInt.empty(),
              ImmutableMap.of("threads", "4"),
              Optional.empty(),
              SourceSpan.synthetic());
      daemon = dispatch(script, Optional.of(group));
      for (RoutingDecision.Dispatch d : List.of(embedded, daemon)) {
        CountingResponse response = call(gateway, d);
        if (response.status != 200 || response.bytes != 12) {
          throw new IllegalStateException(
              "hello.wsgi answered " + response.status + " with " + response.bytes + " bytes");
        }
      }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      gateway.close();
      Files.deleteIfExists(folder.resolve("hello.wsgi"));
      Files.deleteIfExists(folder);
    }
  }

  static RoutingDecision.Dispatch dispatch(Path script, Optional<DaemonProcessGroup> daemon) {
    WsgiTarget target =
        new WsgiTarget(
            script.toString(),
            "/hello",
            "/world",
            daemon.map(DaemonProcessGroup::name).orElse(""),
            daemon,
            "localhost|/hello",
            "application",
            false);
    RouteFacts facts =
        new RouteFacts(
            Optional.of("localhost"),
            "localhost",
            "80",
            "/hello/world",
            "a=1",
            Optional.of(script.toString()),
            "/world",
            ImmutableMap.of(),
            Optional.empty(),
            Optional.empty());
    return new RoutingDecision.Dispatch(target, facts, new Trace(ImmutableList.of()));
  }

  static CountingResponse call(JythonGateway gateway, RoutingDecision.Dispatch dispatch)
      throws IOException {
    WsgiRequest request =
        new SimpleWsgiRequest(
            "GET",
            "/hello/world?a=1",
            "HTTP/1.1",
            List.of(
                Map.entry("Host", "localhost"),
                Map.entry("User-Agent", "bench"),
                Map.entry("Accept", "*/*")),
            new ByteArrayInputStream(new byte[0]),
            "127.0.0.1",
            40000,
            "127.0.0.1",
            80,
            false);
    CountingResponse response = new CountingResponse();
    gateway.handle(dispatch, request, response);
    return response;
  }

  @Benchmark
  public int helloEmbedded(Hello state) throws IOException {
    return call(state.gateway, state.embedded).status;
  }

  @Benchmark
  public int helloDaemon(Hello state) throws IOException {
    return call(state.gateway, state.daemon).status;
  }
}
