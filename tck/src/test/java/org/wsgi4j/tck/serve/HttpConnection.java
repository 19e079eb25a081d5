package org.wsgi4j.tck.serve;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One persistent HTTP/1.1 connection for the fault scenarios: writes requests and reads responses
 * framed by Content-Length or chunked encoding, so that many requests share one socket.
 */
final class HttpConnection implements Closeable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  /** A response head and its body. */
  record Response(int status, Map<String, String> headers, String latin1Body) {
    String body() {
      return new String(latin1Body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
  }

  HttpConnection(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(120_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  Socket socket() {
    return socket;
  }

  void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  Response get(String target, String... headers) throws IOException {
    StringBuilder request =
        new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: faults.example\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    write(request.append("\r\n").toString());
    return read(false);
  }

  /** Reads one response; with {@code headOnly} the body is left in the stream. */
  Response read(boolean headOnly) throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.merge(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    if (headOnly) {
      return new Response(status, headers, "");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
      for (int size = chunkSize(); size > 0; size = chunkSize()) {
        body.write(in.readNBytes(size));
        line();
      }
      line();
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if ("close".equalsIgnoreCase(headers.get("connection"))
        && status >= 200
        && status != 204
        && status != 304) {
      body.write(in.readAllBytes()); // delimited by the end of the connection
    }
    return new Response(
        status, headers, new String(body.toByteArray(), StandardCharsets.ISO_8859_1));
  }

  private int chunkSize() throws IOException {
    String line = line();
    int semicolon = line.indexOf(';');
    return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
  }

  InputStream input() {
    return in;
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed after: " + line);
      }
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) c);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
