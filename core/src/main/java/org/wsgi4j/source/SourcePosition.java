package org.wsgi4j.source;

/**
 * A point in a configuration file: 1-based line and 1-based column, counted in characters of the
 * physical file (before continuation lines are joined), so editors can jump to it.
 */
public record SourcePosition(int line, int column) implements Comparable<SourcePosition> {

  public SourcePosition {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("positions are 1-based: " + line + ":" + column);
    }
  }

  @Override
  public int compareTo(SourcePosition other) {
    int byLine = Integer.compare(line, other.line);
    return byLine != 0 ? byLine : Integer.compare(column, other.column);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
