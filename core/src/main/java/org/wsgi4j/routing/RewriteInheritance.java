package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.model.PathSection;
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
    EnumSet<Option> set = EnumSet.noneOf(Option.class);
    for (String word : program.options()) {
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
    EnumSet<Option> merged =
        options(new RewriteProgram(engine, inner.base(), inner.rules(), inner.maps(), options));
    EnumSet<Option> outerOptions = options(outer);
    boolean ignore = merged.contains(Option.IGNORE_INHERIT);
    ImmutableList<RewriteRule> rules;
    if (merged.contains(Option.INHERIT)
        || (outerOptions.contains(Option.INHERIT_DOWN) && !ignore)) {
      rules = concat(inner.rules(), outer.rules());
    } else if (merged.contains(Option.INHERIT_BEFORE)
        || (outerOptions.contains(Option.INHERIT_DOWN_BEFORE) && !ignore)) {
      rules = concat(outer.rules(), inner.rules());
    } else {
      rules = inner.rules();
    }
    Optional<String> base =
        merged.contains(Option.MERGE_BASE) ? inner.base().or(outer::base) : inner.base();
    return new RewriteProgram(engine, base, rules, inner.maps(), options);
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

  private static ImmutableList<RewriteRule> concat(
      ImmutableList<RewriteRule> first, ImmutableList<RewriteRule> second) {
    if (second.isEmpty()) {
      return first;
    }
    if (first.isEmpty()) {
      return second;
    }
    return ImmutableList.<RewriteRule>builder().addAll(first).addAll(second).build();
  }
}
