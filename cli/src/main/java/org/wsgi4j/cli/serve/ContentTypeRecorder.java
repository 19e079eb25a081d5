package org.wsgi4j.cli.serve;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Notes the Content-Type exactly as the application (or the decision executor) set it, for {@link
 * ApacheRequestRules} to send unchanged: Jetty's servlet layer re-spells the parameters, and httpd
 * passes the application's bytes through.
 */
final class ContentTypeRecorder implements Filter {
  static final String ATTRIBUTE = "org.wsgi4j.serve.contentType";

  /** The value for one request, shared by the servlet filter and the Jetty handler. */
  static final class Holder {
    private volatile String value;

    String value() {
      return value;
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getAttribute(ATTRIBUTE) instanceof Holder holder
        && response instanceof HttpServletResponse http) {
      chain.doFilter(
          request,
          new HttpServletResponseWrapper(http) {
            @Override
            public void setContentType(String type) {
              holder.value = type;
              super.setContentType(type);
            }
          });
    } else {
      chain.doFilter(request, response);
    }
  }
}
