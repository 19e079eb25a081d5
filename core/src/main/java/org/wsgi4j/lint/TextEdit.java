package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Replace whole physical lines of one file: lines {@code firstLine..lastLine} (1-based, inclusive)
 * become {@code lines} (without line terminators; the replaced lines' terminator is reused). An
 * empty {@code lines} deletes them.
 */
public record TextEdit(Path file, int firstLine, int lastLine, ImmutableList<String> lines) {
  public TextEdit {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(lines, "lines");
    if (firstLine < 1 || lastLine < firstLine) {
      throw new IllegalArgumentException("bad line range " + firstLine + ".." + lastLine);
    }
  }
}
