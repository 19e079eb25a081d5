package org.wsgi4j.wsgi.jython;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.wsgi.BufferedWsgiResponse;

/**
 * The gateway on Jython: creating an application group's interpreter (own PySystemState, closed
 * again), the same with the hello-world script loaded (what a replacement costs per application
 * group before it can swap), and one hello-world request through the gateway in embedded mode and
 * through a daemon group's worker, the latter also with {@code maximum-requests=500} (its
 * difference from the steady one is what recycling adds to a request). Run by {@code
 * bench/gateway}; not a test.
 */
@BenchmarkMode(Mode.AverageTime)
public class GatewayBenchmark {

  /** A hello-world script and a gateway, shared by all iterations. */
  @State(Scope.Benchmark)
  public static class Gateway {
    Path script;
    JythonGateway gateway;
    RoutingDecision.Dispatch embedded;
    RoutingDecision.Dispatch daemon;

    @Setup(Level.Trial)
    public void start() throws IOException {
      script = GatewayFixtures.helloScript();
      gateway = new JythonGateway();
      embedded = GatewayFixtures.dispatch(script, Optional.empty());
      daemon =
          GatewayFixtures.dispatch(
              script, Optional.of(GatewayFixtures.daemon("bench", Map.of("threads", "4"))));
      for (RoutingDecision.Dispatch d : List.of(embedded, daemon)) {
        BufferedWsgiResponse response = call(d);
        if (response.status() != 200 || !response.bodyText().equals("hello")) {
          throw new IllegalStateException("hello.wsgi answered " + response.status());
        }
      }
    }

    BufferedWsgiResponse call(RoutingDecision.Dispatch dispatch) throws IOException {
      BufferedWsgiResponse response = new BufferedWsgiResponse();
      gateway.handle(dispatch, GatewayFixtures.get(), response);
      return response;
    }

    @TearDown(Level.Trial)
    public void stop() {
      gateway.close();
    }
  }

  /** A daemon group recycling every 500 requests: what a recycle adds to each request. */
  @State(Scope.Benchmark)
  public static class Recycling {
    JythonGateway gateway;
    RoutingDecision.Dispatch daemon;

    @Setup(Level.Trial)
    public void start() throws IOException {
      gateway = new JythonGateway();
      daemon =
          GatewayFixtures.dispatch(
              GatewayFixtures.helloScript(),
              Optional.of(
                  GatewayFixtures.daemon(
                      "recycling", Map.of("threads", "4", "maximum-requests", "500"))));
      if (call() != 200) {
        throw new IllegalStateException("hello.wsgi failed");
      }
    }

    int call() throws IOException {
      BufferedWsgiResponse response = new BufferedWsgiResponse();
      gateway.handle(daemon, GatewayFixtures.get(), response);
      return response.status();
    }

    @TearDown(Level.Trial)
    public void stop() {
      gateway.close();
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public boolean interpreterCreation() {
    try (JythonInterpreter interpreter = new JythonInterpreter("bench", List.of())) {
      return interpreter.isClosed();
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object interpreterCreationWithScript(Gateway state) throws Exception {
    try (JythonInterpreter interpreter = new JythonInterpreter("bench", List.of())) {
      return interpreter.enter(
          () -> {
            try {
              return interpreter.application(state.script.toString(), "application", true);
            } catch (ScriptLoadException e) {
              throw new IllegalStateException(e);
            }
          });
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int helloEmbedded(Gateway state) throws IOException {
    return state.call(state.embedded).status();
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int helloDaemon(Gateway state) throws IOException {
    return state.call(state.daemon).status();
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int helloDaemonRecycling(Recycling state) throws IOException {
    return state.call();
  }
}
