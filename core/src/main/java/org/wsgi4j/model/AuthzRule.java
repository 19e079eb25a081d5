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

  /**
   * What a rule says about a request (mod_authz_core's {@code authz_status}): granted, denied,
   * denied for want of an authenticated user (authentication is needed), or neutral.
   */
  enum Result {
    GRANTED,
    DENIED,
    DENIED_NO_USER,
    NEUTRAL;

    /** {@code Require not ...}: a grant becomes a denial, a denial neutral; the rest stay. */
    public Result negated() {
      return switch (this) {
        case GRANTED -> DENIED;
        case DENIED -> NEUTRAL;
        default -> this;
      };
    }
  }

  /**
   * How a container combines its children: the one statement of mod_authz_core's rule, which the
   * router's decisions and lint's equivalence proof both use so that they cannot drift apart.
   */
  enum Combination {
    ALL,
    ANY,
    NONE;

    /**
     * The container's result from what its children returned: whether any child granted, any
     * denied, any was denied for want of a user. ALL: a denial wins, then the want of a user; ANY:
     * a grant wins, then the want of a user; NONE never grants (a child's grant denies).
     */
    public Result combine(boolean anyGranted, boolean anyDenied, boolean anyNeedsUser) {
      return switch (this) {
        case ALL ->
            anyDenied
                ? Result.DENIED
                : anyNeedsUser
                    ? Result.DENIED_NO_USER
                    : anyGranted ? Result.GRANTED : Result.NEUTRAL;
        case ANY ->
            anyGranted
                ? Result.GRANTED
                : anyNeedsUser ? Result.DENIED_NO_USER : anyDenied ? Result.DENIED : Result.NEUTRAL;
        case NONE ->
            anyGranted ? Result.DENIED : anyNeedsUser ? Result.DENIED_NO_USER : Result.NEUTRAL;
      };
    }
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
