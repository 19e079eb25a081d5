package org.wsgi4j.model;

import com.google.common.collect.ImmutableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.wsgi4j.source.SourceSpan;

/**
 * {@code WSGIDaemonProcess name [option=value]...}: in wsgi4j a pool of interpreter sets.
 *
 * @param name the group name (case-sensitive, unique across the configuration)
 * @param processes {@code processes=}, default 1
 * @param threads {@code threads=}, default 15
 * @param maximumRequests {@code maximum-requests=}, empty for never
 * @param options every option as written, name lower-cased, in order (the typed ones included)
 * @param virtualHost the ServerName of the virtual host that defined it, empty at server level;
 *     mod_wsgi only lets that host (or hosts with the same ServerName) use it
 */
public record DaemonProcessGroup(
    String name,
    int processes,
    int threads,
    OptionalInt maximumRequests,
    ImmutableMap<String, String> options,
    Optional<String> virtualHost,
    SourceSpan origin) {

  public static final int DEFAULT_PROCESSES = 1;
  public static final int DEFAULT_THREADS = 15;

  public DaemonProcessGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(maximumRequests, "maximumRequests");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(virtualHost, "virtualHost");
    Objects.requireNonNull(origin, "origin");
  }
}
