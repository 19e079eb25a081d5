package org.wsgi4j.servlet;

import com.google.common.collect.ImmutableList;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.wsgi4j.routing.MimeFacts;
import org.wsgi4j.routing.RoutingDecision;

/**
 * The response as a decision's answer leaves it: with the {@code Set-Cookie} headers of RewriteRule
 * {@code [CO]}, which httpd keeps in {@code err_headers_out} and so sends with every answer, also
 * an error page that replaces a half-built response (a 500 after the application failed, a 504);
 * and, for a WSGI answer, with {@code AddDefaultCharset} applied to the type the application sets,
 * as httpd's {@code ap_make_content_type} does (recorded in filter-mime).
 */
final class DecisionResponse extends HttpServletResponseWrapper {
  private final ImmutableList<String> cookies;
  private final MimeFacts mime;

  private DecisionResponse(
      HttpServletResponse response, ImmutableList<String> cookies, MimeFacts mime) {
    super(response);
    this.cookies = cookies;
    this.mime = mime;
    addCookies();
  }

  /** {@code response} itself when the decision adds nothing to it. */
  static HttpServletResponse of(RoutingDecision decision, HttpServletResponse response) {
    ImmutableList<String> cookies = decision.facts().setCookies();
    MimeFacts mime =
        decision instanceof RoutingDecision.Dispatch ? decision.facts().mime() : MimeFacts.NONE;
    if (cookies.isEmpty() && mime.defaultCharset().isEmpty()) {
      return response;
    }
    return new DecisionResponse(response, cookies, mime);
  }

  private void addCookies() {
    for (String cookie : cookies) {
      super.addHeader("Set-Cookie", cookie);
    }
  }

  @Override
  public void reset() {
    super.reset();
    addCookies();
  }

  @Override
  public void setContentType(String type) {
    super.setContentType(type == null ? null : mime.withDefaultCharset(type));
  }
}
