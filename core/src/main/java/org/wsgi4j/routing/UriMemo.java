package org.wsgi4j.routing;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What a server's configuration says about a URI alone, remembered per server and URI: the Alias or
 * WSGIScriptAlias it maps to and which {@code <Location>}/{@code <LocationMatch>} sections match
 * it. Both are pure functions of the configuration and the URI (no header, file or client takes
 * part), and a server sees the same URIs again and again, while finding them costs a regex match
 * per alias and per section. A URI is stored on its second sighting ({@link SecondSighting});
 * bounded across all servers by {@link #MAX_ENTRIES}, emptied when full; thread-safe.
 */
final class UriMemo {
  static final int MAX_ENTRIES = 4096;

  /**
   * The URI's mapping and matching Location sections.
   *
   * @param alias the Alias/AliasMatch that maps it, if any
   * @param script the WSGIScriptAlias(Match) that maps it, if no alias does
   * @param locations which Location sections match, as a bit mask ({@link
   *     DirectoryWalk#matchLocations})
   */
  record Facts(
      Optional<ScriptMapper.AliasResult> alias,
      Optional<ScriptMapper.ScriptResult> script,
      long locations) {}

  private final ConcurrentMap<Key, Facts> facts = new ConcurrentHashMap<>();

  /** Only URIs seen before are stored. */
  private final SecondSighting sightings = new SecondSighting();

  Facts facts(HostPlan plan, String uri) {
    Key key = new Key(plan, uri);
    Facts known = facts.get(key);
    if (known != null) {
      return known;
    }
    Optional<ScriptMapper.AliasResult> alias = ScriptMapper.alias(plan.aliases(), uri);
    Facts fresh =
        new Facts(
            alias,
            alias.isPresent() ? Optional.empty() : ScriptMapper.script(plan.scripts(), uri),
            DirectoryWalk.matchLocations(plan.sections(), uri));
    if (!sightings.seenBefore(key.hashCode())) {
      return fresh;
    }
    if (facts.size() >= MAX_ENTRIES) {
      facts.clear();
    }
    facts.put(key, fresh);
    return fresh;
  }

  /** A server (by identity: plans compare deeply, and each server has exactly one) and a URI. */
  private static final class Key {
    private final HostPlan plan;
    private final String uri;
    private final int hash;

    Key(HostPlan plan, String uri) {
      this.plan = plan;
      this.uri = uri;
      this.hash = 31 * System.identityHashCode(plan) + uri.hashCode();
    }

    @SuppressWarnings("ReferenceEquality")
    @Override
    public boolean equals(Object other) {
      return other instanceof Key that && plan == that.plan && uri.equals(that.uri);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
