package org.wsgi4j.model;

import java.util.Objects;
import org.wsgi4j.source.SourceSpan;

/**
 * One word of {@code Allow from} / {@code Deny from}.
 *
 * @param kind what the word names
 * @param value the word as written (without {@code env=} or {@code env=!})
 * @param origin the directive
 */
public record HostRule(Kind kind, String value, SourceSpan origin) {
  public enum Kind {
    ALL,
    IP_PREFIX,
    NETWORK,
    HOST_SUFFIX,
    ENV_SET,
    ENV_UNSET
  }

  public HostRule {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(origin, "origin");
  }
}
