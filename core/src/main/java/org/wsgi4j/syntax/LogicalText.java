package org.wsgi4j.syntax;

import java.nio.file.Path;
import org.wsgi4j.source.SourcePosition;
import org.wsgi4j.source.SourceSpan;

/**
 * The text of one file after physical lines are joined into logical lines, as httpd's {@code
 * ap_cfg_getline} does: a backslash as the last character before the line break removes itself and
 * the break, and the next physical line is appended verbatim; a CR before LF is dropped. Every
 * character remembers where it was in the physical file, so positions stay exact.
 */
public final class LogicalText {
  private final Path file;
  private final String text;
  private final int[] lines;
  private final int[] columns;
  private final int endLine;
  private final int endColumn;

  private LogicalText(
      Path file, String text, int[] lines, int[] columns, int endLine, int endColumn) {
    this.file = file;
    this.text = text;
    this.lines = lines;
    this.columns = columns;
    this.endLine = endLine;
    this.endColumn = endColumn;
  }

  /** Joins continuation lines of {@code physical}; the result ends every logical line with LF. */
  public static LogicalText join(Path file, String physical) {
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
    return new LogicalText(file, out.toString(), lines, columns, line, column);
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
    return new SourcePosition(lines[offset], columns[offset]);
  }

  /** The span of joined characters {@code [start, end)}. */
  public SourceSpan span(int start, int end) {
    SourcePosition first = positionOf(start);
    SourcePosition last = end > start ? positionOf(end - 1) : first;
    return new SourceSpan(file, first, new SourcePosition(last.line(), last.column() + 1));
  }
}
