package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import org.wsgi4j.source.SourceSpan;

/** A mod_authz_core rule: one Require line, or a RequireAll/RequireAny/RequireNone container. */
public sealed interface AuthzRule permits AuthzRule.Require, AuthzRule.Container {

  SourceSpan origin();

  /**
   * {@code Require [not] provider args...}.
   *
   * @param negated written with {@code not}
   * @param provider {@code all}, {@code valid-user}, {@code user}, {@code group}, {@code ip},
   *     {@code host}, {@code env}, {@code method}, {@code expr}, ...
   * @param arguments the rest of the line, split as httpd does
   */
  record Require(
      boolean negated, String provider, ImmutableList<String> arguments, SourceSpan origin)
      implements AuthzRule {
    public Require {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(arguments, "arguments");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** How a container combines its children. */
  enum Combination {
    ALL,
    ANY,
    NONE
  }

  /**
   * A container; the Require lines written directly in a section form an implicit ANY.
   *
   * @param implicit true for the implicit container of bare Require lines
   */
  record Container(
      Combination combination,
      boolean implicit,
      ImmutableList<AuthzRule> children,
      SourceSpan origin)
      implements AuthzRule {
    public Container {
      Objects.requireNonNull(combination, "combination");
      Objects.requireNonNull(children, "children");
      Objects.requireNonNull(origin, "origin");
    }
  }
}
