package org.wsgi4j.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one canonical form of a request path, computed once and used by every matcher (security
 * design rule 1): unreserved escapes decoded, dot segments removed (climbing above the root is a
 * 400), slashes merged, then the rest decoded exactly once. Decoded bytes are kept as a latin-1
 * string, so regexes match bytes as PCRE does and WSGI sees PEP 3333 native strings.
 *
 * <p>httpd answers {@code %2F} and {@code %00} with 404 (AllowEncodedSlashes Off) and a malformed
 * escape with 400. wsgi4j also refuses, with 400, what httpd merely tolerates and what has been the
 * root of bypasses: decoded control characters and segments that only become {@code ..} after
 * decoding (double encoding).
 *
 * @param path the decoded, normalised path ({@code r->uri})
 * @param query the query string as sent, without {@code ?}, or empty when there was none
 * @param hasQuery whether the target had a {@code ?} at all
 */
public record CanonicalPath(String path, String query, boolean hasQuery) {

  /** The path, or the status httpd (or stricter wsgi4j) answers instead. */
  public record Result(Optional<CanonicalPath> path, int status, String reason) {
    static Result ok(CanonicalPath path) {
      return new Result(Optional.of(path), 0, "");
    }

    static Result refuse(int status, String reason) {
      return new Result(Optional.empty(), status, reason);
    }
  }

  /**
   * Canonicalises the path part of an origin-form target.
   *
   * @param rawPath the path as sent, starting with {@code /}
   * @param rawQuery the query as sent, or null
   * @param encodedSlashes AllowEncodedSlashes: {@code Off} (404), {@code On} or {@code NoDecode}
   */
  public static Result of(String rawPath, String rawQuery, String encodedSlashes) {
    if (!rawPath.startsWith("/")) {
      return Result.refuse(400, "request-target must start with '/'");
    }
    if (isAlreadyCanonical(rawPath)) {
      return Result.ok(
          new CanonicalPath(rawPath, rawQuery == null ? "" : rawQuery, rawQuery != null));
    }
    // 1. Decode escapes of unreserved characters (ALPHA DIGIT - . _ ~), so %2e%2e is seen as ..
    StringBuilder unreserved = new StringBuilder(rawPath.length());
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%') {
        int value = hexPair(rawPath, i + 1);
        if (value < 0) {
          return Result.refuse(400, "malformed percent-escape in path");
        }
        if (isUnreserved(value)) {
          unreserved.append((char) value);
          i += 2;
          continue;
        }
      }
      unreserved.append(c);
    }
    // 2. Remove dot segments; 3. merge slashes.
    List<String> segments = new ArrayList<>();
    String[] parts = unreserved.toString().split("/", -1);
    boolean trailingSlash = false;
    for (int i = 1; i < parts.length; i++) {
      String segment = parts[i];
      boolean last = i == parts.length - 1;
      if (segment.isEmpty()) {
        trailingSlash = last;
        continue;
      }
      if (segment.equals(".")) {
        trailingSlash = last;
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          return Result.refuse(400, "path climbs above the root");
        }
        segments.remove(segments.size() - 1);
        trailingSlash = last;
        continue;
      }
      segments.add(segment);
      trailingSlash = false;
    }
    String normalised =
        "/" + String.join("/", segments) + (trailingSlash && !segments.isEmpty() ? "/" : "");
    // 4. Decode the rest exactly once.
    StringBuilder decoded = new StringBuilder(normalised.length());
    for (int i = 0; i < normalised.length(); i++) {
      char c = normalised.charAt(i);
      if (c != '%') {
        if (c < 0x20 || c == 0x7f) {
          return Result.refuse(400, "control character in path");
        }
        decoded.append(c);
        continue;
      }
      int value = hexPair(normalised, i + 1);
      if (value < 0) {
        return Result.refuse(400, "malformed percent-escape in path");
      }
      if (value == '/') {
        if (encodedSlashes.equalsIgnoreCase("NoDecode")) {
          decoded.append("%2F");
          i += 2;
          continue;
        }
        if (!encodedSlashes.equalsIgnoreCase("On")) {
          return Result.refuse(404, "encoded slash in path (AllowEncodedSlashes Off)");
        }
      }
      if (value == 0) {
        return Result.refuse(404, "encoded NUL in path");
      }
      if (value < 0x20 || value == 0x7f) {
        return Result.refuse(400, "encoded control character in path");
      }
      decoded.append((char) value);
      i += 2;
    }
    String path = decoded.toString();
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        // Only double encoding gets here (%252e%252e): httpd would pass a literal ".." segment on.
        return Result.refuse(400, "dot segment after decoding (double encoding)");
      }
    }
    return Result.ok(new CanonicalPath(path, rawQuery == null ? "" : rawQuery, rawQuery != null));
  }

  /**
   * The common case, answered without copying: no escapes, no control characters, no empty segments
   * and nothing that could be a dot segment. The steps below would return such a path unchanged.
   */
  private static boolean isAlreadyCanonical(String rawPath) {
    char previous = 0;
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%' || c < 0x20 || c == 0x7f || (previous == '/' && (c == '/' || c == '.'))) {
        return false;
      }
      previous = c;
    }
    return true;
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static int hexPair(String text, int at) {
    if (at + 1 >= text.length()) {
      return -1;
    }
    int high = Character.digit(text.charAt(at), 16);
    int low = Character.digit(text.charAt(at + 1), 16);
    return high < 0 || low < 0 ? -1 : high * 16 + low;
  }
}
