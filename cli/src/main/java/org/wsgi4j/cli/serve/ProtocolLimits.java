package org.wsgi4j.cli.serve;

import org.wsgi4j.model.ProtocolSettings;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.ServerHost;

/**
 * httpd's request limits as the embedded server enforces them. The request line and header limits
 * are the main server's (httpd reads the request before it knows the virtual host); the body limit
 * is the smallest any host sets, so a stricter virtual host is never loosened (fail closed).
 *
 * @param requestLine {@code LimitRequestLine} (httpd's default 8190)
 * @param fieldSize {@code LimitRequestFieldSize} (8190)
 * @param fields {@code LimitRequestFields} (100; 0 for unlimited)
 * @param requestBody {@code LimitRequestBody} in bytes (1 GiB since httpd 2.4.54; -1 for unlimited)
 */
public record ProtocolLimits(int requestLine, int fieldSize, int fields, long requestBody) {
  static final int DEFAULT_LINE = 8190;
  static final int DEFAULT_FIELDS = 100;
  static final long DEFAULT_BODY = 1L << 30;

  public static ProtocolLimits of(ServerConfig model) {
    ProtocolSettings main = model.mainServer().settings().protocol();
    long body = bodyLimit(main, DEFAULT_BODY);
    for (ServerHost host : model.virtualHosts()) {
      long own = bodyLimit(host.settings().protocol(), body);
      if (own >= 0 && (body < 0 || own < body)) {
        body = own;
      }
    }
    return new ProtocolLimits(
        main.limitRequestLine().orElse(DEFAULT_LINE),
        main.limitRequestFieldSize().orElse(DEFAULT_LINE),
        main.limitRequestFields().orElse(DEFAULT_FIELDS),
        body);
  }

  private static long bodyLimit(ProtocolSettings settings, long inherited) {
    if (settings.limitRequestBody().isEmpty()) {
      return inherited;
    }
    long value = settings.limitRequestBody().getAsLong();
    return value == 0 ? -1 : value;
  }

  /**
   * What Jetty may buffer for a whole request head: room for every line httpd would accept, so that
   * the per-line limits are httpd's and not Jetty's own total.
   */
  int headerBlockSize() {
    long lines = fields == 0 ? 1000 : fields;
    long size = requestLine + 2L + lines * (fieldSize + 2L) + 2L;
    return (int) Math.min(size, 16L << 20);
  }
}
