package org.wsgi4j.auth;

import com.google.common.base.Ascii;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A user name and password sent with {@code Authorization: Basic ...}, decoded exactly as
 * mod_auth_basic's {@code get_basic_auth} does.
 *
 * <p>Apache is lenient, and being stricter here would turn its 401 "user not found" into a
 * different answer, so the quirks are kept on purpose:
 *
 * <ul>
 *   <li>The scheme is the text up to the first space (a tab does not end it) and is compared
 *       ASCII-case-insensitively with {@code Basic}.
 *   <li>Whitespace between scheme and credentials is skipped.
 *   <li>Base64 is decoded the APR way: the longest prefix of characters from {@code A-Za-z0-9+/} is
 *       decoded and everything from the first other character (including {@code =}) on is ignored.
 *       Invalid base64 therefore never fails; it yields some (often empty) user name, which then is
 *       not found.
 *   <li>The decoded bytes are a C string: they end at the first NUL byte.
 *   <li>The user name is everything before the first {@code :}; the password is everything after it
 *       (further colons included). Without a colon the password is empty. An empty user name is
 *       passed on as such.
 * </ul>
 *
 * <p>Both strings hold the raw bytes as ISO-8859-1 characters (one char per byte, 0-255), because
 * httpd compares and hashes bytes, never characters.
 *
 * @param user the user name as sent (case-sensitive; becomes {@code REMOTE_USER})
 * @param password the password as sent; never logged, see {@link #toString()}
 */
public record BasicCredentials(String user, String password) {

  public BasicCredentials {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  /**
   * Parses an {@code Authorization} header value.
   *
   * @param headerValue the header value, or {@code null} when the header is absent
   * @return empty when there is no header or the scheme is not {@code Basic} (httpd answers 401,
   *     logging "client used wrong authentication scheme" in the second case); otherwise the
   *     credentials, however garbled
   */
  public static Optional<BasicCredentials> parse(String headerValue) {
    if (headerValue == null) {
      return Optional.empty();
    }
    // httpd's header reader strips leading and trailing blanks from every field value.
    String value = stripBlanks(headerValue);
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    if (!Ascii.equalsIgnoreCase(scheme, "Basic")) {
      return Optional.empty();
    }
    int pos = space < 0 ? value.length() : space;
    while (pos < value.length() && isCSpace(value.charAt(pos))) {
      pos++;
    }
    byte[] decoded = aprBase64Decode(value, pos);
    String text = new String(decoded, StandardCharsets.ISO_8859_1);
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      text = text.substring(0, nul);
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      return Optional.of(new BasicCredentials(text, ""));
    }
    return Optional.of(new BasicCredentials(text.substring(0, colon), text.substring(colon + 1)));
  }

  /** The password as the bytes httpd hashes. */
  public byte[] passwordBytes() {
    return password.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Never shows the password, so credentials can appear in logs and assertion messages. */
  @Override
  public String toString() {
    return "BasicCredentials[user=" + user + ", password=<redacted>]";
  }

  private static String stripBlanks(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }

  /** C {@code isspace} in the "C" locale, as {@code apr_isspace}. */
  static boolean isCSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }

  /**
   * {@code apr_base64_decode}: decodes the run of valid characters starting at {@code from}; a
   * dangling single character (6 bits) is dropped.
   */
  static byte[] aprBase64Decode(String s, int from) {
    int end = from;
    while (end < s.length() && sextet(s.charAt(end)) >= 0) {
      end++;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = from;
    while (end - i >= 4) {
      int a = sextet(s.charAt(i));
      int b = sextet(s.charAt(i + 1));
      int c = sextet(s.charAt(i + 2));
      int d = sextet(s.charAt(i + 3));
      out.write((a << 2) | (b >> 4));
      out.write(((b << 4) | (c >> 2)) & 0xff);
      out.write(((c << 6) | d) & 0xff);
      i += 4;
    }
    int rest = end - i;
    if (rest > 1) {
      out.write((sextet(s.charAt(i)) << 2) | (sextet(s.charAt(i + 1)) >> 4));
    }
    if (rest > 2) {
      out.write(((sextet(s.charAt(i + 1)) << 4) | (sextet(s.charAt(i + 2)) >> 2)) & 0xff);
    }
    return out.toByteArray();
  }

  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+') {
      return 62;
    }
    if (c == '/') {
      return 63;
    }
    return -1;
  }
}
