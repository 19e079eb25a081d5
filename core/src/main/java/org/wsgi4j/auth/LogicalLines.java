package org.wsgi4j.auth;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;

/**
 * httpd's {@code ap_cfg_getline}, which both mod_authn_file and mod_authz_groupfile read their
 * files with: LF ends a physical line; a line whose last character before LF (or CRLF) is {@code \}
 * continues on the next one (backslash and line break removed, next line appended verbatim); the
 * joined line is trimmed of C whitespace on both ends. Bytes are kept as ISO-8859-1 chars.
 *
 * <p>mod_authn_file reads into a fixed 8 KiB buffer; a longer line makes it stop reading, so users
 * after it are "not found". {@link #truncated()} reports that.
 */
record LogicalLines(ImmutableList<Line> lines, boolean truncated) {

  /** mod_authn_file's {@code MAX_STRING_LEN} buffer, minus the terminating NUL. */
  static final int AUTHN_FILE_MAX = 8191;

  /** mod_authz_groupfile's {@code VARBUF_MAX_LEN}. */
  static final int VARBUF_MAX = 16 * 1024 * 1024;

  /** A trimmed logical line and the number (1-based) of its first physical line. */
  record Line(int number, String text) {}

  static LogicalLines split(byte[] content, int maxLength) {
    String all = new String(content, StandardCharsets.ISO_8859_1);
    ImmutableList.Builder<Line> out = ImmutableList.builder();
    int pos = 0;
    int physical = 0;
    while (pos < all.length()) {
      int first = physical + 1;
      StringBuilder joined = new StringBuilder();
      int rawLength = 0;
      while (true) {
        int lf = all.indexOf('\n', pos);
        int end = lf < 0 ? all.length() : lf;
        physical++;
        String piece = all.substring(pos, end);
        rawLength += piece.length() + (lf < 0 ? 0 : 1);
        pos = lf < 0 ? all.length() : lf + 1;
        if (lf >= 0) {
          String body = piece.endsWith("\r") ? piece.substring(0, piece.length() - 1) : piece;
          if (body.endsWith("\\") && pos < all.length()) {
            joined.append(body, 0, body.length() - 1);
            continue;
          }
        }
        joined.append(piece);
        break;
      }
      if (rawLength > maxLength) {
        return new LogicalLines(out.build(), true);
      }
      out.add(new Line(first, trim(joined)));
    }
    return new LogicalLines(out.build(), false);
  }

  private static String trim(CharSequence s) {
    int start = 0;
    int end = s.length();
    while (start < end && BasicCredentials.isCSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && BasicCredentials.isCSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.subSequence(start, end).toString();
  }
}
