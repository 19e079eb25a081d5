package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.model.AccessCompat;
import org.wsgi4j.model.HostRule;
import org.wsgi4j.syntax.ArgumentValues;

/**
 * The mod_authz_core form of one section's Order/Allow/Deny: Require lines that grant exactly the
 * clients the host rules let through. For {@code allow,deny} (and {@code mutual-failure}) a client
 * passes when an Allow matches and no Deny does; for {@code deny,allow} (the default) when no Deny
 * matches or an Allow does. {@code Require ip/host/env} use the same address, double-reverse DNS
 * and environment tests as {@code Allow from}, so the translation is exact; {@code env=!VAR} has no
 * positive Require form and is not translated.
 *
 * @param lines the Require lines, each with its nesting depth below the section (0 = top)
 */
record RequireForm(ImmutableList<Line> lines) {

  /**
   * One line of the replacement.
   *
   * @param depth how many container levels it is nested in
   * @param text the line without indentation
   */
  record Line(int depth, String text) {}

  /** The translation, or empty when the rules have no exact Require form. */
  static Optional<RequireForm> of(AccessCompat compat) {
    if (compat.allow().stream().anyMatch(r -> r.kind() == HostRule.Kind.ENV_UNSET)
        || compat.deny().stream().anyMatch(r -> r.kind() == HostRule.Kind.ENV_UNSET)) {
      return Optional.empty();
    }
    String order = compat.order().orElse("deny,allow").toLowerCase(Locale.ROOT);
    List<HostRule> allow = compat.allow();
    List<HostRule> deny = compat.deny();
    boolean allowAll = allow.stream().anyMatch(r -> r.kind() == HostRule.Kind.ALL);
    boolean denyAll = deny.stream().anyMatch(r -> r.kind() == HostRule.Kind.ALL);
    List<Line> out = new ArrayList<>();
    if (order.equals("deny,allow")) {
      // Allowed unless denied, or allowed explicitly.
      if (deny.isEmpty() || allowAll) {
        out.add(new Line(0, "Require all granted"));
      } else if (denyAll) {
        if (allow.isEmpty()) {
          out.add(new Line(0, "Require all denied"));
        } else {
          out.addAll(positive(allow, 0));
        }
      } else {
        out.add(new Line(0, "<RequireAny>"));
        out.add(new Line(1, "<RequireAll>"));
        out.add(new Line(2, "Require all granted"));
        out.addAll(negative(deny, 2));
        out.add(new Line(1, "</RequireAll>"));
        out.addAll(positive(allow, 1));
        out.add(new Line(0, "</RequireAny>"));
      }
    } else {
      // allow,deny and mutual-failure: allowed explicitly and not denied.
      if (allow.isEmpty() || denyAll) {
        out.add(new Line(0, "Require all denied"));
      } else if (deny.isEmpty()) {
        out.addAll(allowAll ? List.of(new Line(0, "Require all granted")) : positive(allow, 0));
      } else {
        out.add(new Line(0, "<RequireAll>"));
        List<Line> granted = allowAll ? List.of(new Line(1, "Require all granted")) : null;
        if (granted == null) {
          List<Line> any = positive(allow, 1);
          if (any.size() == 1) {
            granted = any;
          } else {
            granted = new ArrayList<>();
            granted.add(new Line(1, "<RequireAny>"));
            granted.addAll(positive(allow, 2));
            granted.add(new Line(1, "</RequireAny>"));
          }
        }
        out.addAll(granted);
        out.addAll(negative(deny, 1));
        out.add(new Line(0, "</RequireAll>"));
      }
    }
    return Optional.of(new RequireForm(ImmutableList.copyOf(out)));
  }

  /** Whether the form grants every client (a single {@code Require all granted}). */
  boolean grantsAll() {
    return lines.size() == 1 && lines.get(0).text().equals("Require all granted");
  }

  /** Whether the form refuses every client (a single {@code Require all denied}). */
  boolean deniesAll() {
    return lines.size() == 1 && lines.get(0).text().equals("Require all denied");
  }

  /** The lines joined with "; " for messages. */
  String summary() {
    List<String> parts = new ArrayList<>();
    for (Line line : lines) {
      parts.add(line.text());
    }
    return String.join(" ", parts);
  }

  private static List<Line> positive(List<HostRule> rules, int depth) {
    return lines(rules, depth, "Require ");
  }

  private static List<Line> negative(List<HostRule> rules, int depth) {
    return lines(rules, depth, "Require not ");
  }

  /** One line per provider, values in the order written: {@code Require ip a b}. */
  private static List<Line> lines(List<HostRule> rules, int depth, String prefix) {
    List<String> ips = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    List<String> envs = new ArrayList<>();
    for (HostRule rule : rules) {
      switch (rule.kind()) {
        case IP_PREFIX, NETWORK -> ips.add(ArgumentValues.quoteIfNeeded(rule.value()));
        case HOST_SUFFIX -> hosts.add(ArgumentValues.quoteIfNeeded(rule.value()));
        case ENV_SET -> envs.add(ArgumentValues.quoteIfNeeded(rule.value()));
        case ALL, ENV_UNSET -> throw new IllegalStateException("handled by the caller: " + rule);
      }
    }
    List<Line> out = new ArrayList<>();
    if (!ips.isEmpty()) {
      out.add(new Line(depth, prefix + "ip " + String.join(" ", ips)));
    }
    if (!hosts.isEmpty()) {
      out.add(new Line(depth, prefix + "host " + String.join(" ", hosts)));
    }
    if (!envs.isEmpty()) {
      out.add(new Line(depth, prefix + "env " + String.join(" ", envs)));
    }
    return out;
  }
}
