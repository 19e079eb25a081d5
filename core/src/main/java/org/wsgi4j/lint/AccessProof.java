package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.model.AccessCompat;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.AuthzRule.Result;
import org.wsgi4j.model.DirectorySettings;
import org.wsgi4j.model.HostRule;

/**
 * Proves (or refutes) that replacing the Order/Allow/Deny of some sections by their {@link
 * RequireForm} changes no access decision anywhere in one host's merged configuration.
 *
 * <p>httpd merges mod_access_compat and mod_authz_core separately: the last section with any of
 * Order/Allow/Deny/Satisfy replaces the host rules wholesale, while a section's Require replaces
 * (AuthMerging Off) or combines with the inherited Require rules. So whether a rewrite is safe
 * depends on every other section that can apply to the same request. The proof enumerates every
 * combination of the host's access-relevant sections that can apply together (a literal {@code
 * <Directory>} always brings its literal ancestors, a literal {@code <Location>} the literal
 * Locations that cover it; sections that can never meet are not combined), merges each combination
 * in httpd's order before and after the rewrite, and evaluates the access phase of every one for
 * every truth assignment of its tests (each host rule, each Require provider, with and without an
 * authenticated user). Tests are treated as independent, which only adds impossible cases, so a
 * proof is sound; the one link kept is that a rewritten section's Require has exactly the truth
 * value of its old host rules. The access phase evaluated is the router's (Satisfy, 500 for an
 * AuthType without Require, challenge), kept in step with it by the before/after routing tests.
 */
final class AccessProof {
  /** Upper bound of evaluations per proof; beyond it the proof gives up (no fix offered). */
  static final long BUDGET = 4_000_000L;

  private static final ImmutableSet<String> HOST_PROVIDERS =
      ImmutableSet.of("ip", "host", "local", "env", "method", "forward-dns");
  private static final ImmutableSet<String> USER_PROVIDERS =
      ImmutableSet.of("valid-user", "user", "group", "file-group", "file-owner");

  /**
   * One section (or a host's top level) as the proof sees it.
   *
   * @param label how messages name it, e.g. {@code <Directory /> (apache2.conf:170)}
   * @param settings its per-directory settings
   * @param order httpd's merge position (smaller merges first)
   * @param literalDirectory the path of a {@code <Directory>} without wildcards, else empty
   * @param literalLocation the path of a {@code <Location>} without wildcards, else empty
   * @param always whether it applies to every request of the host (the top level)
   * @param rewritten whether it is one of the sections whose Order/Allow/Deny is replaced
   */
  record Part(
      String label,
      DirectorySettings settings,
      ImmutableList<Integer> order,
      Optional<String> literalDirectory,
      Optional<String> literalLocation,
      boolean always,
      boolean rewritten) {}

  /**
   * The outcome of a proof.
   *
   * @param proven whether every combination decides the same before and after
   * @param reason when not proven: a sentence for the operator
   */
  record Verdict(boolean proven, String reason) {
    static Verdict ok() {
      return new Verdict(true, "");
    }
  }

  private AccessProof() {}

  /**
   * Whether rewriting the parts marked {@code rewritten} is invisible to every request of a host
   * whose access-relevant sections are {@code parts}.
   */
  static Verdict prove(List<Part> parts) {
    List<Part> always = new ArrayList<>();
    List<Part> optional = new ArrayList<>();
    for (Part part : parts) {
      (part.always() ? always : optional).add(part);
    }
    if (optional.size() > 16) {
      return new Verdict(
          false, "too many sections with access rules apply near it to prove the rewrite safe");
    }
    int n = optional.size();
    long[] budget = {BUDGET};
    for (int mask = 1; mask < (1 << n); mask++) {
      List<Part> chain = new ArrayList<>(always);
      boolean rewrittenPresent = false;
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          chain.add(optional.get(i));
          rewrittenPresent |= optional.get(i).rewritten();
        }
      }
      if (!rewrittenPresent || !consistent(chain, optional)) {
        continue;
      }
      chain.sort((a, b) -> compareOrder(a.order(), b.order()));
      Optional<String> difference = compare(chain, budget);
      if (difference.isPresent()) {
        return new Verdict(false, difference.get());
      }
      if (budget[0] < 0) {
        return new Verdict(
            false, "too many combinations of access rules apply near it to prove the rewrite safe");
      }
    }
    return Verdict.ok();
  }

  private static int compareOrder(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** Whether the parts can all apply to one request, with every literal ancestor they imply. */
  private static boolean consistent(List<Part> chain, List<Part> optional) {
    for (int i = 0; i < chain.size(); i++) {
      Part a = chain.get(i);
      for (int j = i + 1; j < chain.size(); j++) {
        if (disjoint(a, chain.get(j))) {
          return false;
        }
      }
      for (Part b : optional) {
        if (!chain.contains(b) && implies(a, b)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether no request can meet both. */
  static boolean disjoint(Part a, Part b) {
    if (a.literalDirectory().isPresent() && b.literalDirectory().isPresent()) {
      String x = a.literalDirectory().get();
      String y = b.literalDirectory().get();
      return !Paths.isUnder(x, y) && !Paths.isUnder(y, x);
    }
    if (a.literalLocation().isPresent() && b.literalLocation().isPresent()) {
      String x = a.literalLocation().get();
      String y = b.literalLocation().get();
      return !covers(x, y) && !covers(y, x);
    }
    return false;
  }

  /** Whether every request that meets {@code a} also meets {@code b}. */
  static boolean implies(Part a, Part b) {
    if (a.literalDirectory().isPresent() && b.literalDirectory().isPresent()) {
      return Paths.isUnder(a.literalDirectory().get(), b.literalDirectory().get());
    }
    if (a.literalLocation().isPresent() && b.literalLocation().isPresent()) {
      return covers(b.literalLocation().get(), a.literalLocation().get());
    }
    return false;
  }

  /** Whether {@code <Location outer>} matches every URL that {@code <Location inner>} matches. */
  static boolean covers(String outer, String inner) {
    if (outer.equals("/")) {
      return true;
    }
    String stem = outer.endsWith("/") ? outer.substring(0, outer.length() - 1) : outer;
    if (inner.equals(stem) || inner.equals(stem + "/")) {
      // "/a/" does not match "/a"; "/a" matches both "/a" and "/a/...".
      return !outer.endsWith("/") || inner.endsWith("/");
    }
    return inner.startsWith(stem + "/");
  }

  // ---- one combination -----------------------------------------------------------------------

  /** A difference between before and after for some assignment, or empty. */
  private static Optional<String> compare(List<Part> chain, long[] budget) {
    Atoms atoms = new Atoms();
    Merged before = merge(chain, false, atoms);
    Merged after = merge(chain, true, atoms);
    int k = atoms.count();
    if (k > 20) {
      budget[0] = -1;
      return Optional.empty();
    }
    for (long bits = 0; bits < (1L << k); bits++) {
      if (--budget[0] < 0) {
        return Optional.empty();
      }
      String b = decide(before, bits);
      String a = decide(after, bits);
      if (!a.equals(b)) {
        List<String> others = new ArrayList<>();
        for (Part part : chain) {
          if (!part.rewritten()) {
            others.add(part.label());
          }
        }
        String where =
            others.isEmpty()
                ? "for some requests"
                : "where " + String.join(" and ", others) + " also apply";
        return Optional.of(
            where
                + ", a request would get "
                + b
                + " today but "
                + a
                + " with the Require form (access_compat and Require rules merge separately, and a"
                + " section's Require replaces the inherited ones)");
      }
    }
    return Optional.empty();
  }

  static boolean relevant(DirectorySettings settings) {
    return settings.accessCompat().isSet()
        || settings.authorization().isPresent()
        || settings.auth().type().isPresent()
        || settings.auth().merging().isPresent();
  }

  /** The merged access state of a combination. */
  private record Merged(
      boolean configured,
      Test host,
      boolean satisfyAny,
      Optional<Node> authz,
      boolean authType,
      boolean anyAuthz) {}

  /** A host-rule or Require test: constant, or an atom. */
  private sealed interface Test permits Constant, Atom {}

  private record Constant(boolean value) implements Test {}

  private record Atom(int index) implements Test {}

  /** An abstract Require tree. */
  private sealed interface Node permits Leaf, Container {}

  /**
   * A Require line: {@code noUser} is its value before authentication, {@code withUser} after. Host
   * tests have the same atom for both; user tests are DENIED_NO_USER before.
   */
  private record Leaf(boolean negated, LeafKind kind, int a, int b, int c) implements Node {}

  private enum LeafKind {
    GRANTED,
    DENIED,
    HOST,
    USER,
    GENERAL
  }

  private record Container(AuthzRule.Combination combination, ImmutableList<Node> children)
      implements Node {}

  /** Atom numbering shared by the before and after merges of one combination. */
  private static final class Atoms {
    private final Map<String, Integer> byKey = new HashMap<>();

    int of(String key) {
      return byKey.computeIfAbsent(key, k -> byKey.size());
    }

    int count() {
      return byKey.size();
    }
  }

  private static Merged merge(List<Part> chain, boolean rewrite, Atoms atoms) {
    boolean configured = false;
    Test host = new Constant(true);
    boolean satisfyAny = false;
    Optional<Node> authz = Optional.empty();
    Optional<String> type = Optional.empty();
    boolean anyAuthz = false;
    for (Part part : chain) {
      DirectorySettings s = part.settings();
      AccessCompat compat = s.accessCompat();
      Optional<Node> own = s.authorization().map(rule -> node(rule, atoms));
      Optional<String> merging = s.auth().merging();
      if (part.rewritten() && rewrite) {
        // The section now says Require <form>: true exactly when its host rules let through.
        Test form = hostTest(part, atoms);
        own =
            Optional.of(
                form instanceof Constant c
                    ? new Leaf(false, c.value() ? LeafKind.GRANTED : LeafKind.DENIED, 0, 0, 0)
                    : new Leaf(false, LeafKind.HOST, ((Atom) form).index(), 0, 0));
        merging = Optional.empty();
      } else if (compat.isSet()) {
        configured =
            compat.order().isPresent() || !compat.allow().isEmpty() || !compat.deny().isEmpty();
        host = hostTest(part, atoms);
        satisfyAny = compat.satisfy().map(v -> v.equalsIgnoreCase("any")).orElse(false);
      }
      if (own.isPresent()) {
        anyAuthz = true;
        String m = merging.orElse("off").toLowerCase(Locale.ROOT);
        if (authz.isPresent() && (m.equals("and") || m.equals("or"))) {
          authz =
              Optional.of(
                  new Container(
                      m.equals("and") ? AuthzRule.Combination.ALL : AuthzRule.Combination.ANY,
                      ImmutableList.of(authz.get(), own.get())));
        } else {
          authz = own;
        }
      }
      if (s.auth().type().isPresent()) {
        type = s.auth().type();
      }
    }
    boolean typed = type.isPresent() && !type.get().equalsIgnoreCase("None");
    return new Merged(configured, host, satisfyAny, authz, typed, anyAuthz);
  }

  private static int hostAtom(Part part, Atoms atoms) {
    return atoms.of("compat:" + part.label());
  }

  private static Test hostTest(Part part, Atoms atoms) {
    AccessCompat compat = part.settings().accessCompat();
    Optional<Boolean> constant = constantHostAccess(compat);
    return constant.isPresent() ? new Constant(constant.get()) : new Atom(hostAtom(part, atoms));
  }

  /** The outcome of Order/Allow/Deny when it is the same for every client, else empty. */
  static Optional<Boolean> constantHostAccess(AccessCompat compat) {
    boolean allowAll = compat.allow().stream().anyMatch(r -> r.kind() == HostRule.Kind.ALL);
    boolean denyAll = compat.deny().stream().anyMatch(r -> r.kind() == HostRule.Kind.ALL);
    boolean noAllow = compat.allow().isEmpty();
    boolean noDeny = compat.deny().isEmpty();
    String order = compat.order().orElse("deny,allow").toLowerCase(Locale.ROOT);
    if (order.equals("deny,allow")) {
      if (noDeny || allowAll) {
        return Optional.of(true);
      }
      return denyAll && noAllow ? Optional.of(false) : Optional.empty();
    }
    if (noAllow || denyAll) {
      return Optional.of(false);
    }
    return allowAll && noDeny ? Optional.of(true) : Optional.empty();
  }

  private static Node node(AuthzRule rule, Atoms atoms) {
    if (rule instanceof AuthzRule.Require require) {
      String provider = require.provider().toLowerCase(Locale.ROOT);
      String key = provider + " " + String.join(" ", require.arguments());
      if (provider.equals("all")) {
        boolean granted =
            !require.arguments().isEmpty()
                && require.arguments().get(0).equalsIgnoreCase("granted");
        return new Leaf(require.negated(), granted ? LeafKind.GRANTED : LeafKind.DENIED, 0, 0, 0);
      }
      if (HOST_PROVIDERS.contains(provider)) {
        return new Leaf(require.negated(), LeafKind.HOST, atoms.of(key), 0, 0);
      }
      if (USER_PROVIDERS.contains(provider)) {
        return new Leaf(require.negated(), LeafKind.USER, atoms.of(key), 0, 0);
      }
      // Anything else (expr, ldap-*, dbd-*): any value before and after authentication.
      return new Leaf(
          require.negated(),
          LeafKind.GENERAL,
          atoms.of(key + "#1"),
          atoms.of(key + "#2"),
          atoms.of(key + "#3"));
    }
    AuthzRule.Container container = (AuthzRule.Container) rule;
    ImmutableList.Builder<Node> children = ImmutableList.builder();
    for (AuthzRule child : container.children()) {
      children.add(node(child, atoms));
    }
    return new Container(container.combination(), children.build());
  }

  // ---- the access phase, as the router decides it ----------------------------------------

  private static String decide(Merged m, long bits) {
    boolean hostAllowed = !m.configured() || test(m.host(), bits);
    // Satisfy Any: mod_access_compat allows when no host rule is configured, so the access phase
    // passes and no user is asked for (recorded: serve/wsgi-access any-noscript).
    if (m.satisfyAny() && hostAllowed) {
      return "access granted";
    }
    if (!m.satisfyAny() && !hostAllowed) {
      return "403 Forbidden";
    }
    if (m.authz().isEmpty()) {
      return m.authType() && !m.anyAuthz() ? "500 (AuthType without Require)" : "access granted";
    }
    Result first = eval(m.authz().get(), bits, false);
    if (first == Result.GRANTED) {
      return "access granted";
    }
    if (first != Result.DENIED_NO_USER) {
      return "403 Forbidden";
    }
    if (!m.authType()) {
      return "500 (no AuthType)";
    }
    Result second = eval(m.authz().get(), bits, true);
    return second == Result.GRANTED
        ? "a login, then access granted"
        : "a login that never grants access";
  }

  private static boolean test(Test test, long bits) {
    return test instanceof Constant c ? c.value() : bit(bits, ((Atom) test).index());
  }

  private static boolean bit(long bits, int index) {
    return (bits & (1L << index)) != 0;
  }

  private static Result eval(Node node, long bits, boolean withUser) {
    if (node instanceof Leaf leaf) {
      Result value =
          switch (leaf.kind()) {
            case GRANTED -> Result.GRANTED;
            case DENIED -> Result.DENIED;
            case HOST -> bit(bits, leaf.a()) ? Result.GRANTED : Result.DENIED;
            case USER ->
                !withUser
                    ? Result.DENIED_NO_USER
                    : bit(bits, leaf.a()) ? Result.GRANTED : Result.DENIED;
            case GENERAL -> {
              if (withUser) {
                yield bit(bits, leaf.c()) ? Result.GRANTED : Result.DENIED;
              }
              yield bit(bits, leaf.a())
                  ? Result.GRANTED
                  : bit(bits, leaf.b()) ? Result.DENIED : Result.DENIED_NO_USER;
            }
          };
      return leaf.negated() ? value.negated() : value;
    }
    Container container = (Container) node;
    boolean granted = false;
    boolean denied = false;
    boolean needUser = false;
    for (Node child : container.children()) {
      switch (eval(child, bits, withUser)) {
        case GRANTED -> granted = true;
        case DENIED -> denied = true;
        case DENIED_NO_USER -> needUser = true;
        case NEUTRAL -> {}
      }
    }
    return container.combination().combine(granted, denied, needUser);
  }
}
