package org.wsgi4j.routing;

import java.util.IdentityHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.wsgi4j.rewrite.RewriteInputs;
import org.wsgi4j.rewrite.RewriteOutcome;

/**
 * Remembers the outcome of a server's server-context rewrite program per URL, for the programs
 * whose outcome depends on nothing else ({@link RewriteInputs#urlOnly}): a server sees the same
 * URLs again and again, and running the rules costs more than the rest of a decision. An outcome is
 * immutable (its trace steps capture values only), so one can serve many requests. A URL is stored
 * on its second sighting ({@link SecondSighting}); bounded across all servers by {@link
 * #MAX_ENTRIES}, emptied when full; thread-safe.
 */
final class ServerRewriteMemo {
  static final int MAX_ENTRIES = 4096;

  /** The plans whose program reads only the URL, by identity. */
  private final IdentityHashMap<HostPlan, Boolean> urlOnly = new IdentityHashMap<>();

  private final ConcurrentMap<Key, RewriteOutcome> outcomes = new ConcurrentHashMap<>();

  /** Only URLs seen before are stored. */
  private final SecondSighting sightings = new SecondSighting();

  /** Filled once, before any request: read-only afterwards. */
  ServerRewriteMemo(Iterable<HostPlan> plans) {
    for (HostPlan plan : plans) {
      if (plan.serverRewrite().isPresent() && RewriteInputs.urlOnly(plan.serverRewrite().get())) {
        urlOnly.put(plan, Boolean.TRUE);
      }
    }
  }

  /**
   * What {@code run} gives for this URL on this server: remembered when the server's program reads
   * only the URL, otherwise run each time.
   */
  RewriteOutcome outcome(
      HostPlan plan,
      String uri,
      String query,
      boolean secure,
      String serverName,
      int serverPort,
      Supplier<RewriteOutcome> run) {
    if (!urlOnly.containsKey(plan)) {
      return run.get();
    }
    Key key = new Key(plan, uri, query, secure, serverName, serverPort);
    RewriteOutcome known = outcomes.get(key);
    if (known != null) {
      return known;
    }
    RewriteOutcome outcome = run.get();
    if (!sightings.seenBefore(key.hashCode())) {
      return outcome;
    }
    if (outcomes.size() >= MAX_ENTRIES) {
      outcomes.clear();
    }
    outcomes.put(key, outcome);
    return outcome;
  }

  /** Everything a URL-only program's outcome depends on; the plan compared by identity. */
  private static final class Key {
    private final HostPlan plan;
    private final String uri;
    private final String query;
    private final boolean secure;
    private final String serverName;
    private final int serverPort;
    private final int hash;

    Key(
        HostPlan plan,
        String uri,
        String query,
        boolean secure,
        String serverName,
        int serverPort) {
      this.plan = plan;
      this.uri = uri;
      this.query = query;
      this.secure = secure;
      this.serverName = serverName;
      this.serverPort = serverPort;
      int h = System.identityHashCode(plan);
      h = 31 * h + uri.hashCode();
      h = 31 * h + query.hashCode();
      h = 31 * h + serverName.hashCode();
      h = 31 * h + serverPort;
      this.hash = 2 * h + (secure ? 1 : 0);
    }

    // A plan is compared by identity: plans compare deeply, and each server has exactly one.
    @SuppressWarnings("ReferenceEquality")
    @Override
    public boolean equals(Object other) {
      return other instanceof Key that
          && plan == that.plan
          && secure == that.secure
          && serverPort == that.serverPort
          && uri.equals(that.uri)
          && query.equals(that.query)
          && serverName.equals(that.serverName);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
