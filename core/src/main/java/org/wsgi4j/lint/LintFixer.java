package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wsgi4j.compile.LoadOptions;

/**
 * {@code wsgi4j lint --fix}: applies the fixes {@link Linter} proved safe to the configuration's
 * files (the main file and every included one), in place. Edits replace whole physical lines and
 * work on bytes, so every other byte (comments, indentation, line endings, text in other encodings)
 * stays as it was. A file is written next to itself and moved over the original in one atomic step,
 * keeping its permissions; a symbolic link keeps pointing at the rewritten target. Fixing is
 * repeated until lint offers no more fixes, so a second run changes nothing.
 */
public final class LintFixer {
  private static final int MAX_ROUNDS = 5;

  /** One file's bytes before and after (copies are handed out, so it stays immutable). */
  public static final class FileChange {
    private final Path file;
    private final byte[] before;
    private final byte[] after;

    FileChange(Path file, byte[] before, byte[] after) {
      this.file = file;
      this.before = before.clone();
      this.after = after.clone();
    }

    /** The file as the configuration names it. */
    public Path file() {
      return file;
    }

    public byte[] before() {
      return before.clone();
    }

    public byte[] after() {
      return after.clone();
    }
  }

  /**
   * What {@link #fix} did.
   *
   * @param applied the fixes, in the order applied
   * @param changes the files changed (in a dry run: that would change)
   * @param result the lint result after fixing (in a dry run: before)
   */
  public record Report(
      ImmutableList<LintFix> applied, ImmutableList<FileChange> changes, LintResult result) {}

  private LintFixer() {}

  /**
   * Lints {@code mainFile} and applies every proven fix; with {@code write} false nothing is
   * written and the report shows what one pass would change.
   *
   * @throws IOException when a file cannot be read or written (nothing is left half-written)
   */
  public static Report fix(Path mainFile, LoadOptions options, boolean write) throws IOException {
    List<LintFix> applied = new ArrayList<>();
    Map<Path, byte[]> original = new LinkedHashMap<>();
    Map<Path, byte[]> current = new LinkedHashMap<>();
    LintResult result = Linter.lint(mainFile, options);
    for (int round = 0; round < MAX_ROUNDS && !result.fixes().isEmpty(); round++) {
      Map<Path, List<TextEdit>> byFile = new LinkedHashMap<>();
      for (LintFix fix : result.fixes()) {
        for (TextEdit edit : fix.edits()) {
          byFile.computeIfAbsent(edit.file(), f -> new ArrayList<>()).add(edit);
        }
      }
      Map<Path, byte[]> next = new LinkedHashMap<>();
      for (Map.Entry<Path, List<TextEdit>> entry : byFile.entrySet()) {
        Path file = entry.getKey();
        byte[] bytes = current.containsKey(file) ? current.get(file) : Files.readAllBytes(file);
        original.putIfAbsent(file, bytes);
        next.put(file, apply(bytes, entry.getValue()));
      }
      applied.addAll(result.fixes());
      current.putAll(next);
      if (!write) {
        break;
      }
      for (Map.Entry<Path, byte[]> entry : next.entrySet()) {
        writeAtomically(entry.getKey(), entry.getValue());
      }
      result = Linter.lint(mainFile, options);
    }
    ImmutableList.Builder<FileChange> changes = ImmutableList.builder();
    for (Map.Entry<Path, byte[]> entry : current.entrySet()) {
      changes.add(new FileChange(entry.getKey(), original.get(entry.getKey()), entry.getValue()));
    }
    return new Report(ImmutableList.copyOf(applied), changes.build(), result);
  }

  /** The bytes with the edits applied; overlapping edits keep the first. */
  static byte[] apply(byte[] text, List<TextEdit> edits) {
    List<byte[]> lines = splitLines(text);
    List<TextEdit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(TextEdit::firstLine).reversed());
    int lowest = Integer.MAX_VALUE;
    for (TextEdit edit : sorted) {
      if (edit.lastLine() >= lowest || edit.lastLine() > lines.size()) {
        continue;
      }
      lowest = edit.firstLine();
      byte[] firstTerminator = terminator(lines.get(edit.firstLine() - 1));
      byte[] lastTerminator = terminator(lines.get(edit.lastLine() - 1));
      List<byte[]> replacement = new ArrayList<>();
      for (int i = 0; i < edit.lines().size(); i++) {
        byte[] terminatorBytes = i == edit.lines().size() - 1 ? lastTerminator : firstTerminator;
        replacement.add(
            concat(edit.lines().get(i).getBytes(StandardCharsets.UTF_8), terminatorBytes));
      }
      for (int i = edit.lastLine(); i >= edit.firstLine(); i--) {
        lines.remove(i - 1);
      }
      lines.addAll(edit.firstLine() - 1, replacement);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 64);
    for (byte[] line : lines) {
      out.writeBytes(line);
    }
    return out.toByteArray();
  }

  /** The physical lines, each with its terminator ("\n", "\r\n" or none at the end). */
  static List<byte[]> splitLines(byte[] text) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length; i++) {
      if (text[i] == '\n') {
        lines.add(java.util.Arrays.copyOfRange(text, start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length) {
      lines.add(java.util.Arrays.copyOfRange(text, start, text.length));
    }
    return lines;
  }

  private static byte[] terminator(byte[] line) {
    int n = line.length;
    if (n >= 2 && line[n - 2] == '\r' && line[n - 1] == '\n') {
      return new byte[] {'\r', '\n'};
    }
    if (n >= 1 && line[n - 1] == '\n') {
      return new byte[] {'\n'};
    }
    return new byte[0];
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Writes beside the target and renames over it, so readers see the old or the new file. */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path target = file.toRealPath();
    Path directory = target.getParent();
    Path temporary =
        Files.createTempFile(directory, "." + target.getFileName() + ".", ".wsgi4j-fix");
    try {
      Files.write(temporary, bytes);
      PosixFileAttributeView view =
          Files.getFileAttributeView(target, PosixFileAttributeView.class);
      if (view != null) {
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        Files.setPosixFilePermissions(temporary, permissions);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
