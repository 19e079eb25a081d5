package org.wsgi4j.model;

import java.util.Objects;
import org.wsgi4j.source.SourceSpan;

/**
 * {@code RewriteMap name type:source}.
 *
 * @param type {@code txt}, {@code rnd}, {@code int}, {@code dbm}, {@code prg}, {@code dbd} or
 *     {@code fastdbd}
 * @param source the file, program or function, as resolved
 */
public record RewriteMapDefinition(String name, String type, String source, SourceSpan origin) {
  public RewriteMapDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(origin, "origin");
  }
}
