package org.wsgi4j.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a node or argument came from: the file, the first character and the character after the
 * last one. A span that is not in any file (a model built in Java) uses {@link #synthetic}.
 */
public record SourceSpan(Path file, SourcePosition start, SourcePosition end) {

  private static final Path NO_FILE = Path.of("<builder>");

  public SourceSpan {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  public static SourceSpan at(Path file, int line, int column) {
    SourcePosition position = new SourcePosition(line, column);
    return new SourceSpan(file, position, position);
  }

  /** A span for configuration that was written in code rather than read from a file. */
  public static SourceSpan synthetic() {
    return at(NO_FILE, 1, 1);
  }

  public boolean isSynthetic() {
    return file.equals(NO_FILE);
  }

  public int line() {
    return start.line();
  }

  public int column() {
    return start.column();
  }

  /** The smallest span covering this one and {@code other}, which must be in the same file. */
  public SourceSpan to(SourceSpan other) {
    return new SourceSpan(file, start, other.end);
  }

  @Override
  public String toString() {
    return file + ":" + start;
  }
}
