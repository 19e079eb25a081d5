package org.wsgi4j.compile;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wsgi4j.model.RewriteCondition;
import org.wsgi4j.model.RewriteMapDefinition;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.model.RewriteRule;

/** Collects the mod_rewrite directives of one context; conditions wait for their rule. */
final class RewriteBuilder {
  Optional<Boolean> engine = Optional.empty();
  Optional<String> base = Optional.empty();
  final List<RewriteRule> rules = new ArrayList<>();
  final List<RewriteCondition> pendingConditions = new ArrayList<>();
  final List<RewriteMapDefinition> maps = new ArrayList<>();
  final List<String> options = new ArrayList<>();

  /** The conditions written since the last rule, handed to the next rule. */
  ImmutableList<RewriteCondition> takeConditions() {
    ImmutableList<RewriteCondition> taken = ImmutableList.copyOf(pendingConditions);
    pendingConditions.clear();
    return taken;
  }

  RewriteProgram build() {
    return new RewriteProgram(
        engine,
        base,
        ImmutableList.copyOf(rules),
        ImmutableList.copyOf(maps),
        ImmutableList.copyOf(options));
  }
}
