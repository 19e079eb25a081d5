package org.wsgi4j.compile;

import com.google.common.net.InetAddresses;
import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.model.HostRule;
import org.wsgi4j.syntax.Directive;

/** Parses the words of {@code Allow from} / {@code Deny from} as mod_access_compat does. */
final class HostRules {
  private HostRules() {}

  static Optional<HostRule> parse(String word, Directive directive, CompileSession session) {
    if (word.startsWith("#")) {
      session.error(directive.span(), "No comments are allowed here");
      return Optional.empty();
    }
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.equals("all")) {
      return Optional.of(new HostRule(HostRule.Kind.ALL, word, directive.span()));
    }
    if (lower.startsWith("env=!")) {
      return Optional.of(
          new HostRule(HostRule.Kind.ENV_UNSET, word.substring(5), directive.span()));
    }
    if (lower.startsWith("env=")) {
      return Optional.of(new HostRule(HostRule.Kind.ENV_SET, word.substring(4), directive.span()));
    }
    int slash = word.indexOf('/');
    if (slash >= 0) {
      if (!validNetwork(word.substring(0, slash), word.substring(slash + 1))) {
        session.error(directive.span(), "The specified network mask is invalid.");
        return Optional.empty();
      }
      return Optional.of(new HostRule(HostRule.Kind.NETWORK, word, directive.span()));
    }
    if (word.matches("[0-9.]+") || word.contains(":")) {
      if (!validIpPattern(word)) {
        session.error(directive.span(), "The specified IP address is invalid.");
        return Optional.empty();
      }
      return Optional.of(new HostRule(HostRule.Kind.IP_PREFIX, word, directive.span()));
    }
    return Optional.of(new HostRule(HostRule.Kind.HOST_SUFFIX, word, directive.span()));
  }

  /** A full address, a partial IPv4 address ({@code 10.1}), or an address with a mask. */
  static boolean validIpPattern(String text) {
    int slash = text.indexOf('/');
    if (slash >= 0) {
      return validNetwork(text.substring(0, slash), text.substring(slash + 1));
    }
    if (InetAddresses.isInetAddress(text)) {
      return true;
    }
    String trimmed = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    String[] parts = trimmed.split("\\.", -1);
    if (parts.length == 0 || parts.length > 4) {
      return false;
    }
    for (String part : parts) {
      if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean validNetwork(String address, String mask) {
    boolean v6 = address.contains(":");
    if (!(v6 ? InetAddresses.isInetAddress(address) : validIpPattern(address))) {
      return false;
    }
    if (mask.matches("[0-9]{1,3}")) {
      int bits = Integer.parseInt(mask);
      return bits <= (v6 ? 128 : 32);
    }
    return !v6 && InetAddresses.isInetAddress(mask);
  }
}
