package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.Optional;

/**
 * The mod_rewrite directives of one context.
 *
 * @param engine RewriteEngine, if set
 * @param base RewriteBase (per-directory only)
 * @param rules the rules in order, each with the conditions written before it
 * @param maps RewriteMap definitions (server and virtual host only)
 * @param options RewriteOptions words
 */
public record RewriteProgram(
    Optional<Boolean> engine,
    Optional<String> base,
    ImmutableList<RewriteRule> rules,
    ImmutableList<RewriteMapDefinition> maps,
    ImmutableList<String> options) {

  public RewriteProgram {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(maps, "maps");
    Objects.requireNonNull(options, "options");
  }

  public static RewriteProgram empty() {
    return new RewriteProgram(
        Optional.empty(),
        Optional.empty(),
        ImmutableList.of(),
        ImmutableList.of(),
        ImmutableList.of());
  }

  public boolean isEmpty() {
    return engine.isEmpty()
        && base.isEmpty()
        && rules.isEmpty()
        && maps.isEmpty()
        && options.isEmpty();
  }
}
