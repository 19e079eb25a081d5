package org.wsgi4j.wsgi;

import com.google.common.base.Splitter;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the client's connection ends with this response (RFC 9112 §9.3): a {@code close} token in
 * its Connection header, or HTTP/1.0 without {@code keep-alive}. On such a connection the client
 * learns that the response is complete only when the connection closes.
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
      for (String token : TOKENS.split(header.getValue())) {
        String name = token.toLowerCase(Locale.ROOT);
        close |= name.equals("close");
        keepAlive |= name.equals("keep-alive");
      }
    }
    if (close) {
      return true;
    }
    String protocol = request.protocol();
    return !keepAlive
        && (protocol.equalsIgnoreCase("HTTP/1.0") || protocol.equalsIgnoreCase("HTTP/0.9"));
  }
}
