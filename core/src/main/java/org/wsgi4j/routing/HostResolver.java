package org.wsgi4j.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Host names for {@code Allow from name} and {@code Require host name}: httpd's double-reverse
 * lookup (the client's address must resolve to a name that resolves back to the address).
 */
public interface HostResolver {
  /** The client's verified host name, or empty when there is none. */
  Optional<String> verifiedName(String address);

  /** No DNS at all: host-name rules never match. For tests only: a Deny by name would not deny. */
  HostResolver NONE = address -> Optional.empty();

  /** The system resolver, with httpd's double-reverse check. */
  HostResolver SYSTEM =
      address -> {
        try {
          InetAddress inet = InetAddress.getByName(address);
          String name = inet.getCanonicalHostName();
          if (name.equals(inet.getHostAddress())) {
            return Optional.empty();
          }
          for (InetAddress forward : InetAddress.getAllByName(name)) {
            if (forward.equals(inet)) {
              return Optional.of(name.toLowerCase(Locale.ROOT));
            }
          }
          return Optional.empty();
        } catch (UnknownHostException | SecurityException e) {
          return Optional.empty();
        }
      };
}
