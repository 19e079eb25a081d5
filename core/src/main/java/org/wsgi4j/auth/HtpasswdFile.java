package org.wsgi4j.auth;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code AuthUserFile}, read the way mod_authn_file's {@code check_password} reads it.
 *
 * <ul>
 *   <li>Lines come from {@code ap_cfg_getline} (see {@link LogicalLines}): trimmed, {@code \}
 *       continuation, CRLF tolerated.
 *   <li>Lines that are empty or start with {@code #} are skipped.
 *   <li>The user name is the text up to the first {@code :} (the whole line if there is none); then
 *       <em>all</em> consecutive colons are skipped and the hash runs to the next colon. Hence
 *       {@code user::hash} works in httpd, {@code user:hash:comment} ignores the comment, and a
 *       line without a colon names a user whose hash is empty (found, but never matches).
 *   <li>User names are compared byte for byte (case-sensitive); the first matching line wins. A
 *       line starting with {@code :} defines the empty user name, which a header without a user
 *       name can match.
 *   <li>A line too long for httpd's 8 KiB buffer ends the file for httpd; entries after it are
 *       dropped here too and {@link #truncatedAt()} tells the linter.
 * </ul>
 */
public final class HtpasswdFile {

  /**
   * One credential line.
   *
   * @param user the user name
   * @param hash the stored hash (the second colon-separated field)
   * @param lineNumber 1-based physical line number where the entry starts
   * @param format what kind of hash it is
   */
  public record Entry(String user, String hash, int lineNumber, HashFormat format) {
    public Entry {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(format, "format");
    }

    /** Leaves the hash out so that entries can be logged. */
    @Override
    public String toString() {
      return "Entry[user=" + user + ", line=" + lineNumber + ", format=" + format + "]";
    }
  }

  private final ImmutableList<Entry> entries;
  private final ImmutableMap<String, Entry> firstByUser;
  private final Optional<Integer> truncatedAt;

  private HtpasswdFile(ImmutableList<Entry> entries, Optional<Integer> truncatedAt) {
    this.entries = entries;
    Map<String, Entry> first = new LinkedHashMap<>();
    for (Entry e : entries) {
      first.putIfAbsent(e.user(), e);
    }
    this.firstByUser = ImmutableMap.copyOf(first);
    this.truncatedAt = truncatedAt;
  }

  /** Parses raw file bytes (any encoding; names and hashes are compared as bytes). */
  public static HtpasswdFile parse(byte[] content) {
    LogicalLines lines = LogicalLines.split(content, LogicalLines.AUTHN_FILE_MAX);
    ImmutableList.Builder<Entry> entries = ImmutableList.builder();
    int lastLine = 0;
    for (LogicalLines.Line line : lines.lines()) {
      lastLine = line.number();
      String text = line.text();
      if (text.isEmpty() || text.charAt(0) == '#') {
        continue;
      }
      int colon = text.indexOf(':');
      String user = colon < 0 ? text : text.substring(0, colon);
      int hashStart = colon < 0 ? text.length() : colon;
      while (hashStart < text.length() && text.charAt(hashStart) == ':') {
        hashStart++;
      }
      int hashEnd = text.indexOf(':', hashStart);
      String hash = text.substring(hashStart, hashEnd < 0 ? text.length() : hashEnd);
      entries.add(new Entry(user, hash, line.number(), HashFormat.detect(hash)));
    }
    return new HtpasswdFile(
        entries.build(), lines.truncated() ? Optional.of(lastLine + 1) : Optional.empty());
  }

  /** Parses text; each char must be one byte (ISO-8859-1), as in a file read by httpd. */
  public static HtpasswdFile parse(String content) {
    return parse(content.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The stored hash of the first line for {@code user}; empty means "user not found". */
  public Optional<String> lookup(String user) {
    return Optional.ofNullable(firstByUser.get(user)).map(Entry::hash);
  }

  /** Every credential line in file order, duplicates included, for inspection by a linter. */
  public ImmutableList<Entry> entries() {
    return entries;
  }

  /**
   * The line number where httpd stops reading because a line exceeds its buffer, if any (an
   * approximation: the first physical line after the last line kept).
   */
  public Optional<Integer> truncatedAt() {
    return truncatedAt;
  }
}
