package org.wsgi4j.servlet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.RoutingDecision;

/**
 * The one place where a routing decision has side effects: redirects, error pages, the 401
 * challenge, static files, handing over to the WSGI runner or to the rest of the chain.
 */
public final class DecisionExecutor {
  private static final Logger LOG = Logger.getLogger(DecisionExecutor.class.getName());

  private final Optional<WsgiApplicationRunner> runner;
  private final StaticFileResponder statics;

  /**
   * @param context the web application (unused: content types come from mod_mime's table, not the
   *     container's)
   */
  public DecisionExecutor(Optional<WsgiApplicationRunner> runner, ServletContext context) {
    this.runner = runner;
    this.statics = new StaticFileResponder(Clock.systemUTC());
  }

  public void execute(
      RoutingDecision decision,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain)
      throws IOException, ServletException {
    execute(decision, null, request, response, chain);
  }

  /**
   * @param routed the view the decision was made on, if it holds the full request-target (the
   *     filter routes on the request URI), else null
   */
  void execute(
      RoutingDecision decision,
      RequestView routed,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain)
      throws IOException, ServletException {
    // RewriteCond header reads: the router lists them only on the answers httpd keeps them on (the
    // application's and static files), written as httpd writes them (one field, ',' between).
    // Like httpd's headers_out they go with a reset, where the [CO] cookies stay
    // (DecisionResponse).
    if (!decision.facts().vary().isEmpty()) {
      response.addHeader("Vary", String.join(",", decision.facts().vary()));
    }
    HttpServletResponse plain = response;
    response = DecisionResponse.of(decision, response);
    RequestErrorLog.write(decision, request);
    if (decision instanceof RoutingDecision.PassThrough) {
      chain.doFilter(request, response);
    } else if (decision instanceof RoutingDecision.Redirect redirect) {
      redirect(redirect, response);
    } else if (decision instanceof RoutingDecision.Challenge challenge) {
      response.setHeader("WWW-Authenticate", challenge.wwwAuthenticate());
      page(
          response,
          401,
          "This server could not verify that you\nare authorized to access the document\nrequested."
              + "  Either you supplied the wrong\ncredentials (e.g., bad password), or your\nbrowser"
              + " doesn't understand how to supply\nthe credentials required.");
    } else if (decision instanceof RoutingDecision.Respond respond) {
      LOG.log(
          Level.FINE,
          "{0} {1}: {2}",
          new Object[] {respond.status(), request.getRequestURI(), respond.reason()});
      page(response, respond.status(), publicDetail(respond.status()));
    } else if (decision instanceof RoutingDecision.StaticFile file) {
      // The cookies are on the response already. httpd's 416 (the byte-range filter's error)
      // goes out without them, as recorded in filter-mime: the file is sent through the plain
      // response, whose reset() drops them too.
      staticFile(file, request, plain);
    } else if (decision instanceof RoutingDecision.Dispatch dispatch) {
      if (runner.isEmpty()) {
        page(response, 500, "No WSGI runtime is configured for this filter.");
        return;
      }
      if (routed == null) {
        runner.get().run(dispatch, request, response);
      } else {
        runner.get().run(dispatch, routed, request, response);
      }
    }
  }

  private static void redirect(RoutingDecision.Redirect redirect, HttpServletResponse response)
      throws IOException {
    String location = redirect.location();
    if (location.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      // Never let request data split a response header (CVE-2016-4975).
      page(response, 500, "The redirect target is not a valid URL.");
      return;
    }
    response.setHeader("Location", location);
    page(response, redirect.status(), "The document has moved here: " + location);
  }

  /** What a client is told: the reason stays in the log (it may name files). */
  static String publicDetail(int status) {
    return switch (status) {
      case 404 -> "The requested URL was not found on this server.";
      case 403 -> "You don't have permission to access this resource.";
      case 400 -> "Your browser sent a request that this server could not understand.";
      case 405 -> "The requested method is not allowed for this URL.";
      default -> "The server could not complete the request.";
    };
  }

  static void page(HttpServletResponse response, int status, String detail) throws IOException {
    response.setStatus(status);
    response.setContentType("text/html; charset=iso-8859-1");
    byte[] body = ErrorPages.page(status, detail).getBytes(StandardCharsets.ISO_8859_1);
    response.setContentLength(body.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(body);
    }
  }

  private void staticFile(
      RoutingDecision.StaticFile decision, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    statics.respond(
        Path.of(decision.file()),
        request,
        response,
        decision.facts().mime(),
        decision.facts().forcedType());
  }
}
