package org.wsgi4j.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the {@code uri} of Digest credentials names the request they came with, as
 * mod_auth_digest decides it (httpd answers 400 when not): equal to the request-target as sent, or
 * else, both parsed and percent-decoded, the same path and query (a query on the request needs one
 * in the credentials), and where the credentials name a host, the server's host name (any case) and
 * port (the default port when none is written).
 */
public final class DigestUri {
  private DigestUri() {}

  /** The parts of a URI the comparison looks at; null where the URI has none. */
  private record Parts(String host, String port, String path, String query) {}

  /**
   * Whether the credentials' {@code uri} names this request.
   *
   * @param digestUri the {@code uri=} of the credentials
   * @param requestTarget the request-target of the request line, as sent
   * @param serverName the server's name for the request (the Host header's, without port)
   * @param serverPort the server's port for the request
   * @param defaultPort 80, or 443 on TLS
   */
  public static boolean matches(
      String digestUri, String requestTarget, String serverName, int serverPort, int defaultPort) {
    if (digestUri.equals(requestTarget)) {
      return true;
    }
    Parts sent = parse(digestUri);
    Parts request = parse(requestTarget);
    String requestHost =
        request.host() != null && !request.host().isEmpty() ? unescape(request.host()) : serverName;
    int requestPort = serverPort;
    if (request.port() != null && !request.port().isEmpty()) {
      Optional<Integer> port = port(request.port());
      if (port.isEmpty()) {
        return false;
      }
      requestPort = port.get();
    }
    boolean sentHost = sent.host() != null && !sent.host().isEmpty();
    if (sentHost
        && !unescape(sent.host())
            .toLowerCase(Locale.ROOT)
            .equals(requestHost.toLowerCase(Locale.ROOT))) {
      return false;
    }
    if (sent.port() != null) {
      Optional<Integer> port = port(sent.port());
      if (port.isEmpty() || port.get() != requestPort) {
        return false;
      }
    } else if (sentHost && requestPort != defaultPort) {
      return false;
    }
    String sentPath = nonEmptyUnescaped(sent.path());
    String requestPath = nonEmptyUnescaped(request.path());
    boolean pathsMatch = sentPath == null ? requestPath == null : sentPath.equals(requestPath);
    boolean starForHost =
        sentPath != null && requestPath == null && request.host() != null && sentPath.equals("*");
    if (!pathsMatch && !starForHost) {
      return false;
    }
    String sentQuery = nonEmptyUnescaped(sent.query());
    String requestQuery = nonEmptyUnescaped(request.query());
    return sentQuery == null ? requestQuery == null : sentQuery.equals(requestQuery);
  }

  /** httpd decodes a path or query only when it is not empty; an empty one stays as it was. */
  private static String nonEmptyUnescaped(String part) {
    return part == null || part.isEmpty() ? part : unescape(part);
  }

  private static Optional<Integer> port(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(text));
  }

  /** apr_uri_parse, reduced to what the comparison needs. */
  private static Parts parse(String uri) {
    String rest = uri;
    String host = null;
    String port = null;
    int colon = schemeEnd(rest);
    if (colon > 0) {
      rest = rest.substring(colon + 1);
      if (rest.startsWith("//")) {
        rest = rest.substring(2);
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
          end++;
        }
        String hostinfo = rest.substring(0, end);
        rest = rest.substring(end);
        int at = hostinfo.lastIndexOf('@');
        String hostPort = at < 0 ? hostinfo : hostinfo.substring(at + 1);
        int portColon = hostPort.lastIndexOf(':');
        if (portColon >= 0 && hostPort.indexOf(']', portColon) < 0) {
          host = hostPort.substring(0, portColon);
          port = hostPort.substring(portColon + 1);
        } else {
          host = hostPort;
        }
      }
    }
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    int question = rest.indexOf('?');
    String path = question < 0 ? rest : rest.substring(0, question);
    String query = question < 0 ? null : rest.substring(question + 1);
    return new Parts(host, port, path.isEmpty() ? null : path, query);
  }

  /** Index of the colon ending a URI scheme, or -1 when the text does not start with one. */
  private static int schemeEnd(String uri) {
    if (uri.isEmpty() || !Character.isLetter(uri.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == ':') {
        return i;
      }
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return -1;
      }
    }
    return -1;
  }

  /** ap_unescape_url: every valid {@code %XX} decoded, a bad escape kept as written. */
  static String unescape(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%'
          && i + 2 < bytes.length
          && Character.digit(bytes[i + 1], 16) >= 0
          && Character.digit(bytes[i + 2], 16) >= 0) {
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
