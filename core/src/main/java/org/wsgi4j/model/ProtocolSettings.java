package org.wsgi4j.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Request-level settings; empty means "inherit, or httpd's default".
 *
 * @param useCanonicalName {@code UseCanonicalName On|Off|DNS}
 * @param allowEncodedSlashes {@code AllowEncodedSlashes On|Off|NoDecode}
 * @param traceEnable {@code TraceEnable on|off|extended}; wsgi4j refuses TRACE unless it is set
 * @param limitRequestBody bytes, 0 for unlimited
 * @param limitRequestLine bytes
 * @param limitRequestFieldSize bytes
 * @param limitRequestFields count
 */
public record ProtocolSettings(
    Optional<String> useCanonicalName,
    Optional<String> allowEncodedSlashes,
    Optional<String> traceEnable,
    OptionalLong limitRequestBody,
    OptionalInt limitRequestLine,
    OptionalInt limitRequestFieldSize,
    OptionalInt limitRequestFields) {

  public ProtocolSettings {
    Objects.requireNonNull(useCanonicalName, "useCanonicalName");
    Objects.requireNonNull(allowEncodedSlashes, "allowEncodedSlashes");
    Objects.requireNonNull(traceEnable, "traceEnable");
    Objects.requireNonNull(limitRequestBody, "limitRequestBody");
    Objects.requireNonNull(limitRequestLine, "limitRequestLine");
    Objects.requireNonNull(limitRequestFieldSize, "limitRequestFieldSize");
    Objects.requireNonNull(limitRequestFields, "limitRequestFields");
  }

  public static ProtocolSettings inherited() {
    return new ProtocolSettings(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalLong.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty());
  }
}
