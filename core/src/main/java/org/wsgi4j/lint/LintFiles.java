package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.stream.Stream;
import org.wsgi4j.files.FileSystemView;
import org.wsgi4j.files.LocalFileSystem;

/**
 * The file system as lint rules see it: what {@link FileSystemView} offers plus reading small
 * files, listing directories and POSIX permissions. Tests can pass their own; {@link #local()} is
 * the real one. Every method answers "nothing" rather than throwing.
 */
public interface LintFiles extends FileSystemView {

  /** The file's text (UTF-8, malformed bytes replaced), or empty if it cannot be read. */
  Optional<String> readText(String path);

  /** The names of the entries of a directory, or an empty list. */
  ImmutableList<String> list(String directory);

  /** POSIX permissions, or empty where the file is missing or the file system has none. */
  Optional<ImmutableSet<PosixFilePermission>> permissions(String path);

  /** Whether this process can read the file. */
  boolean isReadable(String path);

  static LintFiles local() {
    return Local.INSTANCE;
  }

  /** The real file system. */
  final class Local implements LintFiles {
    static final Local INSTANCE = new Local();
    private static final long MAX_READ = 1 << 20;
    private final FileSystemView view = LocalFileSystem.INSTANCE;

    private Local() {}

    private static Optional<Path> path(String text) {
      try {
        return text.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(Path.of(text));
      } catch (InvalidPathException e) {
        return Optional.empty();
      }
    }

    @Override
    public boolean isRegularFile(String path) {
      return view.isRegularFile(path);
    }

    @Override
    public boolean isDirectory(String path) {
      return view.isDirectory(path);
    }

    @Override
    public boolean exists(String path) {
      return view.exists(path);
    }

    @Override
    public long size(String path) {
      return view.size(path);
    }

    @Override
    public boolean isSymbolicLink(String path) {
      return view.isSymbolicLink(path);
    }

    @Override
    public boolean isExecutable(String path) {
      return view.isExecutable(path);
    }

    @Override
    public Optional<String> readText(String text) {
      Optional<Path> path = path(text);
      if (path.isEmpty() || !Files.isRegularFile(path.get())) {
        return Optional.empty();
      }
      try {
        if (Files.size(path.get()) > MAX_READ) {
          return Optional.empty();
        }
        return Optional.of(new String(Files.readAllBytes(path.get()), StandardCharsets.UTF_8));
      } catch (IOException | SecurityException e) {
        return Optional.empty();
      }
    }

    @Override
    public ImmutableList<String> list(String directory) {
      Optional<Path> path = path(directory);
      if (path.isEmpty() || !Files.isDirectory(path.get())) {
        return ImmutableList.of();
      }
      try (Stream<Path> entries = Files.list(path.get())) {
        return entries
            .map(Path::getFileName)
            .map(String::valueOf)
            .sorted()
            .collect(ImmutableList.toImmutableList());
      } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
        return ImmutableList.of();
      }
    }

    @Override
    public Optional<ImmutableSet<PosixFilePermission>> permissions(String text) {
      Optional<Path> path = path(text);
      if (path.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(ImmutableSet.copyOf(Files.getPosixFilePermissions(path.get())));
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return Optional.empty();
      }
    }

    @Override
    public boolean isReadable(String text) {
      return path(text).map(Files::isReadable).orElse(false);
    }
  }
}
