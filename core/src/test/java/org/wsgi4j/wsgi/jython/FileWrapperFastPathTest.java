package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgi4j.wsgi.Dispatches.dispatch;
import static org.wsgi4j.wsgi.Dispatches.get;
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

  /** A response that notes what the gateway asked the host to send as a file. */
  private static final class Recording implements WsgiResponse {
    final BufferedWsgiResponse buffered = new BufferedWsgiResponse();
    final List<String> files = new ArrayList<>();
    boolean failSend;
    boolean aborted;

    @Override
    public void sendHeaders(int status, String reason, List<Map.Entry<String, String>> headers) {
      buffered.sendHeaders(status, reason, headers);
    }

    @Override
    public OutputStream body() {
      return buffered.body();
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
      files.add(position + "+" + length);
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
  void aFileThatIsNotRegularIsIterated() throws IOException {
    Recording devnull = call("plain", Path.of("/dev/null"));
    assertTrue(devnull.files.isEmpty());
    assertEquals(200, devnull.buffered.status());
    assertEquals("", devnull.buffered.bodyText());
    assertFalse(devnull.buffered.header("Content-Length").isPresent());
  }
}
