package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import java.util.Objects;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.SourceSpan;

/**
 * {@code RewriteRule pattern substitution [flags]} with the RewriteCond lines before it.
 *
 * @param negated the pattern was written with a leading {@code !}
 * @param pattern the compiled pattern (with {@code [NC]} folded in)
 * @param substitution the substitution, {@code -} for none
 * @param conditions the conditions, in order
 * @param flags every flag with its values (a flag such as {@code E} may repeat)
 * @param flagsText the flags as written, for printing
 * @param present the flags present (the keys of {@code flags}), for quick tests while routing
 */
public record RewriteRule(
    boolean negated,
    ApacheRegex pattern,
    String substitution,
    ImmutableList<RewriteCondition> conditions,
    ImmutableListMultimap<RewriteFlag, String> flags,
    String flagsText,
    SourceSpan origin,
    ImmutableSet<RewriteFlag> present) {

  public RewriteRule(
      boolean negated,
      ApacheRegex pattern,
      String substitution,
      ImmutableList<RewriteCondition> conditions,
      ImmutableListMultimap<RewriteFlag, String> flags,
      String flagsText,
      SourceSpan origin) {
    this(
        negated,
        pattern,
        substitution,
        conditions,
        flags,
        flagsText,
        origin,
        Sets.immutableEnumSet(flags.keySet()));
  }

  public RewriteRule {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(substitution, "substitution");
    Objects.requireNonNull(conditions, "conditions");
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(flagsText, "flagsText");
    Objects.requireNonNull(origin, "origin");
    if (!present.equals(flags.keySet())) {
      throw new IllegalArgumentException("present flags " + present + " differ from " + flags);
    }
  }

  public boolean has(RewriteFlag flag) {
    return present.contains(flag);
  }
}
