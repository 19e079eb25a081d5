package org.wsgi4j.syntax;

import java.nio.file.Path;
import org.wsgi4j.source.SourcePosition;
import org.wsgi4j.source.SourceSpan;

/**
 * The text of one file after physical lines are joined into logical lines, as httpd's {@code
 * ap_cfg_getline} does: a backslash as the last character before the line break removes itself and
 * the break, and the next physical line is appended verbatim; a CR before LF is dropped. Every
 * character remembers where it was in the physical file, so positions stay exact. Used by one parse
 * at a time (position lookups keep a cursor).
 */
public final class LogicalText {
  private final Path file;
  private final String text;

  /** Per character: its physical line and column; null when the text needed no joining. */
  private final int[] lines;

  private final int[] columns;

  /** Without joining: the offset where each line starts, for a binary search. */
  private final int[] lineStarts;

  private final int endLine;
  private final int endColumn;

  /** The line of the last lookup: the parser asks in order, so the next is usually the same. */
  private int cursor;

  private LogicalText(
      Path file,
      String text,
      int[] lines,
      int[] columns,
      int[] lineStarts,
      int endLine,
      int endColumn) {
    this.file = file;
    this.text = text;
    this.lines = lines;
    this.columns = columns;
    this.lineStarts = lineStarts;
    this.endLine = endLine;
    this.endColumn = endColumn;
  }

  /**
   * Most files have no continuation and no CR: then the text stays as it is and positions come from
   * the line starts, which is much cheaper than a position per character.
   */
  private static LogicalText plain(Path file, String physical) {
    String text = physical.isEmpty() || physical.endsWith("\n") ? physical : physical + "\n";
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    int[] starts = new int[count + 1];
    int line = 0;
    starts[line++] = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n' && line <= count) {
        starts[line++] = i + 1;
      }
    }
    return new LogicalText(file, text, null, null, starts, count + 1, 1);
  }

  /** Joins continuation lines of {@code physical}; the result ends every logical line with LF. */
  public static LogicalText join(Path file, String physical) {
    if (physical.indexOf('\r') < 0 && physical.indexOf("\\\n") < 0) {
      return plain(file, physical);
    }
    StringBuilder out = new StringBuilder(physical.length() + 1);
    int[] lines = new int[physical.length() + 1];
    int[] columns = new int[physical.length() + 1];
    int line = 1;
    int column = 1;
    int length = physical.length();
    for (int i = 0; i < length; i++) {
      char c = physical.charAt(i);
      if (c == '\\' && isLineBreakAt(physical, i + 1)) {
        // Continuation: drop the backslash and the break; the next line is appended verbatim.
        i += physical.charAt(i + 1) == '\r' ? 2 : 1;
        line++;
        column = 1;
        continue;
      }
      if (c == '\r' && i + 1 < length && physical.charAt(i + 1) == '\n') {
        continue;
      }
      lines[out.length()] = line;
      columns[out.length()] = column;
      out.append(c);
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      lines[out.length()] = line;
      columns[out.length()] = column;
      out.append('\n');
      line++;
      column = 1;
    }
    return new LogicalText(file, out.toString(), lines, columns, null, line, column);
  }

  private static boolean isLineBreakAt(String text, int index) {
    if (index >= text.length()) {
      return false;
    }
    char c = text.charAt(index);
    return c == '\n' || (c == '\r' && index + 1 < text.length() && text.charAt(index + 1) == '\n');
  }

  public Path file() {
    return file;
  }

  public String text() {
    return text;
  }

  /** The physical position of the character at {@code offset} of the joined text. */
  public SourcePosition positionOf(int offset) {
    if (offset >= text.length()) {
      return new SourcePosition(endLine, endColumn);
    }
    if (lines == null) {
      int line = cursor;
      boolean inLine =
          offset >= lineStarts[line]
              && (line + 1 >= lineStarts.length || offset < lineStarts[line + 1]);
      if (!inLine) {
        int index = java.util.Arrays.binarySearch(lineStarts, offset);
        line = index >= 0 ? index : -index - 2;
        cursor = line;
      }
      return new SourcePosition(line + 1, offset - lineStarts[line] + 1);
    }
    return new SourcePosition(lines[offset], columns[offset]);
  }

  /** The span of joined characters {@code [start, end)}. */
  public SourceSpan span(int start, int end) {
    SourcePosition first = positionOf(start);
    SourcePosition last = end > start ? positionOf(end - 1) : first;
    return new SourceSpan(file, first, new SourcePosition(last.line(), last.column() + 1));
  }
}
