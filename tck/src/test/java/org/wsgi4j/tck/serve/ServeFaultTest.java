package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgi4j.tck.serve.Eventually.waitFor;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.cli.serve.ServeOptions;
import org.wsgi4j.cli.serve.WsgiServer;

/**
 * The fault scenarios of security.md §4 that concern the server, end to end over HTTP against
 * {@code wsgi4j serve} in this JVM with real Python scripts on Jython ({@code serve/faults}). Sizes
 * are bounded for the default run; {@code -Dwsgi4j.soak=true} runs them at the sizes security.md
 * names. No assertion is on wall time: timeouts only bound how long a test waits for something that
 * must happen.
 */
class ServeFaultTest {
  private static final boolean SOAK = Boolean.getBoolean("wsgi4j.soak");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALICE =
      "Authorization: Basic "
          + Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.UTF_8));

  @TempDir static Path site;
  private static Path config;
  private static WsgiServer server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    Path kit = ServeDifferentialTest.kit().resolveSibling("serve").resolve("faults");
    try (var files = Files.list(kit)) {
      for (Path file : files.toList()) {
        Files.copy(file, site.resolve(file.getFileName()));
      }
    }
    config = site.resolve("faults.conf");
    writeConfig(0);
    server = started(ServeOptions.of(config).withListen("127.0.0.1:0"));
    port = server.localPorts().get(0);
  }

  /** The site's configuration; a generation above 0 adds SetEnv lines that name it (R-21). */
  private static void writeConfig(int generation) throws IOException {
    String text =
        Files.readString(site.resolve("site.conf"), StandardCharsets.UTF_8)
            .replace("@ROOT@", site.toString());
    if (generation > 0) {
      text =
          text.replace(
              "ServerName faults.example",
              "ServerName faults.example\nSetEnv GEN_A "
                  + generation
                  + "\nSetEnv GEN_B "
                  + generation);
    }
    Files.writeString(config, text, StandardCharsets.UTF_8);
  }

  private static WsgiServer started(ServeOptions options) throws Exception {
    StringWriter out = new StringWriter();
    Optional<WsgiServer> started =
        WsgiServer.start(options, new PrintWriter(out), new PrintWriter(out));
    assertTrue(started.isPresent(), out.toString());
    return started.get();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environ(HttpConnection.Response response) throws IOException {
    return JSON.readValue(response.body(), Map.class);
  }

  /** R-08: one keep-alive connection alternating authenticated and anonymous requests. */
  @Test
  void keepAliveConnectionNeverCarriesTheUserToTheNextRequest() throws Exception {
    int rounds = SOAK ? 5_000 : 100;
    try (HttpConnection connection = new HttpConnection(port)) {
      for (int i = 0; i < rounds; i++) {
        HttpConnection.Response login = connection.get("/echo/login", ALICE);
        assertEquals(200, login.status());
        assertEquals("alice", environ(login).get("REMOTE_USER"), "authenticated request " + i);
        HttpConnection.Response anonymous = connection.get("/echo/");
        assertEquals(200, anonymous.status());
        Map<String, Object> environ = environ(anonymous);
        assertFalse(environ.containsKey("REMOTE_USER"), "anonymous request " + i + ": " + environ);
        assertFalse(environ.containsKey("AUTH_TYPE"), "anonymous request " + i);
        assertFalse(
            "close".equalsIgnoreCase(anonymous.headers().get("connection")),
            "the connection stays open");
      }
    }
  }

  /**
   * R-10: many connections trickling a request head one byte at a time are closed by the header
   * timeout (RequestReadTimeout header=2), and a normal client is served meanwhile.
   */
  @Test
  void slowlorisConnectionsAreClosedAndOthersServed() throws Exception {
    int count = SOAK ? 2_000 : 200;
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(1);
        socket
            .getOutputStream()
            .write(
                "GET /echo/ HTTP/1.1\r\nHost: faults.example\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
        slow.add(socket);
      }
      try (HttpConnection normal = new HttpConnection(port)) {
        assertEquals(200, normal.get("/echo/").status(), "a normal client during the attack");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      List<Socket> open = new ArrayList<>(slow);
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        open.removeIf(ServeFaultTest::trickleOrClosed);
        Thread.sleep(500);
      }
      assertEquals(0, open.size(), "slow connections still open after 60 s (header timeout 2 s)");
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  /** Sends one more header byte; true when the server has closed the connection. */
  private static boolean trickleOrClosed(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      try {
        if (in.read() < 0) {
          return true;
        }
      } catch (SocketTimeoutException stillOpen) {
        // nothing to read: the server is still waiting for the head
      }
      socket.getOutputStream().write('X');
      return false;
    } catch (IOException closed) {
      return true;
    }
  }

  /**
   * R-11: clients sending bodies at 10 bytes a second to an application that reads them. The body
   * timeout (body=2,MinRate=500) closes them, which frees the application threads (10 here, fewer
   * than the 20 uploads): normal traffic is served afterwards.
   */
  @Test
  void slowUploadsAreCutOffAndFreeTheApplicationThreads() throws Exception {
    int clients = 20;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<String>> uploads = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        uploads.add(pool.submit(ServeFaultTest::slowUpload));
      }
      for (Future<String> upload : uploads) {
        String outcome = upload.get(120, TimeUnit.SECONDS);
        assertFalse(outcome.startsWith("HTTP/1.1 200"), "a slow upload completed: " + outcome);
      }
      try (HttpConnection normal = new HttpConnection(port)) {
        assertEquals(200, normal.get("/echo/").status(), "normal traffic after the slow uploads");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Sends a 10,000-byte body at 10 bytes a second; returns how it ended. */
  private static String slowUpload() throws IOException, InterruptedException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST /upload/ HTTP/1.1\r\nHost: faults.example\r\nContent-Type: text/plain\r\n";
      out.write(
          (head + "Content-Length: 10000\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 1000; i++) {
        try {
          out.write("0123456789".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        } catch (IOException closed) {
          break;
        }
        if (socket.getInputStream().available() > 0) {
          break;
        }
        Thread.sleep(1000);
      }
      try {
        byte[] answer = socket.getInputStream().readAllBytes();
        return answer.length == 0
            ? "closed"
            : new String(answer, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
      } catch (IOException reset) {
        return "reset";
      }
    }
  }

  /**
   * R-13: a large streamed response (256 MiB; 1 GiB with the soak flag) is not buffered: with the
   * client reading only the first 16 MiB, the server's heap grows by less than 64 MiB.
   */
  @Test
  void largeResponsesAreStreamedNotBuffered() throws Exception {
    int chunks = SOAK ? 16_384 : 4_096;
    long expected = chunks * 65_536L;
    long before = heapAfterGc();
    try (HttpConnection connection = new HttpConnection(port)) {
      connection.write(
          "GET /stream/?"
              + chunks
              + " HTTP/1.1\r\nHost: faults.example\r\nConnection: close\r\n\r\n");
      HttpConnection.Response head = connection.read(true);
      assertEquals(200, head.status());
      assertEquals(Long.toString(expected), head.headers().get("content-length"));
      InputStream in = connection.input();
      byte[] buffer = new byte[65_536];
      long read = 0;
      while (read < 16L << 20) {
        int n = in.read(buffer);
        assertTrue(n > 0, "the stream ended early at " + read);
        read += n;
      }
      Thread.sleep(500);
      long during = heapAfterGc();
      assertTrue(
          during - before < 64L << 20,
          "heap grew by " + ((during - before) >> 20) + " MiB while the client paused");
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        read += n;
      }
      assertEquals(expected, read, "every byte of the response");
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * R-21: configuration reloads while clients keep sending: no request fails and every request sees
   * one configuration (both variables of one generation, never a mix).
   */
  @Test
  void reloadUnderLoadRunsEachRequestUnderOneConfiguration() throws Exception {
    int clients = 4;
    int perClient = SOAK ? 2_000 : 60;
    int generations = SOAK ? 50 : 5;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> load = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        load.add(
            pool.submit(
                () -> {
                  int seen = 0;
                  try (HttpConnection connection = new HttpConnection(port)) {
                    for (int i = 0; i < perClient; i++) {
                      HttpConnection.Response response = connection.get("/echo/");
                      assertEquals(200, response.status());
                      Map<String, Object> environ = environ(response);
                      assertEquals(environ.get("GEN_A"), environ.get("GEN_B"), "one snapshot");
                      seen++;
                    }
                  }
                  return seen;
                }));
      }
      for (int g = 1; g <= generations; g++) {
        writeConfig(g);
        assertTrue(server.reload(), "generation " + g + " loads");
        Thread.sleep(100);
      }
      for (Future<Integer> client : load) {
        assertEquals(perClient, client.get(120, TimeUnit.SECONDS));
      }
      try (HttpConnection connection = new HttpConnection(port)) {
        assertEquals(Integer.toString(generations), environ(connection.get("/echo/")).get("GEN_A"));
      }
    } finally {
      pool.shutdownNow();
      writeConfig(0);
      server.reload();
    }
  }

  /** A configuration with an error is refused on reload: the running one keeps serving. */
  @Test
  void aBrokenConfigurationIsNotSwappedIn() throws Exception {
    String good = Files.readString(config, StandardCharsets.UTF_8);
    try {
      Files.writeString(config, good + "\n<VirtualHost\n", StandardCharsets.UTF_8);
      assertFalse(server.reload());
      try (HttpConnection connection = new HttpConnection(port)) {
        assertEquals(200, connection.get("/echo/").status());
      }
    } finally {
      Files.writeString(config, good, StandardCharsets.UTF_8);
    }
  }

  /**
   * R-22: SIGTERM to a running {@code wsgi4j serve} process with requests in flight: they all
   * finish with their answers (drain), no new connection is accepted, and the JVM exits.
   */
  @Test
  void shutdownUnderLoadDrainsInFlightRequestsAndExits() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path errorLog = site.resolve("r22-error.log");
    Process process =
        ServeProcess.start(
            site.resolve("r22-output.txt"),
            "--config",
            config.toString(),
            "--listen",
            "127.0.0.1:" + port,
            "--error-log",
            errorLog.toString(),
            "--access-log",
            site.resolve("r22-access.log").toString(),
            "--drain-timeout",
            "60");
    int inFlight = 5;
    ExecutorService clients = Executors.newFixedThreadPool(inFlight);
    try {
      waitFor(
          () -> Files.readString(site.resolve("r22-output.txt")).contains("listening on"),
          "the server to start");
      final int serving = port;
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < inFlight; i++) {
        answers.add(
            clients.submit(
                () -> {
                  try (HttpConnection connection = new HttpConnection(serving)) {
                    HttpConnection.Response response =
                        connection.get("/slow/?3000", "Connection: close");
                    return response.status() + " " + response.body();
                  }
                }));
      }
      waitFor(
          () ->
              Files.exists(errorLog)
                  && Files.readAllLines(errorLog).stream()
                          .filter(l -> l.contains("sleeping 3000 ms"))
                          .count()
                      == inFlight,
          "the requests to be in flight");
      process.destroy(); // SIGTERM
      for (Future<String> answer : answers) {
        assertEquals("200 done", answer.get(120, TimeUnit.SECONDS), "an in-flight request");
      }
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the JVM exits");
      assertTrue(
          Files.readString(errorLog).contains("caught stop, shutting down gracefully"),
          "the stop is logged");
      assertThrows(java.net.ConnectException.class, () -> new HttpConnection(serving).close());
    } finally {
      clients.shutdownNow();
      process.destroyForcibly();
    }
  }

  /** The access and error logs, where the configuration's CustomLog and ErrorLog put them. */
  @Test
  void logsAreWrittenInApacheFormatsWhereTheConfigurationSays() throws Exception {
    try (HttpConnection connection = new HttpConnection(port)) {
      assertEquals(200, connection.get("/slow/?1").status());
      assertEquals(401, connection.get("/echo/login").status());
    }
    Path access = site.resolve("logs/access.log");
    Path error = site.resolve("logs/error.log");
    Pattern accessLine =
        Pattern.compile(
            "127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\]"
                + " \"GET /slow/\\?1 HTTP/1\\.1\" 200 4 \\d+");
    Pattern errorLine =
        Pattern.compile(
            "\\[\\w{3} \\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6} \\d{4}\\] \\[wsgi:error\\]"
                + " \\[pid \\d+:tid \\d+\\] .*sleeping 1 ms");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline
        && !(Files.exists(access)
            && Files.readAllLines(access).stream().anyMatch(l -> accessLine.matcher(l).matches())
            && Files.readAllLines(access).stream()
                .anyMatch(l -> l.contains("\"GET /echo/login HTTP/1.1\" 401 ")))) {
      // Jetty writes the request log after the response: wait for both lines.
      Thread.sleep(100);
    }
    List<String> accessLines = Files.readAllLines(access, StandardCharsets.UTF_8);
    assertTrue(
        accessLines.stream().anyMatch(l -> accessLine.matcher(l).matches()),
        "access log: " + accessLines);
    assertTrue(
        accessLines.stream().anyMatch(l -> l.contains("\"GET /echo/login HTTP/1.1\" 401 ")),
        "access log: " + accessLines);
    List<String> errorLines = Files.readAllLines(error, StandardCharsets.UTF_8);
    assertTrue(
        errorLines.stream().anyMatch(l -> errorLine.matcher(l).matches()),
        "error log: " + errorLines);
  }
}
