package org.wsgi4j.cli.serve;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * mod_logio's {@code %O} (bytes sent, headers included) for one request: the connection's byte
 * count now minus what it was when the connection's previous request was logged. Responses on one
 * connection are written one after the other and the log runs when a response is complete, so the
 * difference is exactly this response.
 */
final class ConnectionBytes {
  private static final String LOGGED = "org.wsgi4j.serve.bytesOutLogged";
  private static final String SENT = "org.wsgi4j.serve.bytesSent";

  private ConnectionBytes() {}

  /** The same number however often a request is logged (several logs, several %O). */
  static long sentFor(Request request) {
    if (request.getAttribute(SENT) instanceof Long sent) {
      return sent;
    }
    ConnectionMetaData meta = request.getConnectionMetaData();
    Connection connection = meta.getConnection();
    long now = connection.getBytesOut();
    Object before = meta.setAttribute(LOGGED, now);
    long sent = now - (before instanceof Long previous ? previous : 0L);
    request.setAttribute(SENT, sent);
    return sent;
  }
}
