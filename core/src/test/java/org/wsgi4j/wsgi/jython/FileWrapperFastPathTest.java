package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgi4j.wsgi.Dispatches.dispatch;
import static org.wsgi4j.wsgi.Dispatches.get;
import static org.wsgi4j.wsgi.Dispatches.request;
import static org.wsgi4j.wsgi.Dispatches.target;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.WsgiResponse;

/**
 * {@code wsgi.file_wrapper}'s fast path in the gateway: which returned objects go to the host's
 * {@link WsgiResponse#sendFile} (and with which region and Content-Length), which are iterated, and
 * that {@code close()} runs exactly once on each path. What mod_wsgi answers over HTTP is the serve
 * kit's file-wrapper case (ServeFileWrapperTest).
 */
class FileWrapperFastPathTest {
  private static JythonGateway gateway;

  @TempDir static Path folder;
  private static Path file;
  private static final String TEXT = "0123456789abcdefghij";

  @BeforeAll
  static void start() throws IOException {
    gateway = new JythonGateway();
    file = Files.writeString(folder.resolve("data.txt"), TEXT, StandardCharsets.US_ASCII);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /**
   * A response that notes what the gateway asked the host to send as a file and, when given a
   * marker file, whether each file region and body write came before or after the application's
   * close() left that marker.
   */
  private static final class Recording implements WsgiResponse {
    final BufferedWsgiResponse buffered = new BufferedWsgiResponse();
    final List<String> files = new ArrayList<>();
    final List<String> writes = new ArrayList<>();
    boolean failSend;
    boolean aborted;
    Path marker;

    private String when() {
      if (marker == null) {
        return "";
      }
      return Files.exists(marker) ? " after close" : " before close";
    }

    @Override
    public void sendHeaders(int status, String reason, List<Map.Entry<String, String>> headers) {
      buffered.sendHeaders(status, reason, headers);
    }

    @Override
    public OutputStream body() {
      OutputStream body = buffered.body();
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          writes.add(1 + when());
          body.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          writes.add(len + when());
          body.write(b, off, len);
        }
      };
    }

    @Override
    public boolean isCommitted() {
      return buffered.isCommitted();
    }

    @Override
    public void abort() {
      aborted = true;
    }

    @Override
    public void sendFile(FileChannel channel, long position, long length) throws IOException {
      files.add(position + "+" + length + when());
      if (failSend) {
        throw new IOException("client gone");
      }
      WsgiResponse.super.sendFile(channel, position, length);
    }
  }

  private static Recording call(String callable, Path path, boolean failSend) throws IOException {
    Recording response = new Recording();
    response.failSend = failSend;
    gateway.handle(
        dispatch(target("filewrapper.wsgi", callable), path == null ? "" : path.toString()),
        get("/app/x"),
        response);
    return response;
  }

  /** A call whose close() leaves {@code path + ".closed"}; {@code connection} as its header. */
  private static Recording markedCall(String callable, Path path, String connection)
      throws IOException {
    Recording response = new Recording();
    response.marker = path.resolveSibling(path.getFileName() + ".closed");
    Files.deleteIfExists(response.marker);
    gateway.handle(
        dispatch(target("filewrapper.wsgi", callable), path.toString()),
        request(
            "GET",
            "/app/x",
            List.of(Map.entry("Host", "localhost"), Map.entry("Connection", connection)),
            ""),
        response);
    return response;
  }

  private static Recording call(String callable, Path path) throws IOException {
    return call(callable, path, false);
  }

  /** How often close() ran on the objects of one kind so far. */
  private static int closes(String kind) throws IOException {
    for (String pair : Splitter.on(' ').split(call("closes", null).buffered.bodyText())) {
      if (pair.startsWith(kind + "=")) {
        return Integer.parseInt(pair.substring(kind.length() + 1));
      }
    }
    return 0;
  }

  @Test
  void aPythonFileIsSentWholeWithContentLengthAdded() throws IOException {
    Recording response = call("plain", file);
    assertEquals(List.of("0+20"), response.files);
    assertEquals(TEXT, response.buffered.bodyText());
    assertEquals(Optional.of("20"), response.buffered.header("Content-Length"));
    assertEquals(Optional.of("text/plain"), response.buffered.header("Content-Type"));
  }

  @Test
  void theRegionStartsAtTellEvenAfterBufferedReads() throws IOException {
    // read(3) fills the file object's buffer far beyond 3 bytes; tell() still says 3.
    Recording response = call("buffered_offset", file);
    assertEquals(List.of("3+4"), response.files);
    assertEquals("3456", response.buffered.bodyText());
    Recording io = call("io_open", file);
    assertEquals(List.of("5+15"), io.files);
    assertEquals(TEXT.substring(5), io.buffered.bodyText());
  }

  @Test
  void javaBackedFilesAreSentFromTheirPosition() throws IOException {
    int before = closes("java");
    Recording channel = call("java_channel", file);
    assertEquals(List.of("2+18"), channel.files);
    assertEquals(TEXT.substring(2), channel.buffered.bodyText());
    Recording raf = call("java_random_access", file);
    assertEquals(List.of("1+19"), raf.files);
    assertEquals(TEXT.substring(1), raf.buffered.bodyText());
    assertEquals(before + 2, closes("java"));
  }

  @Test
  void closeRunsOnceOnEveryPath() throws IOException {
    Recording sent = call("counted", file);
    assertEquals(List.of("0+20"), sent.files);
    Recording gone = call("counted", file, true);
    assertEquals(List.of("0+20"), gone.files);
    assertTrue(gone.aborted, "a failed transfer cuts the response short");
    Recording tooLong = call("counted_long", file);
    assertEquals(500, tooLong.buffered.status(), "Content-Length beyond the file: 500");
    assertTrue(tooLong.files.isEmpty());
    Recording written = call("write_first", file);
    assertTrue(written.files.isEmpty(), "write() first: the wrapper is iterated");
    assertEquals("first:" + TEXT, written.buffered.bodyText());
    assertFalse(written.buffered.header("Content-Length").isPresent());
    assertEquals(2, closes("counted"));
    assertEquals(1, closes("long"));
    assertEquals(1, closes("write"));
  }

  @Test
  void whenTheConnectionEndsTheFilesLastByteWaitsForClose() throws IOException {
    // httpd closes the connection after close() has run: a client reading to the end knows it ran.
    Recording closing = markedCall("marked_file", file, "close");
    assertEquals(List.of("0+19 before close"), closing.files);
    assertEquals("1 after close", closing.writes.get(closing.writes.size() - 1));
    assertEquals(TEXT, closing.buffered.bodyText());
    assertEquals(Optional.of("20"), closing.buffered.header("Content-Length"));
    // On a persistent connection the file goes whole, and close() follows.
    Recording persistent = markedCall("marked_file", file, "keep-alive");
    assertEquals(List.of("0+20 before close"), persistent.files);
    assertFalse(persistent.writes.stream().anyMatch(w -> w.endsWith("after close")));
    assertEquals(TEXT, persistent.buffered.bodyText());
  }

  @Test
  void whenTheConnectionEndsTheBodysLastByteWaitsForClose() throws IOException {
    Recording closing = markedCall("marked_body", file, "close");
    assertEquals(List.of("3 before close", "1 before close", "1 after close"), closing.writes);
    assertEquals("hello", closing.buffered.bodyText());
    Recording persistent = markedCall("marked_body", file, "keep-alive");
    assertEquals(List.of("3 before close", "2 before close"), persistent.writes);
    assertEquals("hello", persistent.buffered.bodyText());
  }

  @Test
  void aFileThatIsNotRegularIsIterated() throws IOException {
    Recording devnull = call("plain", Path.of("/dev/null"));
    assertTrue(devnull.files.isEmpty());
    assertEquals(200, devnull.buffered.status());
    assertEquals("", devnull.buffered.bodyText());
    assertFalse(devnull.buffered.header("Content-Length").isPresent());
  }
}
