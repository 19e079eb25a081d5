package org.wsgi4j.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory files for tests; every write gets a new modification time. Counts reads and stamps. */
final class MemoryAuthFileSource implements AuthFileSource {
  private static final class Version {
    private final byte[] content;
    private final long tick;

    Version(byte[] content, long tick) {
      this.content = content;
      this.tick = tick;
    }

    byte[] content() {
      return content;
    }

    long tick() {
      return tick;
    }
  }

  private final Map<Path, Version> files = new ConcurrentHashMap<>();
  private final AtomicInteger clock = new AtomicInteger();
  final AtomicInteger reads = new AtomicInteger();
  final AtomicInteger stamps = new AtomicInteger();

  void write(Path path, String content) {
    files.put(
        path, new Version(content.getBytes(StandardCharsets.ISO_8859_1), clock.incrementAndGet()));
  }

  void delete(Path path) {
    files.remove(path);
  }

  private Version get(Path path) throws IOException {
    Version v = files.get(path);
    if (v == null) {
      throw new NoSuchFileException(path.toString());
    }
    return v;
  }

  @Override
  public FileStamp stamp(Path path) throws IOException {
    stamps.incrementAndGet();
    Version v = get(path);
    return new FileStamp(v.content().length, FileTime.fromMillis(v.tick()), "mem");
  }

  @Override
  public byte[] read(Path path) throws IOException {
    reads.incrementAndGet();
    return get(path).content().clone();
  }
}
