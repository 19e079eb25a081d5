package org.wsgi4j.wsgi;

import com.google.common.base.Splitter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the client's connection ends with a response (RFC 9112 §9.3): a {@code close} token in
 * the request's or the response's Connection header, or HTTP/1.0 without {@code keep-alive}. On
 * such a connection the client learns that the response is complete when the connection closes, and
 * httpd closes it only after its handler has returned.
 */
public final class ConnectionEnd {
  private static final Splitter TOKENS = Splitter.on(',').trimResults();

  private ConnectionEnd() {}

  /** True when the request asks for its connection to end after the response. */
  public static boolean after(WsgiRequest request) {
    boolean close = false;
    boolean keepAlive = false;
    for (Map.Entry<String, String> header : request.headers()) {
      if (!header.getKey().equalsIgnoreCase("Connection")) {
        continue;
      }
      close |= hasToken(header.getValue(), "close");
      keepAlive |= hasToken(header.getValue(), "keep-alive");
    }
    if (close) {
      return true;
    }
    String protocol = request.protocol();
    return !keepAlive
        && (protocol.equalsIgnoreCase("HTTP/1.0") || protocol.equalsIgnoreCase("HTTP/0.9"));
  }

  /** True when response header fields (an application's) include {@code Connection: close}. */
  public static boolean announcedBy(List<Map.Entry<String, String>> responseHeaders) {
    for (Map.Entry<String, String> header : responseHeaders) {
      if (header.getKey().equalsIgnoreCase("Connection") && hasToken(header.getValue(), "close")) {
        return true;
      }
    }
    return false;
  }

  /** Whether a Connection header value lists {@code token} (case-insensitive). */
  public static boolean hasToken(String value, String token) {
    for (String listed : TOKENS.split(value)) {
      if (listed.toLowerCase(Locale.ROOT).equals(token)) {
        return true;
      }
    }
    return false;
  }
}
