package org.wsgi4j.cli.serve;

import java.util.Locale;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

/**
 * httpd's persistent connections (recorded in the serve kit's {@code keepalive} case): {@code
 * KeepAlive Off} answers every request with {@code Connection: close}; with {@code
 * MaxKeepAliveRequests N} (0 for no limit) the connection's request number N + 1 is answered with
 * {@code Connection: close} and the connection ends; between requests a connection may stay idle
 * for {@code KeepAliveTimeout}, while a request is being served {@code Timeout} applies. An
 * HTTP/1.0 client that asks for keep-alive gets {@code Connection: Keep-Alive} and {@code
 * Keep-Alive: timeout=T, max=M} (M the requests left), as httpd sends them; HTTP/1.1 answers carry
 * neither; an HTTP/1.0 answer without keep-alive says {@code Connection: close}. The values are
 * read for every request, so a reload applies them to open connections.
 */
final class KeepAliveRules extends Handler.Wrapper {
  private final Supplier<ServerDirectives> directives;

  KeepAliveRules(Supplier<ServerDirectives> directives, Handler next) {
    this.directives = directives;
    setHandler(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    ServerDirectives now = directives.get();
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    endPoint.setIdleTimeout(now.timeout().toMillis());
    long number =
        request.getConnectionMetaData().getConnection() instanceof HttpConnection http
            ? http.getMessagesIn()
            : 1;
    int max = now.maxKeepAliveRequests();
    String asked = request.getHeaders().get(HttpHeader.CONNECTION);
    boolean http10 = request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_0;
    boolean http10KeepAlive =
        http10 && asked != null && asked.toLowerCase(Locale.ROOT).contains("keep-alive");
    boolean last = !now.keepAlive() || (max > 0 && number > max) || (http10 && !http10KeepAlive);
    if (last) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    } else if (http10KeepAlive) {
      long seconds = now.keepAliveTimeout().toSeconds();
      response.getHeaders().put(HttpHeader.CONNECTION, "Keep-Alive");
      response
          .getHeaders()
          .put(
              HttpHeader.KEEP_ALIVE,
              max > 0
                  ? "timeout=" + seconds + ", max=" + (max - number + 1)
                  : "timeout=" + seconds);
    }
    long idle = now.keepAliveTimeout().toMillis();
    Callback between =
        Callback.from(
            callback,
            () -> {
              // Waiting for the next request: KeepAliveTimeout, not Timeout.
              endPoint.setIdleTimeout(idle);
            });
    return super.handle(request, response, between);
  }
}
