package org.wsgi4j.wsgi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Where the gateway writes a response. Strings hold raw bytes as latin-1 characters. The gateway
 * calls {@link #sendHeaders} exactly once, before any body byte, and only writes to {@link #body()}
 * after it.
 */
public interface WsgiResponse {
  /**
   * Commits the status and headers.
   *
   * @param status the numeric status
   * @param reason the reason phrase as the application gave it (may be empty)
   * @param headers the header fields in the application's order; repeated names stay separate
   */
  void sendHeaders(int status, String reason, List<Map.Entry<String, String>> headers)
      throws IOException;

  /** The body stream; valid after {@link #sendHeaders}. */
  OutputStream body() throws IOException;

  /**
   * Sends {@code length} bytes of {@code file} from {@code position} as the whole rest of the body
   * ({@code wsgi.file_wrapper}'s fast path); valid after {@link #sendHeaders}. The caller has
   * checked that the file holds that many bytes; if it shrinks meanwhile, this throws. Hosts
   * override it with their container's efficient way of sending a file; this one copies through
   * {@link #body()} in large blocks, without going through Python.
   */
  default void sendFile(FileChannel file, long position, long length) throws IOException {
    FileBodies.copy(file, position, length, body());
  }

  /**
   * Whether the host already knows that the client's connection ends with this response, whatever
   * the request asked for: its own keep-alive rules said so (httpd's {@code KeepAlive Off}, the
   * last of {@code MaxKeepAliveRequests}). The gateway then holds the body's last byte until the
   * application's {@code close()} has run (see {@link ConnectionEnd}).
   */
  default boolean endsConnection() {
    return false;
  }

  /** Whether the status and headers were sent. */
  boolean isCommitted();

  /**
   * The response cannot be completed (the application failed after the headers were sent): the host
   * should end the exchange so that the client sees a truncated response, for example by closing
   * the connection without the final chunk.
   */
  default void abort() {}

  /** Answers with an error page like httpd's, if nothing was sent yet. */
  default void sendError(int status, String reason) throws IOException {
    if (isCommitted()) {
      abort();
      return;
    }
    String page = HttpdErrorPage.page(status, reason);
    byte[] bytes = page.getBytes(StandardCharsets.ISO_8859_1);
    sendHeaders(
        status,
        reason,
        List.of(
            Map.entry("Content-Length", Integer.toString(bytes.length)),
            Map.entry("Content-Type", "text/html; charset=iso-8859-1")));
    body().write(bytes);
  }
}
