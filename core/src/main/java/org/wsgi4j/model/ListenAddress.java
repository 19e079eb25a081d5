package org.wsgi4j.model;

import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.source.SourceSpan;

/** A {@code Listen [host:]port [protocol]} directive. */
public record ListenAddress(
    Optional<String> host, int port, Optional<String> protocol, SourceSpan origin) {
  public ListenAddress {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(origin, "origin");
  }
}
