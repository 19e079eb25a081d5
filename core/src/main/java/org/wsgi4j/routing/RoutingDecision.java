package org.wsgi4j.routing;

import java.util.List;
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
   * 401 with {@code WWW-Authenticate}: {@code Basic realm="..."}, or mod_auth_digest's {@code
   * Digest realm="...", nonce="...", ...} when {@code digest} is present.
   *
   * @param refusal the error-log line httpd writes when credentials were sent and refused ({@code
   *     AH01617}/{@code AH01618}, mod_auth_basic), if any
   */
  record Challenge(
      String realm,
      Optional<DigestChallenge> digest,
      RouteFacts facts,
      Trace trace,
      Optional<String> refusal)
      implements RoutingDecision {
    public Challenge {
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(refusal, "refusal");
    }

    /** A Basic challenge. */
    public Challenge(String realm, RouteFacts facts, Trace trace) {
      this(realm, Optional.empty(), facts, trace, Optional.empty());
    }

    /** A Basic challenge after refused credentials. */
    public Challenge(String realm, RouteFacts facts, Trace trace, Optional<String> refusal) {
      this(realm, Optional.empty(), facts, trace, refusal);
    }

    /** A Digest challenge (or Basic, when {@code digest} is empty). */
    public Challenge(
        String realm, Optional<DigestChallenge> digest, RouteFacts facts, Trace trace) {
      this(realm, digest, facts, trace, Optional.empty());
    }

    @Override
    public int status() {
      return 401;
    }

    /** The value of the {@code WWW-Authenticate} header, as httpd writes it. */
    public String wwwAuthenticate() {
      return digest
          .map(d -> d.header(realm))
          .orElseGet(() -> "Basic realm=\"" + quoted(realm) + "\"");
    }

    /** The realm inside double quotes, with quotes and backslashes escaped. */
    static String quoted(String realm) {
      return realm.replace("\\", "\\\\").replace("\"", "\\\"");
    }
  }

  /**
   * The Digest parts of a challenge.
   *
   * @param nonce a fresh server nonce
   * @param domain AuthDigestDomain's URIs (none: no {@code domain} field)
   * @param stale whether the credentials were right but the nonce was not (expired, or not ours):
   *     the client may retry with the new nonce without asking its user
   */
  record DigestChallenge(String nonce, List<String> domain, boolean stale) {
    public DigestChallenge {
      Objects.requireNonNull(nonce, "nonce");
      domain = List.copyOf(domain);
    }

    /**
     * mod_auth_digest's header: realm, nonce, {@code algorithm=MD5}, then {@code domain} (the URIs
     * separated by one space) and {@code stale=true} when there are, and {@code qop="auth"} last
     * (recorded from httpd 2.4.71).
     */
    String header(String realm) {
      StringBuilder header =
          new StringBuilder("Digest realm=\"")
              .append(Challenge.quoted(realm))
              .append("\", nonce=\"")
              .append(nonce)
              .append("\", algorithm=MD5");
      if (!domain.isEmpty()) {
        header.append(", domain=\"").append(String.join(" ", domain)).append('"');
      }
      if (stale) {
        header.append(", stale=true");
      }
      return header.append(", qop=\"auth\"").toString();
    }
  }
}
