package org.wsgi4j.files;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers what the file system said about a path for a short time, like nginx's open_file_cache:
 * routing a request looks at the same few files (the script, its directory) on every request, and a
 * stat costs more than the rest of the decision. A file created, changed or removed is seen after
 * at most {@code ttlNanos}. Thread-safe; bounded.
 */
public final class CachingFileSystem implements FileSystemView {
  private static final int MAX_ENTRIES = 10_000;

  private record Stat(
      long at,
      boolean regular,
      boolean directory,
      boolean exists,
      long size,
      boolean link,
      boolean executable) {}

  private final FileSystemView delegate;
  private final long ttlNanos;
  private final LongSupplier clock;
  private final Map<String, Stat> stats = new ConcurrentHashMap<>();

  public CachingFileSystem(FileSystemView delegate, long ttlNanos) {
    this(delegate, ttlNanos, System::nanoTime);
  }

  CachingFileSystem(FileSystemView delegate, long ttlNanos, LongSupplier clock) {
    this.delegate = delegate;
    this.ttlNanos = ttlNanos;
    this.clock = clock;
  }

  private Stat stat(String path) {
    long now = clock.getAsLong();
    Stat cached = stats.get(path);
    if (cached != null && now - cached.at() < ttlNanos) {
      return cached;
    }
    boolean exists = delegate.exists(path);
    boolean regular = exists && delegate.isRegularFile(path);
    boolean directory = exists && !regular && delegate.isDirectory(path);
    Stat fresh =
        new Stat(
            now,
            regular,
            directory,
            exists,
            regular ? delegate.size(path) : 0,
            delegate.isSymbolicLink(path),
            exists && delegate.isExecutable(path));
    if (stats.size() >= MAX_ENTRIES) {
      stats.clear();
    }
    stats.put(path, fresh);
    return fresh;
  }

  @Override
  public boolean isRegularFile(String path) {
    return stat(path).regular();
  }

  @Override
  public boolean isDirectory(String path) {
    return stat(path).directory();
  }

  @Override
  public boolean exists(String path) {
    return stat(path).exists();
  }

  @Override
  public long size(String path) {
    return stat(path).size();
  }

  @Override
  public boolean isSymbolicLink(String path) {
    return stat(path).link();
  }

  @Override
  public boolean isExecutable(String path) {
    return stat(path).executable();
  }
}
