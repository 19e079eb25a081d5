package org.wsgi4j.cli.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.wsgi4j.wsgi.HttpdErrorPage;

/**
 * The errors Jetty answers itself (a malformed request, a body over the limit, a request line too
 * long) in httpd's shape: {@code text/html; charset=iso-8859-1} with a short page, no Jetty details
 * (httpd's pages name no causes either).
 */
final class ApacheErrorPages extends ErrorHandler {
  static final String CONTENT_TYPE = "text/html; charset=iso-8859-1";

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    response.write(true, page(code), callback);
  }

  static ByteBuffer page(int status) {
    String reason = HttpStatus.getMessage(status);
    String html = HttpdErrorPage.page(status, reason);
    return ByteBuffer.wrap(html.getBytes(StandardCharsets.ISO_8859_1));
  }
}
