package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.RewriteMapDefinition;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.model.RewriteRule;
import org.wsgi4j.model.ServerHost;

/**
 * How mod_rewrite's configuration passes from one context to the next: from the main server to a
 * virtual host, and from a directory to its subdirectories, as {@code RewriteOptions} says. Pure
 * functions over immutable programs.
 *
 * <p>The state ({@code RewriteEngine}) and the options are inherited when the inner context does
 * not set them; rules are inherited only with {@code Inherit}/{@code InheritBefore} in the inner
 * context, or {@code InheritDown}/{@code InheritDownBefore} in the outer one unless the inner one
 * says {@code IgnoreInherit}. {@code RewriteBase} passes down only with {@code MergeBase}.
 */
final class RewriteInheritance {
  /** The RewriteOptions words that change how wsgi4j routes. */
  enum Option {
    INHERIT,
    INHERIT_BEFORE,
    INHERIT_DOWN,
    INHERIT_DOWN_BEFORE,
    IGNORE_INHERIT,
    ALLOW_NO_SLASH,
    MERGE_BASE
  }

  private RewriteInheritance() {}

  static EnumSet<Option> options(RewriteProgram program) {
    return options(program.options());
  }

  private static EnumSet<Option> options(List<String> words) {
    EnumSet<Option> set = EnumSet.noneOf(Option.class);
    for (String word : words) {
      switch (word.toLowerCase(Locale.ROOT)) {
        case "inherit" -> set.add(Option.INHERIT);
        case "inheritbefore" -> set.add(Option.INHERIT_BEFORE);
        case "inheritdown" -> set.add(Option.INHERIT_DOWN);
        case "inheritdownbefore" -> set.add(Option.INHERIT_DOWN_BEFORE);
        case "ignoreinherit" -> set.add(Option.IGNORE_INHERIT);
        case "allownoslash" -> set.add(Option.ALLOW_NO_SLASH);
        case "mergebase" -> set.add(Option.MERGE_BASE);
        default -> {
          // Accepted at load without an effect on routing (AllowAnyURI, IgnoreContextInfo,
          // LegacyPrefixDocRoot, MaxRedirects=); anything else was refused there.
        }
      }
    }
    return set;
  }

  /**
   * The program of {@code inner} on top of {@code outer}: mod_rewrite's merge of two server or two
   * per-directory configurations. Maps and the base of the inner one are kept (the base is merged
   * with {@code MergeBase}).
   */
  static RewriteProgram merge(RewriteProgram outer, RewriteProgram inner) {
    Optional<Boolean> engine = inner.engine().or(outer::engine);
    ImmutableList<String> options = inner.options().isEmpty() ? outer.options() : inner.options();
    EnumSet<Option> merged = options(options);
    ImmutableList<RewriteRule> rules =
        switch (order(outer, inner)) {
          case OUTER_AFTER -> concat(inner.rules(), outer.rules());
          case OUTER_BEFORE -> concat(outer.rules(), inner.rules());
          case INNER_ONLY -> inner.rules();
        };
    Optional<String> base =
        merged.contains(Option.MERGE_BASE) ? inner.base().or(outer::base) : inner.base();
    return new RewriteProgram(engine, base, rules, inner.maps(), options);
  }

  /** Where the outer context's rules and maps go in the inner one's: mod_rewrite's merge. */
  private enum Order {
    INNER_ONLY,
    OUTER_AFTER,
    OUTER_BEFORE
  }

  /**
   * {@code Inherit} in the inner context (or {@code InheritDown} in the outer one, unless the inner
   * one says {@code IgnoreInherit}) puts the outer rules after the inner ones; the {@code Before}
   * forms put them first; otherwise the inner context has only its own. The inner context's options
   * are the outer ones when it sets none.
   */
  private static Order order(RewriteProgram outer, RewriteProgram inner) {
    ImmutableList<String> words = inner.options().isEmpty() ? outer.options() : inner.options();
    EnumSet<Option> merged = options(words);
    EnumSet<Option> outerOptions = options(outer);
    boolean ignore = merged.contains(Option.IGNORE_INHERIT);
    if (merged.contains(Option.INHERIT)
        || (outerOptions.contains(Option.INHERIT_DOWN) && !ignore)) {
      return Order.OUTER_AFTER;
    }
    if (merged.contains(Option.INHERIT_BEFORE)
        || (outerOptions.contains(Option.INHERIT_DOWN_BEFORE) && !ignore)) {
      return Order.OUTER_BEFORE;
    }
    return Order.INNER_ONLY;
  }

  /**
   * A virtual host's server-context program. httpd keeps the main server's configuration object for
   * a virtual host that has no mod_rewrite directive at all (not even inside its sections), and
   * mod_rewrite then declines there: the main server's {@code RewriteEngine On} does not reach it.
   */
  static Optional<RewriteProgram> server(ServerHost main, ServerHost host) {
    RewriteProgram program = host.settings().rewrite();
    if (host.isVirtualHost()) {
      if (!hasRewriteDirectives(host)) {
        return Optional.empty();
      }
      program = merge(main.settings().rewrite(), program);
    }
    return program.engine().orElse(false) ? Optional.of(program) : Optional.empty();
  }

  /**
   * The RewriteMaps a server's requests look up, in look-up order (the first definition of a name
   * wins). mod_rewrite merges maps with the rules: a virtual host sees the main server's maps only
   * under {@code Inherit}/{@code InheritDown} (its own win over the main server's) or {@code
   * InheritBefore}/{@code InheritDownBefore} (the main server's win), and a virtual host without
   * any mod_rewrite directive shares the main server's configuration, maps included (recorded: the
   * routing kit's rewrite-maps case).
   */
  static ImmutableList<RewriteMapDefinition> maps(ServerHost main, ServerHost host) {
    RewriteProgram own = host.settings().rewrite();
    RewriteProgram outer = main.settings().rewrite();
    if (!host.isVirtualHost()) {
      return own.maps();
    }
    if (!hasRewriteDirectives(host)) {
      return outer.maps();
    }
    // A map name in both: the first in this list wins, as apr_hash_overlay's overlay does.
    return switch (order(outer, own)) {
      case OUTER_AFTER -> concat(own.maps(), outer.maps());
      case OUTER_BEFORE -> concat(outer.maps(), own.maps());
      case INNER_ONLY -> own.maps();
    };
  }

  private static boolean hasRewriteDirectives(ServerHost host) {
    if (!host.settings().rewrite().isEmpty()) {
      return true;
    }
    for (PathSection section : host.settings().sections()) {
      if (hasRewriteDirectives(section)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasRewriteDirectives(PathSection section) {
    if (!section.settings().rewrite().isEmpty()) {
      return true;
    }
    for (var limit : section.settings().methodLimits()) {
      if (!limit.settings().rewrite().isEmpty()) {
        return true;
      }
    }
    for (PathSection nested : section.nested()) {
      if (hasRewriteDirectives(nested)) {
        return true;
      }
    }
    return false;
  }

  private static <T> ImmutableList<T> concat(ImmutableList<T> first, ImmutableList<T> second) {
    if (second.isEmpty()) {
      return first;
    }
    if (first.isEmpty()) {
      return second;
    }
    return ImmutableList.<T>builder().addAll(first).addAll(second).build();
  }
}
