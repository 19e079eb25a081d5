package org.wsgi4j.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields of an {@code Authorization: Digest ...} header, read the way mod_auth_digest's {@code
 * get_digest_rec} reads them: the scheme is the first blank-separated word (any case), then {@code
 * key=value} pairs separated by commas, a value either a quoted string (backslash escapes the next
 * character) or a token; unknown keys are skipped and a repeated key keeps its last value. A header
 * without username, realm, nonce, uri or response, or with qop but without cnonce or nc, is not
 * usable: httpd answers it with the challenge, as if no header had been sent.
 *
 * @param username the user name as sent
 * @param realm the realm the client answered for
 * @param nonce the server nonce it answers
 * @param uri the digest-uri it hashed
 * @param response the response digest (hex)
 * @param algorithm {@code algorithm=}, if sent
 * @param cnonce {@code cnonce=}, if sent
 * @param opaque {@code opaque=}, if sent
 * @param qop {@code qop=}, if sent
 * @param nonceCount {@code nc=}, if sent
 */
public record DigestCredentials(
    String username,
    String realm,
    String nonce,
    String uri,
    String response,
    Optional<String> algorithm,
    Optional<String> cnonce,
    Optional<String> opaque,
    Optional<String> qop,
    Optional<String> nonceCount) {

  public DigestCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(cnonce, "cnonce");
    Objects.requireNonNull(opaque, "opaque");
    Objects.requireNonNull(qop, "qop");
    Objects.requireNonNull(nonceCount, "nonceCount");
  }

  /** Whether the header's scheme (its first word) is {@code Digest}, in any case. */
  public static boolean isDigestScheme(String header) {
    int start = skipBlanks(header, 0);
    int end = start;
    while (end < header.length() && !isBlank(header.charAt(end))) {
      end++;
    }
    return header.substring(start, end).equalsIgnoreCase("Digest");
  }

  /** The credentials, or empty when the scheme is not Digest or a required field is missing. */
  public static Optional<DigestCredentials> parse(String header) {
    if (!isDigestScheme(header)) {
      return Optional.empty();
    }
    int i = skipBlanks(header, 0);
    while (i < header.length() && !isBlank(header.charAt(i))) {
      i++;
    }
    Fields fields = new Fields();
    int n = header.length();
    while (i < n) {
      i = skipBlanks(header, i);
      int keyStart = i;
      while (i < n
          && header.charAt(i) != '='
          && header.charAt(i) != ','
          && !isBlank(header.charAt(i))) {
        i++;
      }
      String key = header.substring(keyStart, i);
      i = skipBlanks(header, i);
      StringBuilder value = new StringBuilder();
      if (i < n && header.charAt(i) == '=') {
        i = skipBlanks(header, i + 1);
        if (i < n && header.charAt(i) == '"') {
          i++;
          while (i < n && header.charAt(i) != '"') {
            if (header.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            value.append(header.charAt(i++));
          }
          if (i < n) {
            i++;
          }
        } else {
          while (i < n && header.charAt(i) != ',' && !isBlank(header.charAt(i))) {
            value.append(header.charAt(i++));
          }
        }
      }
      while (i < n && header.charAt(i) != ',') {
        i++;
      }
      if (i < n) {
        i++;
      }
      fields.put(key.toLowerCase(Locale.ROOT), value.toString());
    }
    return fields.credentials();
  }

  private static int skipBlanks(String text, int from) {
    int i = from;
    while (i < text.length() && isBlank(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** C's isspace in the "C" locale. */
  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
  }

  /** The known keys seen so far; the last occurrence of a key wins, as in httpd. */
  private static final class Fields {
    private String username;
    private String realm;
    private String nonce;
    private String uri;
    private String response;
    private String algorithm;
    private String cnonce;
    private String opaque;
    private String qop;
    private String nonceCount;

    void put(String key, String value) {
      switch (key) {
        case "username" -> username = value;
        case "realm" -> realm = value;
        case "nonce" -> nonce = value;
        case "uri" -> uri = value;
        case "response" -> response = value;
        case "algorithm" -> algorithm = value;
        case "cnonce" -> cnonce = value;
        case "opaque" -> opaque = value;
        case "qop" -> qop = value;
        case "nc" -> nonceCount = value;
        default -> {
          // httpd skips keys it does not know
        }
      }
    }

    Optional<DigestCredentials> credentials() {
      if (username == null
          || realm == null
          || nonce == null
          || uri == null
          || response == null
          || (qop != null && (cnonce == null || nonceCount == null))) {
        return Optional.empty();
      }
      return Optional.of(
          new DigestCredentials(
              username,
              realm,
              nonce,
              uri,
              response,
              Optional.ofNullable(algorithm),
              Optional.ofNullable(cnonce),
              Optional.ofNullable(opaque),
              Optional.ofNullable(qop),
              Optional.ofNullable(nonceCount)));
    }
  }
}
