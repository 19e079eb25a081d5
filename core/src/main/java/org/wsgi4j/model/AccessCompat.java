package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.Optional;

/**
 * httpd 2.2-style access control (mod_access_compat).
 *
 * @param order {@code Deny,Allow}, {@code Allow,Deny} or {@code Mutual-failure}
 * @param allow the Allow from rules in order
 * @param deny the Deny from rules in order
 * @param satisfy {@code All} or {@code Any}
 */
public record AccessCompat(
    Optional<String> order,
    ImmutableList<HostRule> allow,
    ImmutableList<HostRule> deny,
    Optional<String> satisfy) {

  public AccessCompat {
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(allow, "allow");
    Objects.requireNonNull(deny, "deny");
    Objects.requireNonNull(satisfy, "satisfy");
  }

  public static AccessCompat unset() {
    return new AccessCompat(
        Optional.empty(), ImmutableList.of(), ImmutableList.of(), Optional.empty());
  }

  public boolean isSet() {
    return order.isPresent() || !allow.isEmpty() || !deny.isEmpty() || satisfy.isPresent();
  }
}
