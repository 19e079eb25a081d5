package org.wsgi4j.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The real file system. Paths are latin-1 strings of the request's bytes; a path Java cannot
 * represent simply does not exist.
 */
public final class LocalFileSystem implements FileSystemView {
  public static final LocalFileSystem INSTANCE = new LocalFileSystem();

  private LocalFileSystem() {}

  private static Path path(String text) {
    try {
      return text.indexOf('\0') >= 0 ? null : Path.of(text);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  @Override
  public boolean isRegularFile(String text) {
    // "file/" names no file on POSIX (stat fails with ENOTDIR); java.nio would drop the slash.
    Path path = path(text);
    return path != null && !text.endsWith("/") && Files.isRegularFile(path);
  }

  @Override
  public boolean isDirectory(String text) {
    Path path = path(text);
    return path != null && Files.isDirectory(path);
  }

  @Override
  public boolean exists(String text) {
    Path path = path(text);
    return path != null && Files.exists(path);
  }

  @Override
  public long size(String text) {
    Path path = path(text);
    try {
      return path == null ? 0 : Files.size(path);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public boolean isSymbolicLink(String text) {
    Path path = path(text);
    return path != null && Files.isSymbolicLink(path);
  }

  @Override
  public boolean isExecutable(String text) {
    Path path = path(text);
    return path != null
        && Files.exists(path, LinkOption.NOFOLLOW_LINKS)
        && Files.isExecutable(path);
  }
}
