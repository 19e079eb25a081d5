package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.wsgi4j.tck.serve.Eventually.waitFor;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.cli.serve.ServeOptions;
import org.wsgi4j.cli.serve.WsgiServer;

/**
 * Reload ({@code WsgiServer.reload()} and a real SIGHUP to a real {@code wsgi4j serve} process)
 * applies the new configuration's logs, request limits and connection settings; a changed {@code
 * Listen} is reported as needing a restart. No assertion is on wall time: the waits only bound how
 * long a test waits for something that must happen.
 */
class ServeReloadTest {
  @TempDir Path root;

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static String config(int listen, String log, int bodyLimit) {
    return String.join(
        "\n",
        "ServerName localhost",
        "Listen 127.0.0.1:" + listen,
        "LogFormat \"%>s %m %U\" short",
        "CustomLog " + log + " short",
        "LimitRequestBody " + bodyLimit,
        "<VirtualHost *:" + listen + ">",
        "ServerName reload.example",
        "</VirtualHost>",
        "");
  }

  private static RawExchange post(int port, int bytes) throws IOException {
    String body = "x".repeat(bytes);
    return RawExchange.send(
        port,
        ("POST /nothing HTTP/1.1\r\nHost: reload.example\r\nConnection: close\r\n"
                + "Content-Length: "
                + bytes
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.ISO_8859_1),
        "POST");
  }

  @Test
  void reloadSwitchesLogsAndLimitsAndReportsAChangedListen() throws Exception {
    int port = freePort();
    Path config = root.resolve("site.conf");
    Files.writeString(config, config(port, "before.log", 100), StandardCharsets.UTF_8);
    Path errors = root.resolve("error.log");
    WsgiServer server = start(config, errors);
    try {
      assertEquals(404, post(port, 50).status());
      Files.writeString(config, config(port + 1, "after.log", 10), StandardCharsets.UTF_8);
      assertTrue(server.reload());
      assertEquals(413, post(port, 50).status(), "the new LimitRequestBody applies");
      assertEquals(404, post(port, 5).status());
    } finally {
      server.stop();
    }
    assertEquals(List.of("404 POST /nothing"), Files.readAllLines(root.resolve("before.log")));
    assertEquals(
        List.of("413 POST /nothing", "404 POST /nothing"),
        Files.readAllLines(root.resolve("after.log")));
    String log = Files.readString(errors);
    assertTrue(log.contains("configuration reloaded"), log);
    assertTrue(
        log.contains("Listen changed to 127.0.0.1:" + (port + 1))
            && log.contains("restart wsgi4j serve to listen on the new addresses"),
        log);
  }

  @Test
  void aConfigurationWithErrorsKeepsTheRunningLogs() throws Exception {
    int port = freePort();
    Path config = root.resolve("site.conf");
    Files.writeString(config, config(port, "before.log", 100), StandardCharsets.UTF_8);
    Path errors = root.resolve("error.log");
    WsgiServer server = start(config, errors);
    try {
      Files.writeString(
          config, config(port, "after.log", 10) + "NoSuchDirective x\n", StandardCharsets.UTF_8);
      assertFalse(server.reload());
      assertEquals(404, post(port, 50).status(), "the old limit still applies");
    } finally {
      server.stop();
    }
    assertEquals(List.of("404 POST /nothing"), Files.readAllLines(root.resolve("before.log")));
    assertFalse(Files.exists(root.resolve("after.log")));
    String log = Files.readString(errors);
    assertTrue(log.contains("NoSuchDirective") && log.contains("reload refused"), log);
  }

  /** A real SIGHUP to a real process: the reloaded configuration's access log gets the lines. */
  @Test
  void sighupToARunningProcessReloads() throws Exception {
    Path kill = Path.of("/bin/kill");
    assumeTrue(Files.isExecutable(kill), "kill(1) sends the signal");
    int port = freePort();
    Path config = root.resolve("site.conf");
    Files.writeString(config, config(port, "before.log", 100), StandardCharsets.UTF_8);
    Path errors = root.resolve("error.log");
    Path output = root.resolve("output.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.wsgi4j.cli.Main",
                "serve",
                "--config",
                config.toString(),
                "--error-log",
                errors.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      waitFor(() -> Files.readString(output).contains("listening on"), "the server to start");
      assertEquals(404, post(port, 50).status());
      Files.writeString(config, config(port, "after.log", 10), StandardCharsets.UTF_8);
      Process hup =
          new ProcessBuilder(kill.toString(), "-HUP", Long.toString(process.pid())).start();
      assertTrue(hup.waitFor(1, TimeUnit.MINUTES));
      assertEquals(0, hup.exitValue());
      waitFor(() -> Files.readString(errors).contains("configuration reloaded"), "the reload");
      assertEquals(413, post(port, 50).status());
      process.destroy(); // SIGTERM: stops gracefully, closing the logs
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the JVM exits");
    } finally {
      process.destroyForcibly();
    }
    assertEquals(List.of("404 POST /nothing"), Files.readAllLines(root.resolve("before.log")));
    assertEquals(List.of("413 POST /nothing"), Files.readAllLines(root.resolve("after.log")));
  }

  /** serve for {@code config} in this JVM, its error log at {@code errors}. */
  private static WsgiServer start(Path config, Path errors) throws Exception {
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
