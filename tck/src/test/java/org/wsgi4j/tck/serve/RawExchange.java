package org.wsgi4j.tck.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request sent exactly as the oracle's {@code probe} sends it (raw bytes over a fresh socket,
 * the request-target never re-encoded, {@code Host: localhost}, {@code Connection: close} and
 * {@code Content-Length} added unless given) and the response parsed as {@code probe} parses it:
 * lower-case header names with repeats joined by {@code ", "}, chunked bodies de-chunked, no body
 * for HEAD, 204 and 304.
 *
 * @param status 0 when the connection failed or nothing came back
 * @param headers lower-case names
 * @param latin1Body the body bytes as ISO-8859-1 characters (one character per byte)
 */
record RawExchange(int status, String reason, Map<String, String> headers, String latin1Body) {

  RawExchange(int status, String reason, Map<String, String> headers, byte[] body) {
    this(status, reason, headers, new String(body, StandardCharsets.ISO_8859_1));
  }

  byte[] body() {
    return latin1Body.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] requestBytes(JsonNode request) {
    if (request.has("raw")) {
      return request.get("raw").asText().getBytes(StandardCharsets.ISO_8859_1);
    }
    String method = text(request, "method", "GET");
    String target = text(request, "target", "/");
    String version = text(request, "version", "HTTP/1.1");
    byte[] body =
        request.has("body_base64")
            ? Base64.getDecoder().decode(request.get("body_base64").asText())
            : text(request, "body", "").getBytes(StandardCharsets.UTF_8);
    JsonNode headers = request.get("headers");
    Map<String, String> lower = new LinkedHashMap<>();
    if (headers != null) {
      headers.fieldNames().forEachRemaining(k -> lower.put(k.toLowerCase(Locale.ROOT), k));
    }
    List<String[]> lines = new ArrayList<>();
    if (!lower.containsKey("host")) {
      lines.add(new String[] {"Host", "localhost"});
    }
    if (headers != null) {
      for (Map.Entry<String, JsonNode> field : headers.properties()) {
        JsonNode value = field.getValue();
        if (value.isNull()) {
          continue;
        }
        if (value.isArray()) {
          value.forEach(item -> lines.add(new String[] {field.getKey(), item.asText()}));
        } else {
          lines.add(new String[] {field.getKey(), value.asText()});
        }
      }
    }
    if (!lower.containsKey("connection")) {
      lines.add(new String[] {"Connection", "close"});
    }
    if (body.length > 0
        && !lower.containsKey("content-length")
        && !lower.containsKey("transfer-encoding")) {
      lines.add(new String[] {"Content-Length", Integer.toString(body.length)});
    }
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(' ').append(version).append("\r\n");
    for (String[] line : lines) {
      head.append(line[0]).append(": ").append(line[1]).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    bytes.writeBytes(body);
    return bytes.toByteArray();
  }

  static String method(JsonNode request) {
    if (request.has("raw")) {
      return request.get("raw").asText().split(" ", 2)[0];
    }
    return text(request, "method", "GET");
  }

  /** Sends one request on a new connection and reads until the server closes it. */
  static RawExchange send(int port, JsonNode request) throws IOException {
    return send(port, requestBytes(request), method(request));
  }

  static RawExchange send(int port, byte[] bytes, String method) throws IOException {
    byte[] raw;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(120_000); // the first request starts Jython: slow on a loaded machine
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      raw = readAll(socket.getInputStream());
    }
    return parse(raw, method);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketException reset) {
        if (all.size() > 0) {
          break;
        }
        throw reset;
      }
      if (n < 0) {
        break;
      }
      all.write(buffer, 0, n);
    }
    return all.toByteArray();
  }

  static RawExchange parse(byte[] raw, String method) {
    if (raw.length == 0) {
      return new RawExchange(0, "empty response", Map.of(), new byte[0]);
    }
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int separator = all.indexOf("\r\n\r\n");
    String head = separator < 0 ? all : all.substring(0, separator);
    byte[] body = new byte[0];
    if (separator >= 0) {
      body = java.util.Arrays.copyOfRange(raw, separator + 4, raw.length);
    }
    String[] lines = head.split("\r\n", -1);
    String[] statusParts = lines[0].split(" ", 3);
    int status;
    try {
      status = Integer.parseInt(statusParts[1]);
    } catch (RuntimeException e) {
      return new RawExchange(0, "bad status line: " + lines[0], Map.of(), new byte[0]);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String last = null;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        headers.put(last, headers.get(last) + " " + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      String name = (colon < 0 ? line : line.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
      String value = colon < 0 ? "" : line.substring(colon + 1).strip();
      headers.merge(name, value, (a, b) -> a + ", " + b);
      last = name;
    }
    if (method.equals("HEAD")
        || status == 204
        || status == 304
        || (status >= 100 && status < 200)) {
      body = new byte[0];
    } else if (headers
        .getOrDefault("transfer-encoding", "")
        .toLowerCase(Locale.ROOT)
        .contains("chunked")) {
      body = dechunk(body);
    }
    return new RawExchange(status, statusParts.length > 2 ? statusParts[2] : "", headers, body);
  }

  private static byte[] dechunk(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    String text = new String(data, StandardCharsets.ISO_8859_1);
    while (true) {
      int eol = text.indexOf("\r\n", pos);
      if (eol < 0) {
        break;
      }
      String sizeText = text.substring(pos, eol).split(";", 2)[0].strip();
      int size;
      try {
        size = Integer.parseInt(sizeText, 16);
      } catch (NumberFormatException e) {
        break;
      }
      pos = eol + 2;
      if (size == 0) {
        break;
      }
      out.write(data, pos, Math.min(size, data.length - pos));
      pos += size + 2;
    }
    return out.toByteArray();
  }

  String bodyText() {
    return new String(body(), StandardCharsets.UTF_8);
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : value.asText();
  }
}
