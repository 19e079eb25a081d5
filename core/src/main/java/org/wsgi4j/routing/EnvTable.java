package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.source.SourceSpan;

/**
 * mod_env's per-directory configuration and its merge: the SetEnv table, and the UnsetEnv names of
 * the section merged last (httpd does not carry UnsetEnv further than one merge).
 */
final class EnvTable {
  private final Map<String, String> vars;
  private final Set<String> unset;

  EnvTable() {
    this(new LinkedHashMap<>(), new LinkedHashSet<>());
  }

  private EnvTable(Map<String, String> vars, Set<String> unset) {
    this.vars = vars;
    this.unset = unset;
  }

  /** No SetEnv, no UnsetEnv; never changed (merges build new tables). */
  private static final EnvTable EMPTY = new EnvTable(Map.of(), Set.of());

  static EnvTable of(List<EnvRule> rules) {
    if (rules.isEmpty()) {
      return EMPTY;
    }
    EnvTable table = new EnvTable();
    for (EnvRule rule : rules) {
      if (rule instanceof EnvRule.Set set) {
        table.vars.put(set.name(), set.value());
        table.unset.remove(set.name());
      } else if (rule instanceof EnvRule.Unset remove) {
        for (String name : remove.names()) {
          table.vars.remove(name);
          table.unset.add(name);
        }
      }
    }
    return table;
  }

  /** {@code merge_env_dir_configs}: the base's table minus the addition's unsets, plus its sets. */
  EnvTable merge(EnvTable add) {
    if (add.vars.isEmpty() && add.unset.isEmpty() && unset.isEmpty()) {
      // Nothing to add or remove, and no UnsetEnv of ours to drop: the result equals this table.
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(vars);
    add.unset.forEach(merged::remove);
    merged.putAll(add.vars);
    return new EnvTable(merged, new LinkedHashSet<>(add.unset));
  }

  List<EnvRule> asRules() {
    if (vars.isEmpty()) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<EnvRule> rules = ImmutableList.builder();
    vars.forEach((name, value) -> rules.add(new EnvRule.Set(name, value, SourceSpan.synthetic())));
    return rules.build();
  }
}
