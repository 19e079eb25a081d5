package org.wsgi4j.cli.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What httpd does at the protocol level before any module sees a request, where Jetty differs:
 *
 * <ul>
 *   <li>the per-line limits (Jetty only limits the whole head): a request line longer than {@code
 *       LimitRequestLine} gets 414, a header line longer than {@code LimitRequestFieldSize} or more
 *       than {@code LimitRequestFields} lines get 400. Lines are measured as httpd reads them,
 *       without the CRLF; Jetty has parsed them already, so a line is rebuilt as {@code name ": "
 *       value} (extra spaces around a value are not counted);
 *   <li>a {@code #fragment} in the request-target gets 400 (Jetty drops it);
 *   <li>{@code OPTIONS *} gets httpd's empty 200;
 *   <li>raw bytes above 0x7F in the request-target reach the router as bytes (PEP 3333's latin-1
 *       view), not as the UTF-8 characters Jetty decoded them to;
 *   <li>the application's Content-Type leaves byte for byte as it gave it ({@link
 *       ContentTypeRecorder} notes it; the servlet layer would re-spell {@code text/html;
 *       charset=utf-8} as {@code text/html;charset=utf-8}).
 * </ul>
 */
final class ApacheRequestRules extends Handler.Wrapper {
  private final Supplier<ProtocolLimits> currentLimits;
  private volatile BodyLimit bodyLimit;

  /**
   * Jetty's SizeLimitHandler for one LimitRequestBody value. It stays outside the handler tree
   * (never started, no state of its own) and hands requests to this handler's child, so a reload
   * with another limit just makes a new one.
   */
  private record BodyLimit(long limit, Handler handler) {}

  ApacheRequestRules(Supplier<ProtocolLimits> limits, Handler last) {
    this.currentLimits = limits;
    setHandler(last);
  }

  private Handler bodyLimit(long limit) {
    BodyLimit current = bodyLimit;
    if (current == null || current.limit() != limit) {
      SizeLimitHandler handler = new SizeLimitHandler(limit, -1);
      handler.setHandler(
          new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback)
                throws Exception {
              return ApacheRequestRules.this.getHandler().handle(request, response, callback);
            }
          });
      current = new BodyLimit(limit, handler);
      bodyLimit = current;
    }
    return current.handler();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    ProtocolLimits limits = currentLimits.get();
    HttpURI uri = request.getHttpURI();
    String target = uri.getPathQuery() == null ? "*" : uri.getPathQuery();
    int lineLength =
        request.getMethod().length()
            + 1
            + utf8Length(target)
            + 1
            + request.getConnectionMetaData().getProtocol().length();
    if (lineLength > limits.requestLine() + 1) {
      return refuse(request, response, callback, HttpStatus.URI_TOO_LONG_414);
    }
    int count = 0;
    for (HttpField field : request.getHeaders()) {
      count++;
      int length = field.getName().length() + 2 + field.getValue().length();
      if (length > limits.fieldSize() + 1 || (limits.fields() > 0 && count > limits.fields())) {
        return refuse(request, response, callback, HttpStatus.BAD_REQUEST_400);
      }
    }
    if (uri.getFragment() != null) {
      return refuse(request, response, callback, HttpStatus.BAD_REQUEST_400);
    }
    if (request.getMethod().equals("OPTIONS") && "*".equals(uri.getPath())) {
      response.setStatus(HttpStatus.OK_200);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      callback.succeeded();
      return true;
    }
    ContentTypeRecorder.Holder holder = new ContentTypeRecorder.Holder();
    request.setAttribute(ContentTypeRecorder.ATTRIBUTE, holder);
    return bodyLimit(limits.requestBody())
        .handle(asHttpdSeesIt(request), new ExactContentType(response, holder), callback);
  }

  private static boolean refuse(Request request, Response response, Callback callback, int status) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    Response.writeError(request, response, callback, status);
    return true;
  }

  /**
   * The request as httpd sees it: non-ASCII characters of the request-target are the bytes that
   * were sent, and with an absolute-form target the target's authority replaces the Host header
   * (httpd chooses the virtual host from it and shows it as HTTP_HOST). For an origin-form target
   * Jetty builds the URI's authority from Host, so the two only differ for an absolute-form target.
   */
  private static Request asHttpdSeesIt(Request request) {
    HttpURI uri = request.getHttpURI();
    String path = uri.getPath();
    String query = uri.getQuery();
    boolean ascii = isAscii(path) && isAscii(query);
    HttpURI bytes =
        ascii
            ? uri
            : HttpURI.build(uri).path(latin1(path)).query(query == null ? null : latin1(query));
    String host = request.getHeaders().get(HttpHeader.HOST);
    String authority =
        uri.getHost() == null
            ? null
            : uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    boolean absoluteForm =
        host != null && authority != null && !unbracketed(authority).equals(unbracketed(host));
    HttpFields headers =
        absoluteForm
            ? HttpFields.build(request.getHeaders()).put(HttpHeader.HOST, authority).asImmutable()
            : request.getHeaders();
    if (ascii && !absoluteForm) {
      return request;
    }
    return new Request.Wrapper(request) {
      @Override
      public HttpURI getHttpURI() {
        return bytes;
      }

      @Override
      public HttpFields getHeaders() {
        return headers;
      }
    };
  }

  /** An authority compared without case and IPv6 brackets (Jetty may keep or drop them). */
  private static String unbracketed(String authority) {
    return authority.replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
  }

  private static boolean isAscii(String text) {
    if (text == null) {
      return true;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** The request-target's length in bytes as sent; no copy for the usual all-ASCII target. */
  private static int utf8Length(String text) {
    return isAscii(text) ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String latin1(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** Puts the application's own spelling of Content-Type back before the head is written. */
  private static final class ExactContentType extends Response.Wrapper {
    private static final Pattern AROUND_SEMICOLON = Pattern.compile("\\s*;\\s*");

    private final ContentTypeRecorder.Holder holder;
    private boolean fixed;

    ExactContentType(Response response, ContentTypeRecorder.Holder holder) {
      super(response.getRequest(), response);
      this.holder = holder;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      if (!fixed) {
        fixed = true;
        String given = holder.value();
        String current = getHeaders().get(HttpHeader.CONTENT_TYPE);
        // Usually the servlet layer kept the value as given: then there is nothing to put back.
        if (given != null
            && current != null
            && !given.equals(current)
            && sameMeaning(given, current)) {
          getHeaders().put(HttpHeader.CONTENT_TYPE, given);
        }
      }
      super.write(last, content, callback);
    }

    private static boolean sameMeaning(String a, String b) {
      return canonical(a).equals(canonical(b));
    }

    private static String canonical(String type) {
      return AROUND_SEMICOLON.matcher(type).replaceAll(";").toLowerCase(Locale.ROOT);
    }
  }
}
