package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.cli.serve.ServeOptions;
import org.wsgi4j.cli.serve.WsgiServer;

/**
 * The access logs and persistent connections of {@code wsgi4j serve} against what real Apache wrote
 * and did for the same requests ({@code serve/logs/*.expected} and {@code
 * serve/keepalive/apache.jsonl}, both re-recorded in CI by {@code OracleRecordingTest}).
 */
class ServeLogsTest {
  private static final Pattern CLF_TIME =
      Pattern.compile("^\\[\\d\\d/[A-Z][a-z][a-z]/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\\] \\d+$");

  @TempDir Path serverRoot;

  private static Path kase(String name) {
    return ServeDifferentialTest.kit().resolveSibling("serve").resolve(name);
  }

  private Optional<WsgiServer> start(Path folder, StringWriter out, String... extra)
      throws Exception {
    Path config = serverRoot.resolve(folder.getFileName() + ".conf");
    Files.writeString(
        config,
        ServeDifferentialTest.siteConfig(folder, serverRoot) + String.join("\n", extra) + "\n",
        StandardCharsets.UTF_8);
    ServeOptions options = ServeOptions.of(config).withListen("127.0.0.1:0");
    return WsgiServer.start(options, new PrintWriter(out, true), new PrintWriter(out, true));
  }

  /**
   * Serves the case's config and sends it every request of its {@code log-requests.jsonl}; returns
   * what serve printed (its notes on the configuration).
   */
  private String serveLogRequests(Path folder) throws Exception {
    StringWriter out = new StringWriter();
    Optional<WsgiServer> server = start(folder, out);
    assertTrue(server.isPresent(), out.toString());
    try {
      int port = server.get().localPorts().get(0);
      for (JsonNode request : ServeDifferentialTest.lines(folder.resolve("log-requests.jsonl"))) {
        RawExchange.send(port, request);
      }
    } finally {
      server.get().stop();
    }
    return out.toString();
  }

  @Test
  void everyAccessLogHoldsWhatApacheWrote() throws Exception {
    Path folder = kase("logs");
    String notes = serveLogRequests(folder);
    for (String name :
        List.of("main-fields.log", "main-undefined.log", "vhost-fields.log", "vhost-time.log")) {
      List<String> expected =
          Files.readAllLines(folder.resolve(name + ".expected")).stream()
              .map(ServeLogsTest::withoutEchoSize)
              .toList();
      List<String> ours = new ArrayList<>();
      for (String line : Files.readAllLines(serverRoot.resolve(name), StandardCharsets.UTF_8)) {
        if (name.equals("vhost-time.log")) {
          assertTrue(CLF_TIME.matcher(line).matches(), line);
          line = "@TIME@ @SECONDS@";
        }
        ours.add(withoutEchoSize(line));
      }
      // A line is written when its response is complete: the order can differ by a request.
      assertEquals(expected.stream().sorted().toList(), ours.stream().sorted().toList(), name);
    }
    assertTrue(!notes.contains("[W150]"), "nothing of this case is unsupported: " + notes);
  }

  @Test
  void applicationsLogToTheErrorLogOfTheirVirtualHostAsApacheDid() throws Exception {
    Path folder = kase("errorlog");
    String notes = serveLogRequests(folder);
    Pattern hello = Pattern.compile("\\] (hello from \\S+ \\S+)$");
    for (String name : List.of("main-error.log", "a-error.log")) {
      List<String> ours =
          Files.readAllLines(serverRoot.resolve(name), StandardCharsets.UTF_8).stream()
              .map(hello::matcher)
              .filter(java.util.regex.Matcher::find)
              .map(m -> m.group(1))
              .sorted()
              .toList();
      assertEquals(Files.readAllLines(folder.resolve(name + ".expected")), ours, name);
    }
    assertTrue(!notes.contains("[W150]"), notes);
  }

  /**
   * {@code ErrorLogFormat} per server as httpd merges it (the default format, a host's own format
   * in its own log and in the main server's, every common item), compared with the lines real
   * Apache wrote for the same events ({@code serve/errorlogformat}, re-recorded in CI). The
   * selection and masks are those of the case's {@code record} script.
   */
  @Test
  void errorLogLinesAreWrittenInTheFormatOfTheirServerAsApacheWroteThem() throws Exception {
    Path folder = kase("errorlogformat");
    // The oracle's DocumentRoot is an empty folder: httpd's directory walk (the file name AH01630
    // names) stops below it.
    Files.createDirectories(serverRoot.resolve("htdocs"));
    String notes = serveLogRequests(folder);
    for (String name : List.of("main-error.log", "a-error.log", "d-error.log")) {
      List<String> ours =
          ErrorLogLines.normalise(
              Files.readAllLines(serverRoot.resolve(name), StandardCharsets.UTF_8),
              folder.toString());
      assertEquals(Files.readAllLines(folder.resolve(name + ".expected")), ours, name);
    }
    assertTrue(!notes.contains("[W150]"), notes);
  }

  /**
   * The size of an echo answer is the size of the application's environ (CPython's under mod_wsgi,
   * Jython's here): the only field that differs for reasons outside the log. Bodies the server
   * writes itself (files, error pages) and HEAD answers keep their sizes.
   */
  private static String withoutEchoSize(String line) {
    String[] fields = line.split("\\|", -1);
    if (fields.length > 15
        && fields[15].startsWith("/echo")
        && fields[5].equals("200")
        && !fields[14].equals("HEAD")) {
      fields[6] = "@ECHO@";
      fields[7] = "@ECHO@";
    }
    return String.join("|", fields);
  }

  @Test
  void bytesSentCountHeadersAndBodyPerRequestOnOneConnection() throws Exception {
    Path folder = kase("logs");
    StringWriter out = new StringWriter();
    Optional<WsgiServer> server =
        start(folder, out, "CustomLog bytes.log \"%O %B %X %{Connection}i\"");
    assertTrue(server.isPresent(), out.toString());
    List<Integer> received = new ArrayList<>();
    try (Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), server.get().localPorts().get(0))) {
      socket.setSoTimeout(120_000);
      OutputStream send = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (String path : List.of("/static/a.txt", "/static/missing", "/echo/x")) {
        send.write(
            ("GET " + path + " HTTP/1.1\r\nHost: other.example\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        send.flush();
        received.add(readOneResponse(in));
      }
    } finally {
      server.get().stop();
    }
    List<String> lines = Files.readAllLines(serverRoot.resolve("bytes.log"));
    assertEquals(3, lines.size(), lines.toString());
    for (int i = 0; i < 3; i++) {
      String[] fields = lines.get(i).split(" ", -1);
      assertEquals(received.get(i).toString(), fields[0], "%O of " + lines.get(i));
      assertTrue(Integer.parseInt(fields[0]) > Integer.parseInt(fields[1]), lines.get(i));
      assertEquals("+", fields[2], "%X: the connection stays open");
    }
  }

  /** Reads one response with a Content-Length; returns how many bytes it took on the wire. */
  private static int readOneResponse(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertTrue(b >= 0, "the connection stays open");
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n", -1)) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    assertEquals(length, body.length);
    return head.size() + length;
  }

  @Test
  void pipedLogsRunTheirProgramWithAndWithoutAShell() throws Exception {
    Path folder = kase("logs");
    StringWriter out = new StringWriter();
    Optional<WsgiServer> server =
        start(
            folder,
            out,
            "CustomLog \"|$cat >> " + serverRoot.resolve("shell.log") + "\" \"%>s %U\"",
            "CustomLog \"|/bin/sh -c 'cat >> argv.log'\" \"%>s %U\"");
    assertTrue(server.isPresent(), out.toString());
    try {
      RawExchange.send(
          server.get().localPorts().get(0),
          "GET /echo/piped HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1),
          "GET");
    } finally {
      server.get().stop();
    }
    // The programs end when their input is closed (at stop); the relative name is in ServerRoot.
    assertEquals(List.of("200 /echo/piped"), Files.readAllLines(serverRoot.resolve("shell.log")));
    assertEquals(List.of("200 /echo/piped"), Files.readAllLines(serverRoot.resolve("argv.log")));
  }

  @Test
  void whatServeDoesNotCarryOutIsReportedWithItsPosition() throws Exception {
    Path folder = kase("logs");
    StringWriter out = new StringWriter();
    Optional<WsgiServer> server =
        start(
            folder,
            out,
            "<VirtualHost *:8080>",
            "ServerName third.example",
            "ErrorLog syslog:local1",
            "CustomLog io.log \"%I %O %{c}a\"",
            "AddType text/x-foo .foo",
            "FileETag MTime Digest",
            "ErrorLogFormat \"%k %M\"",
            "</VirtualHost>",
            "ErrorLogFormat connection \"[%t] conn\"",
            "ErrorLogFormat \"%X %M\"");
    assertTrue(server.isPresent(), out.toString());
    server.get().stop();
    String text = out.toString();
    Path config = serverRoot.resolve("logs.conf");
    for (String expected :
        List.of(
            "ErrorLog syslog is not supported by wsgi4j serve",
            "log format item %I is not supported by wsgi4j serve",
            "log format item %{c}a is not supported by wsgi4j serve",
            "ErrorLogFormat connection (once-per-connection and once-per-request lines) is not"
                + " written by wsgi4j serve",
            "ErrorLogFormat items %k (the connection's keep-alive count) are written as empty",
            "ErrorLogFormat not applied by wsgi4j serve (httpd refuses it: Unrecognized error log"
                + " format directive %X)")) {
      assertTrue(
          text.lines()
              .anyMatch(
                  l -> l.startsWith(config + ":") && l.contains(expected) && l.endsWith("[W150]")),
          expected + " in:\n" + text);
    }
    assertTrue(!text.contains("%O is not supported"), text);
    // mod_mime's directives are applied (servlet-adapter's filter-mime recordings).
    assertTrue(!text.contains("AddType"), text);
    assertTrue(!text.contains("FileETag"), text);
  }

  @Test
  void persistentConnectionsBehaveAsApachesDid() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/python3")), "python3 runs the exchanges script");
    Path folder = kase("keepalive");
    StringWriter out = new StringWriter();
    Optional<WsgiServer> server = start(folder, out);
    assertTrue(server.isPresent(), out.toString());
    String ours;
    try {
      // The recording script itself sends the exchanges, so both servers get the same bytes.
      Process process =
          new ProcessBuilder(
                  "/usr/bin/python3",
                  folder.resolve("record").toString(),
                  "--port",
                  server.get().localPorts().get(0).toString())
              .redirectErrorStream(true)
              .start();
      ours = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(5, TimeUnit.MINUTES));
      assertEquals(0, process.exitValue(), ours);
    } finally {
      server.get().stop();
    }
    assertEquals(Files.readString(folder.resolve("apache.jsonl")), ours);
  }
}
