package org.wsgi4j.cli.serve;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * The request line as the client sent it, for {@code %r}: Jetty keeps no copy, so it is rebuilt
 * from the method, the target (absolute-form when its authority differs from Host, as {@link
 * ApacheRequestRules} tells them apart; {@code *} for {@code OPTIONS *}) and the protocol. Raw
 * bytes above 0x7F in the target are given back as the bytes that were sent.
 */
final class RequestLineText {
  private RequestLineText() {}

  static String of(Request request) {
    HttpURI uri = request.getHttpURI();
    String target =
        uri.getPathQuery() == null || uri.getPath().isEmpty() ? "*" : uri.getPathQuery();
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (uri.getHost() != null && uri.getScheme() != null) {
      String authority = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
      if (host == null || !authority.equalsIgnoreCase(host)) {
        target = uri.getScheme() + "://" + authority + target;
      }
    }
    return request.getMethod()
        + " "
        + asSentBytes(target)
        + " "
        + request.getConnectionMetaData().getProtocol();
  }

  /** Characters above 0x7F (Jetty decoded the raw target as UTF-8) as their UTF-8 bytes. */
  static String asSentBytes(String text) {
    if (text.chars().allMatch(c -> c < 0x80)) {
      return text;
    }
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}
