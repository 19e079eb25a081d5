package org.wsgi4j.routing;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.net.InetAddress;

/** IP rules of {@code Allow from} and {@code Require ip}: full, partial, CIDR and mask forms. */
final class AddressMatch {
  private AddressMatch() {}

  static boolean matches(String rule, String client) {
    if (!InetAddresses.isInetAddress(client)) {
      return false;
    }
    InetAddress address = InetAddresses.forString(client);
    int slash = rule.indexOf('/');
    if (slash >= 0) {
      String network = rule.substring(0, slash);
      String mask = rule.substring(slash + 1);
      if (!InetAddresses.isInetAddress(network)) {
        network = completePartial(network);
      }
      if (!InetAddresses.isInetAddress(network)) {
        return false;
      }
      InetAddress base = InetAddresses.forString(network);
      if (base.getAddress().length != address.getAddress().length) {
        return false;
      }
      int bits;
      if (mask.matches("[0-9]+")) {
        bits = Integer.parseInt(mask);
      } else if (InetAddresses.isInetAddress(mask)) {
        bits = new BigInteger(1, InetAddresses.forString(mask).getAddress()).bitCount();
      } else {
        return false;
      }
      return prefixEquals(base.getAddress(), address.getAddress(), bits);
    }
    if (InetAddresses.isInetAddress(rule)) {
      return InetAddresses.forString(rule).equals(address);
    }
    // A partial IPv4 address: the first octets.
    String prefix = rule.endsWith(".") ? rule : rule + ".";
    return client.startsWith(prefix);
  }

  private static String completePartial(String partial) {
    String[] parts = partial.split("\\.", -1);
    StringBuilder out = new StringBuilder(partial);
    for (int i = parts.length; i < 4; i++) {
      out.append(".0");
    }
    return out.toString();
  }

  private static boolean prefixEquals(byte[] a, byte[] b, int bits) {
    for (int i = 0; i < bits; i++) {
      int bitA = (a[i / 8] >> (7 - i % 8)) & 1;
      int bitB = (b[i / 8] >> (7 - i % 8)) & 1;
      if (bitA != bitB) {
        return false;
      }
    }
    return true;
  }

  static boolean isLoopback(String client) {
    return InetAddresses.isInetAddress(client)
        && InetAddresses.forString(client).isLoopbackAddress();
  }
}
