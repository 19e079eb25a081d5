package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import org.wsgi4j.cli.serve.ServeOptions;
import org.wsgi4j.cli.serve.WsgiServer;

/** {@code wsgi4j serve} started in the test's JVM on a configuration, its error log in a file. */
final class InProcessServe {
  private InProcessServe() {}

  /** A port nothing listened on a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  /** Starts serving {@code config}; fails the test with the server's output if it cannot. */
  static WsgiServer start(Path config, Path errors) throws Exception {
    StringWriter out = new StringWriter();
    Optional<WsgiServer> server =
        WsgiServer.start(
            ServeOptions.of(config).withLogs(Optional.empty(), Optional.of(errors)),
            new PrintWriter(out, true),
            new PrintWriter(out, true));
    assertTrue(server.isPresent(), out.toString());
    return server.get();
  }
}
