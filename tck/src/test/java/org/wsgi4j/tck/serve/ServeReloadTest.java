package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.wsgi4j.tck.serve.Eventually.waitFor;
import static org.wsgi4j.tck.serve.InProcessServe.freePort;
import static org.wsgi4j.tck.serve.InProcessServe.start;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.cli.serve.WsgiServer;

/**
 * Reload ({@code WsgiServer.reload()} and a real SIGHUP to a real {@code wsgi4j serve} process)
 * applies the new configuration's logs, request limits and connection settings, and listens where
 * its {@code Listen} directives say, as httpd's graceful restart does. No assertion is on wall
 * time: the waits only bound how long a test waits for something that must happen.
 */
class ServeReloadTest {
  /** Sends the signals of the tests that use a real process. */
  private static final Path KILL = Path.of("/bin/kill");

  @TempDir Path root;

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
  void reloadSwitchesLogsAndLimits() throws Exception {
    int port = freePort();
    Path config = root.resolve("site.conf");
    Files.writeString(config, config(port, "before.log", 100), StandardCharsets.UTF_8);
    Path errors = root.resolve("error.log");
    WsgiServer server = start(config, errors);
    try {
      assertEquals(404, post(port, 50).status());
      Files.writeString(config, config(port, "after.log", 10), StandardCharsets.UTF_8);
      assertTrue(server.reload());
      assertEquals(413, post(port, 50).status(), "the new LimitRequestBody applies");
      assertEquals(404, post(port, 5).status());
    } finally {
      server.stop();
    }
    assertEquals(List.of("404 POST /nothing"), Files.readAllLines(root.resolve("before.log")));
    // A line is written when its exchange completes, which may be after the client has moved on.
    assertEquals(
        List.of("404 POST /nothing", "413 POST /nothing"),
        Files.readAllLines(root.resolve("after.log")).stream().sorted().toList());
    String log = Files.readString(errors);
    assertTrue(log.contains("configuration reloaded"), log);
  }

  private static String listening(String log, int... ports) {
    StringBuilder text = new StringBuilder("ServerName localhost\n");
    for (int port : ports) {
      text.append("Listen 127.0.0.1:").append(port).append('\n');
    }
    return text.append("LogFormat \"%>s %m %U\" short\nCustomLog ")
        .append(log)
        .append(" short\n")
        .toString();
  }

  private static RawExchange get(int port, String path) throws IOException {
    return RawExchange.send(
        port,
        ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1),
        "GET");
  }

  private static boolean refused(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5000);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * A changed Listen set: new ports are bound, removed ones closed, a request in flight on a kept
   * port finishes across the reload, and a port that cannot be bound refuses the reload (logged)
   * with the old configuration still serving.
   */
  @Test
  void reloadListensWhereTheNewListenDirectivesSay() throws Exception {
    int first = freePort();
    int second = freePort();
    Path config = root.resolve("site.conf");
    Files.writeString(config, listening("one.log", first), StandardCharsets.UTF_8);
    Path errors = root.resolve("error.log");
    WsgiServer server = start(config, errors);
    assertEquals(404, get(first, "/one").status());
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertTrue(refused(second));
      // Added: the second port.
      Files.writeString(config, listening("two.log", first, second), StandardCharsets.UTF_8);
      assertTrue(server.reload());
      assertEquals(404, get(second, "/two-second").status());
      assertEquals(404, get(first, "/two-first").status());
      // Removed: the first port, while a request on the kept second port is half sent.
      try (java.net.Socket slow =
          new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), second)) {
        java.io.OutputStream to = slow.getOutputStream();
        to.write(
            ("POST /slow HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Length: 10\r\n\r\nxxxxx")
                .getBytes(StandardCharsets.ISO_8859_1));
        to.flush();
        Files.writeString(config, listening("three.log", second), StandardCharsets.UTF_8);
        assertTrue(server.reload());
        to.write("yyyyy".getBytes(StandardCharsets.ISO_8859_1));
        to.flush();
        String answer =
            new String(slow.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
      }
      assertTrue(refused(first), "the removed port is closed");
      assertEquals(404, get(second, "/three").status());
      // A port that is taken: the reload is refused and the running configuration stays.
      Files.writeString(
          config, listening("four.log", second, taken.getLocalPort()), StandardCharsets.UTF_8);
      assertFalse(server.reload());
      assertEquals(404, get(second, "/still-three").status());
    } finally {
      server.stop();
    }
    assertEquals(List.of("404 GET /one"), lines("one.log"));
    // The half-sent request is logged under the configuration that routed it: the old one when
    // its head was read before the swap, else the new one.
    List<String> two = lines("two.log");
    List<String> three = lines("three.log");
    assertTrue(
        two.containsAll(List.of("404 GET /two-first", "404 GET /two-second")), two.toString());
    assertTrue(
        three.containsAll(List.of("404 GET /three", "404 GET /still-three")), three.toString());
    List<String> both = new java.util.ArrayList<>(two);
    both.addAll(three);
    assertEquals(
        List.of(
            "404 GET /still-three",
            "404 GET /three",
            "404 GET /two-first",
            "404 GET /two-second",
            "404 POST /slow"),
        both.stream().sorted().toList());
    assertFalse(Files.exists(root.resolve("four.log")));
    String log = Files.readString(errors);
    assertTrue(log.contains("no longer listening on 127.0.0.1:" + first), log);
    assertTrue(log.contains("reload refused: cannot listen on 127.0.0.1:"), log);
  }

  private List<String> lines(String name) throws IOException {
    return Files.readAllLines(root.resolve(name));
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
    SignalledServer server = startForSignals();
    Process process = server.process();
    try {
      waitFor(
          () -> Files.readString(server.output()).contains("listening on"), "the server to start");
      assertEquals(404, post(server.port(), 50).status());
      Files.writeString(
          server.config(), config(server.port(), "after.log", 10), StandardCharsets.UTF_8);
      hangUp(process);
      waitFor(
          () -> Files.readString(server.errors()).contains("configuration reloaded"), "the reload");
      assertEquals(413, post(server.port(), 50).status());
      process.destroy(); // SIGTERM: stops gracefully, closing the logs
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the JVM exits");
    } finally {
      process.destroyForcibly();
    }
    assertEquals(List.of("404 POST /nothing"), Files.readAllLines(root.resolve("before.log")));
    assertEquals(List.of("413 POST /nothing"), Files.readAllLines(root.resolve("after.log")));
  }

  /**
   * A SIGHUP sent the moment the server says it listens reloads it. The JVM's own SIGHUP handler
   * exits; the server's replaced it only after printing "listening on", and a reload that came in
   * between (a busy machine, a deploy script reloading right after a start) stopped the server.
   */
  @Test
  void aHangUpAsSoonAsTheServerListensReloads() throws Exception {
    SignalledServer server = startForSignals();
    Process process = server.process();
    try {
      // Polled without Eventually's pause, to signal as close to the message as a test can.
      while (!Files.exists(server.output())
          || !Files.readString(server.output()).contains("listening on")) {
        assertTrue(process.isAlive(), "the server starts");
        Thread.onSpinWait();
      }
      Files.writeString(
          server.config(), config(server.port(), "after.log", 10), StandardCharsets.UTF_8);
      hangUp(process);
      waitFor(
          () ->
              Files.readString(server.errors()).contains("configuration reloaded")
                  || !process.isAlive(),
          "the reload");
      assertTrue(process.isAlive(), "a SIGHUP does not stop the server");
      assertEquals(413, post(server.port(), 50).status(), "the new limit applies");
      process.destroy();
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the JVM exits");
    } finally {
      process.destroyForcibly();
    }
  }

  /** A {@code wsgi4j serve} process for a test that signals it, and where its files are. */
  private record SignalledServer(
      int port, Path config, Path errors, Path output, Process process) {}

  /** Starts a process serving {@code config(port, "before.log", 100)}, its error log aside. */
  private SignalledServer startForSignals() throws IOException {
    assumeTrue(Files.isExecutable(KILL), "kill(1) sends the signal");
    // A process started with SIGHUP ignored (under nohup) passes that on to its children, whose
    // JVM then keeps ignoring it: the server says so (the test below) and cannot be reloaded.
    assumeFalse(hangUpIgnoredHere(), "this JVM ignores SIGHUP (run under nohup?)");
    int port = freePort();
    Path config = root.resolve("site.conf");
    Files.writeString(config, config(port, "before.log", 100), StandardCharsets.UTF_8);
    Path errors = root.resolve("error.log");
    Path output = root.resolve("output.txt");
    Process process =
        ServeProcess.start(output, "--config", config.toString(), "--error-log", errors.toString());
    return new SignalledServer(port, config, errors, output, process);
  }

  /** Whether SIGHUP is ignored in this process: bit 0 of SigIgn in /proc/self/status. */
  private static boolean hangUpIgnoredHere() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 1) != 0;
      }
    }
    return false;
  }

  /**
   * Under nohup SIGHUP stays ignored in the JVM, which installs no handler for it, so the server
   * cannot reload on it (Apache does). It says so instead of leaving the operator to find out.
   */
  @Test
  void aServerStartedUnderNohupSaysItCannotReloadOnSighup() throws Exception {
    Path nohup = Path.of("/usr/bin/nohup");
    assumeTrue(Files.isExecutable(nohup), "nohup(1) starts the server with SIGHUP ignored");
    int port = freePort();
    Path config = root.resolve("site.conf");
    Files.writeString(config, config(port, "before.log", 100), StandardCharsets.UTF_8);
    Path output = root.resolve("output.txt");
    Process process =
        ServeProcess.startUnder(List.of(nohup.toString()), output, "--config", config.toString());
    try {
      waitFor(() -> Files.readString(output).contains("listening on"), "the server to start");
      String said = Files.readString(output);
      assertTrue(said.contains("SIGHUP is ignored in this process"), said);
      assertEquals(404, post(port, 50).status(), "it serves all the same");
    } finally {
      process.destroyForcibly();
    }
  }

  private static void hangUp(Process process) throws Exception {
    Process hup = new ProcessBuilder(KILL.toString(), "-HUP", Long.toString(process.pid())).start();
    assertTrue(hup.waitFor(1, TimeUnit.MINUTES));
    assertEquals(0, hup.exitValue());
  }
}
