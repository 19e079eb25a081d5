package org.wsgi4j.tck.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgi4j.tck.serve.InProcessServe.freePort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.cli.serve.WsgiServer;

/**
 * When the connection ends with a response, the client sees it end only after the application's
 * {@code close()} has run, as with httpd, which closes the connection after its handler returns:
 * whether the client asked for it ({@code Connection: close}), the server's keep-alive rules end it
 * ({@code KeepAlive Off}) or the application sent {@code Connection: close} itself. The
 * application's {@code close()} takes a while and then leaves a file; the client, once the
 * connection is closed, finds the file there. Embedded mode and a daemon group alike.
 */
class ServeCloseOrderTest {
  private static final String SCRIPT =
      """
      import os, time
      HERE = os.path.dirname(__file__)

      class Body(object):
          def __init__(self, name):
              self.name = name
          def __iter__(self):
              return iter(['hel', 'lo'])
          def close(self):
              time.sleep(0.3)  # a slow clean-up
              open(os.path.join(HERE, self.name + '.closed'), 'w').close()

      def application(environ, start_response):
          name = environ['QUERY_STRING']
          headers = [('Content-Type', 'text/plain'), ('Content-Length', '5')]
          if name.startswith('app'):
              headers.append(('Connection', 'close'))
          start_response('200 OK', headers)
          return Body(name)
      """;

  @TempDir Path root;

  private WsgiServer start(int port, String keepAlive) throws Exception {
    Files.writeString(root.resolve("order.wsgi"), SCRIPT, StandardCharsets.UTF_8);
    Path config = root.resolve("site-" + port + ".conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "ServerName localhost",
            "Listen 127.0.0.1:" + port,
            "KeepAlive " + keepAlive,
            "WSGIDaemonProcess order threads=2",
            "WSGIScriptAlias /d " + root.resolve("order.wsgi") + " process-group=order",
            "WSGIScriptAlias /e " + root.resolve("order.wsgi"),
            ""),
        StandardCharsets.UTF_8);
    return InProcessServe.start(config, root.resolve("err"));
  }

  /** Sends a request and reads until the server closes the connection. */
  private void assertClosedAfterClose(int port, String path, String name, String connection)
      throws IOException {
    String request =
        "GET " + path + "?" + name + " HTTP/1.1\r\nHost: localhost\r\n" + connection + "\r\n";
    RawExchange answer =
        RawExchange.send(port, request.getBytes(StandardCharsets.ISO_8859_1), "GET");
    assertEquals(200, answer.status(), name);
    assertEquals("hello", answer.latin1Body(), name);
    assertTrue(
        Files.exists(root.resolve(name + ".closed")),
        name + ": the connection closed before the application's close() had run");
  }

  @Test
  void theClientOrTheApplicationEndsTheConnection() throws Exception {
    int port = freePort();
    WsgiServer server = start(port, "On");
    try {
      for (String path : new String[] {"/e", "/d"}) {
        String mode = path.substring(1);
        assertClosedAfterClose(port, path, "client-" + mode, "Connection: close\r\n");
        assertClosedAfterClose(port, path, "app-" + mode, "");
      }
    } finally {
      server.stop();
    }
  }

  @Test
  void keepAliveOffEndsTheConnection() throws Exception {
    int port = freePort();
    WsgiServer server = start(port, "Off");
    try {
      assertClosedAfterClose(port, "/e", "server-e", "");
      assertClosedAfterClose(port, "/d", "server-d", "");
    } finally {
      server.stop();
    }
  }
}
