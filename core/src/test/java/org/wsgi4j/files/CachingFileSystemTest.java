package org.wsgi4j.files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingFileSystemTest {
  @TempDir Path dir;

  @Test
  void seesChangesOnceTheEntryExpires() throws IOException {
    AtomicLong now = new AtomicLong();
    CachingFileSystem files = new CachingFileSystem(LocalFileSystem.INSTANCE, 1_000, now::get);
    String path = dir.resolve("app.wsgi").toString();
    assertFalse(files.isRegularFile(path));
    Files.writeString(Path.of(path), "x");
    now.addAndGet(999);
    assertFalse(files.isRegularFile(path), "still within the time to live");
    now.addAndGet(1);
    assertTrue(files.isRegularFile(path), "expired: asked again");
    assertTrue(files.exists(path));
    assertFalse(files.isDirectory(path));
    assertTrue(files.isDirectory(dir.toString()));
  }
}
