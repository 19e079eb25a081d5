package org.wsgi4j.rewrite;

import java.util.Optional;

/** Looks up {@code ${map:key}}; empty when the map has no such key (or no such map). */
@FunctionalInterface
public interface RewriteMaps {
  Optional<String> lookup(String map, String key);

  RewriteMaps NONE = (map, key) -> Optional.empty();
}
