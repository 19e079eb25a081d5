package org.wsgi4j.lint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff (as {@code diff -u} prints it, three lines of context) of one file's change, for
 * {@code wsgi4j lint --fix --dry-run}: common head and tail kept, the differing middle compared
 * line by line (longest common subsequence; a middle too large for that is shown replaced whole).
 */
public final class UnifiedDiff {
  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** The diff text, empty when nothing changed. */
  public static String of(String name, byte[] before, byte[] after) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix
        && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    int na = a.size() - prefix - suffix;
    int nb = b.size() - prefix - suffix;
    // The edit script: ' ' kept, '-' removed, '+' added, with positions in a and b.
    List<char[]> ops = new ArrayList<>();
    List<int[]> at = new ArrayList<>();
    for (int k = 0; k < prefix; k++) {
      ops.add(new char[] {' '});
      at.add(new int[] {k, k});
    }
    // Longest common subsequence of the differing middle; a huge middle is shown replaced whole.
    boolean small = (long) na * nb <= 4_000_000L;
    int[][] lcs = new int[small ? na + 1 : 1][small ? nb + 1 : 1];
    if (small) {
      for (int x = na - 1; x >= 0; x--) {
        for (int y = nb - 1; y >= 0; y--) {
          lcs[x][y] =
              a.get(prefix + x).equals(b.get(prefix + y))
                  ? lcs[x + 1][y + 1] + 1
                  : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
        }
      }
    }
    int i = 0;
    int j = 0;
    while (i < na || j < nb) {
      if (small && i < na && j < nb && a.get(prefix + i).equals(b.get(prefix + j))) {
        ops.add(new char[] {' '});
        at.add(new int[] {prefix + i++, prefix + j++});
      } else if (i < na && (j == nb || !small || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add(new char[] {'-'});
        at.add(new int[] {prefix + i++, prefix + j});
      } else {
        ops.add(new char[] {'+'});
        at.add(new int[] {prefix + i, prefix + j++});
      }
    }
    for (int k = 0; k < suffix; k++) {
      ops.add(new char[] {' '});
      at.add(new int[] {prefix + na + k, prefix + nb + k});
    }
    StringBuilder out = new StringBuilder();
    int k = 0;
    while (k < ops.size()) {
      if (ops.get(k)[0] == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      // Extend while the next change is within 2 * CONTEXT kept lines.
      int last = k;
      for (int m = k; m < ops.size(); m++) {
        if (ops.get(m)[0] != ' ') {
          last = m;
        } else if (m - last > 2 * CONTEXT) {
          break;
        }
      }
      int end = Math.min(ops.size(), last + CONTEXT + 1);
      int oldStart = at.get(start)[0];
      int newStart = at.get(start)[1];
      int oldCount = 0;
      int newCount = 0;
      StringBuilder body = new StringBuilder();
      for (int m = start; m < end; m++) {
        char op = ops.get(m)[0];
        int[] pos = at.get(m);
        String text = op == '+' ? b.get(pos[1]) : a.get(pos[0]);
        body.append(op).append(text).append('\n');
        if (op != '+') {
          oldCount++;
        }
        if (op != '-') {
          newCount++;
        }
      }
      if (out.length() == 0) {
        out.append("--- ").append(name).append('\n');
        out.append("+++ ").append(name).append('\n');
      }
      out.append("@@ -")
          .append(range(oldStart, oldCount))
          .append(" +")
          .append(range(newStart, newCount))
          .append(" @@\n")
          .append(body);
      k = end;
    }
    return out.toString();
  }

  private static String range(int start, int count) {
    return (count == 0 ? start : start + 1) + "," + count;
  }

  /** Lines without their terminators ("\r\n" shown as the line alone). */
  private static List<String> lines(byte[] bytes) {
    List<String> out = new ArrayList<>();
    for (byte[] line : LintFixer.splitLines(bytes)) {
      String text = new String(line, StandardCharsets.UTF_8);
      if (text.endsWith("\n")) {
        text = text.substring(0, text.length() - 1);
      }
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      out.add(text);
    }
    return out;
  }
}
