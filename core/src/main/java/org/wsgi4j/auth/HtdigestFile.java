package org.wsgi4j.auth;

import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code AuthUserFile} in htdigest format ({@code user:realm:MD5(user:realm:password)}),
 * read the way mod_authn_file's {@code get_realm_hash} reads it: lines from {@code ap_cfg_getline}
 * (trimmed, see {@link LogicalLines}), empty and {@code #} lines skipped, each field ending at a
 * colon with any run of colons after it skipped (httpd's {@code ap_getword}); the first line whose
 * user and realm both match exactly wins, and its hash is the third field.
 */
public final class HtdigestFile {
  /** A user in a realm. */
  private record Key(String user, String realm) {}

  private final ImmutableMap<Key, String> hashes;

  private HtdigestFile(ImmutableMap<Key, String> hashes) {
    this.hashes = hashes;
  }

  /** Parses raw file bytes. */
  public static HtdigestFile parse(byte[] content) {
    LogicalLines lines = LogicalLines.split(content, LogicalLines.AUTHN_FILE_MAX);
    Map<Key, String> first = new HashMap<>();
    for (LogicalLines.Line line : lines.lines()) {
      String text = line.text();
      if (text.isEmpty() || text.charAt(0) == '#') {
        continue;
      }
      int[] at = {0};
      String user = word(text, at);
      String realm = word(text, at);
      String hash = word(text, at);
      first.putIfAbsent(new Key(user, realm), hash);
    }
    return new HtdigestFile(ImmutableMap.copyOf(first));
  }

  /**
   * Whether the text reads as an htdigest file: at least one entry, and every entry of the form
   * {@code user:realm:} followed by 32 hex digits. An htpasswd reader would take such a realm for a
   * plaintext password.
   */
  public static boolean looksLikeHtdigest(String text) {
    boolean any = false;
    for (LogicalLines.Line line :
        LogicalLines.split(
                text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                LogicalLines.AUTHN_FILE_MAX)
            .lines()) {
      String entry = line.text();
      if (entry.isEmpty() || entry.charAt(0) == '#') {
        continue;
      }
      int[] at = {0};
      word(entry, at);
      word(entry, at);
      String hash = word(entry, at);
      if (at[0] < 2 || !hash.matches("[0-9a-fA-F]{32}")) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /** The stored hash of {@code user} in {@code realm}, if the file has a line for both. */
  public Optional<String> realmHash(String user, String realm) {
    return Optional.ofNullable(hashes.get(new Key(user, realm)));
  }

  /** httpd's {@code ap_getword(.., ':')}: up to the next colon, then past every colon. */
  private static String word(String text, int[] at) {
    int start = at[0];
    int end = text.indexOf(':', start);
    if (end < 0) {
      at[0] = text.length();
      return text.substring(start);
    }
    int next = end;
    while (next < text.length() && text.charAt(next) == ':') {
      next++;
    }
    at[0] = next;
    return text.substring(start, end);
  }
}
