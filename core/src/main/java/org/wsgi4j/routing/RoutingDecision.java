package org.wsgi4j.routing;

import java.util.Objects;
import java.util.Optional;

/**
 * What to do with a request: the router's whole answer. Every decision carries the facts httpd
 * would have established and the trace of what fired.
 */
public sealed interface RoutingDecision
    permits RoutingDecision.Dispatch,
        RoutingDecision.StaticFile,
        RoutingDecision.PassThrough,
        RoutingDecision.Redirect,
        RoutingDecision.Respond,
        RoutingDecision.Challenge {

  RouteFacts facts();

  Trace trace();

  /** The HTTP status the decision stands for (200 for dispatch, static files and pass-through). */
  int status();

  /** Run the WSGI application. */
  record Dispatch(WsgiTarget target, RouteFacts facts, Trace trace) implements RoutingDecision {
    public Dispatch {
      Objects.requireNonNull(target, "target");
    }

    @Override
    public int status() {
      return 200;
    }
  }

  /** Serve a file (DocumentRoot or Alias). */
  record StaticFile(String file, RouteFacts facts, Trace trace) implements RoutingDecision {
    @Override
    public int status() {
      return 200;
    }
  }

  /** Not for wsgi4j: hand the request to the rest of the servlet chain. */
  record PassThrough(RouteFacts facts, Trace trace) implements RoutingDecision {
    @Override
    public int status() {
      return 200;
    }
  }

  /** An external redirect. */
  record Redirect(int status, String location, RouteFacts facts, Trace trace)
      implements RoutingDecision {}

  /** Answer with a status and no application (400, 403, 404, 410, 500 ...). */
  record Respond(int status, String reason, RouteFacts facts, Trace trace)
      implements RoutingDecision {
    /** The reason of a 403 from {@code Require} (httpd logs AH01630 for it). */
    public static final String AUTHORIZATION_DENIED = "authorization denied";
  }

  /**
   * 401 with {@code WWW-Authenticate: Basic realm="..."}.
   *
   * @param refusal the error-log line httpd writes when credentials were sent and refused ({@code
   *     AH01617}/{@code AH01618}, mod_auth_basic), if any
   */
  record Challenge(String realm, RouteFacts facts, Trace trace, Optional<String> refusal)
      implements RoutingDecision {
    public Challenge {
      Objects.requireNonNull(refusal, "refusal");
    }

    public Challenge(String realm, RouteFacts facts, Trace trace) {
      this(realm, facts, trace, Optional.empty());
    }

    @Override
    public int status() {
      return 401;
    }
  }
}
