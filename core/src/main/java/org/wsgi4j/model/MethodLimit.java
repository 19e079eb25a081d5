package org.wsgi4j.model;

import com.google.common.collect.ImmutableSet;
import java.util.Objects;
import org.wsgi4j.source.SourceSpan;

/**
 * A {@code <Limit>} or {@code <LimitExcept>} section: its access directives apply only to some
 * methods.
 *
 * @param except true for LimitExcept (all methods but these)
 * @param methods the methods as written, upper-cased
 * @param settings the directives inside
 */
public record MethodLimit(
    boolean except, ImmutableSet<String> methods, DirectorySettings settings, SourceSpan origin) {
  public MethodLimit {
    Objects.requireNonNull(methods, "methods");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(origin, "origin");
  }
}
