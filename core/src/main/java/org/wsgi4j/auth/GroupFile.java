package org.wsgi4j.auth;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSetMultimap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code AuthGroupFile}, read as mod_authz_groupfile's {@code groups_for_user} does.
 *
 * <ul>
 *   <li>Lines come from {@code ap_cfg_getline} (see {@link LogicalLines}); empty and {@code #}
 *       lines are skipped.
 *   <li>The group name is the text before the first {@code :}, with trailing whitespace removed;
 *       all consecutive colons after it are skipped. A line without a colon is a group without
 *       members.
 *   <li>Members are split like directive arguments ({@code ap_getword_conf}): whitespace separated,
 *       {@code "..."} or {@code '...'} quoting with {@code \"}/{@code \'}/{@code \\} escapes.
 *   <li>A group may appear on several lines; membership accumulates.
 *   <li>User names are case-sensitive, but {@code Require group} looks the group up in an APR
 *       table, which ignores ASCII case: {@link #isMember} does the same.
 * </ul>
 */
public final class GroupFile {

  private final ImmutableSetMultimap<String, String> groupsByUser;

  private GroupFile(ImmutableSetMultimap<String, String> groupsByUser) {
    this.groupsByUser = groupsByUser;
  }

  /** Parses raw file bytes. */
  public static GroupFile parse(byte[] content) {
    ImmutableSetMultimap.Builder<String, String> groups = ImmutableSetMultimap.builder();
    for (LogicalLines.Line line : LogicalLines.split(content, LogicalLines.VARBUF_MAX).lines()) {
      String text = line.text();
      if (text.isEmpty() || text.charAt(0) == '#') {
        continue;
      }
      int colon = text.indexOf(':');
      String name = colon < 0 ? text : text.substring(0, colon);
      int nameEnd = name.length();
      while (nameEnd > 0 && BasicCredentials.isCSpace(name.charAt(nameEnd - 1))) {
        nameEnd--;
      }
      name = name.substring(0, nameEnd);
      int rest = colon < 0 ? text.length() : colon;
      while (rest < text.length() && text.charAt(rest) == ':') {
        rest++;
      }
      for (String member : words(text.substring(rest))) {
        groups.put(member, name);
      }
    }
    return new GroupFile(groups.build());
  }

  /** Parses text whose chars are bytes (ISO-8859-1). */
  public static GroupFile parse(String content) {
    return parse(content.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The groups {@code user} belongs to, with names as written in the file. */
  public ImmutableSet<String> groupsOf(String user) {
    return groupsByUser.get(user);
  }

  /** Whether {@code user} is in {@code group}, ignoring ASCII case of the group name as httpd. */
  public boolean isMember(String user, String group) {
    for (String g : groupsByUser.get(user)) {
      if (Ascii.equalsIgnoreCase(g, group)) {
        return true;
      }
    }
    return false;
  }

  /** {@code ap_getword_conf} applied until the line is used up. */
  static ImmutableList<String> words(String line) {
    List<String> out = new ArrayList<>();
    int pos = 0;
    int n = line.length();
    while (true) {
      while (pos < n && BasicCredentials.isCSpace(line.charAt(pos))) {
        pos++;
      }
      if (pos >= n) {
        return ImmutableList.copyOf(out);
      }
      char quote = line.charAt(pos);
      int end;
      String word;
      if (quote == '"' || quote == '\'') {
        end = pos + 1;
        while (end < n && line.charAt(end) != quote) {
          if (line.charAt(end) == '\\'
              && end + 1 < n
              && (line.charAt(end + 1) == quote || line.charAt(end + 1) == '\\')) {
            end += 2;
          } else {
            end++;
          }
        }
        word = unescape(line.substring(pos + 1, end), quote);
        if (end < n) {
          end++;
        }
      } else {
        end = pos;
        while (end < n && !BasicCredentials.isCSpace(line.charAt(end))) {
          end++;
        }
        word = unescape(line.substring(pos, end), '\0');
      }
      out.add(word);
      pos = end;
    }
  }

  /** {@code substring_conf}: drop a backslash before a backslash or the quote character. */
  private static String unescape(String s, char quote) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\'
          && i + 1 < s.length()
          && (s.charAt(i + 1) == '\\' || (quote != '\0' && s.charAt(i + 1) == quote))) {
        sb.append(s.charAt(++i));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
