package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a worker thread forgets between process generations, and what it keeps. */
class ThreadLocalsTest {
  /** An application's thread-local, such as a {@code threading.local} holding its module's data. */
  private static final ThreadLocal<Object[]> APPLICATION = new ThreadLocal<>();

  @TempDir Path dir;

  @Test
  void applicationValuesAreDroppedAndTheJdkNativeIoCachesKept() throws Exception {
    assertTrue(ThreadLocals.available(), "core's tests run with java.base/java.lang opened");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                check();
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    worker.start();
    worker.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }

  private void check() throws Exception {
    APPLICATION.set(new Object[] {"a module's dict"});
    // A heap buffer written through a channel goes through a temporary direct buffer (the
    // BufferCache), a gathering write through the per-thread iovec array (IOVecWrapper), and a
    // path through a native buffer (NativeBuffers): what a worker writing responses holds.
    Path file = dir.resolve("out");
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[100]));
      channel.write(
          new ByteBuffer[] {ByteBuffer.wrap(new byte[10]), ByteBuffer.wrap(new byte[10])});
    }
    assertTrue(Files.exists(file));
    IdentityHashMap<Object, String> before = values();
    List<String> jdkTypes = new ArrayList<>();
    before.forEach(
        (value, type) -> {
          if (type.startsWith("sun.nio.")) {
            jdkTypes.add(type);
          }
        });
    assertTrue(
        jdkTypes.containsAll(List.of("sun.nio.ch.Util$BufferCache", "sun.nio.ch.IOVecWrapper")),
        "the JDK's caches are there to keep: " + before.values());

    ThreadLocals.clearCurrent();

    assertNull(APPLICATION.get(), "the application's value is gone");
    IdentityHashMap<Object, String> after = values();
    List<String> keptTypes = new ArrayList<>();
    before.forEach(
        (value, type) -> {
          if (after.containsKey(value)) {
            keptTypes.add(type);
          }
        });
    assertEquals(
        jdkTypes.stream().sorted().toList(),
        keptTypes.stream().sorted().toList(),
        "exactly the JDK's native I/O caches were kept, the same objects");
  }

  /** The current thread's thread-local values (identity) and their types. */
  private static IdentityHashMap<Object, String> values() throws ReflectiveOperationException {
    Field mapField = Thread.class.getDeclaredField("threadLocals");
    mapField.setAccessible(true);
    Object map = mapField.get(Thread.currentThread());
    IdentityHashMap<Object, String> values = new IdentityHashMap<>();
    if (map == null) {
      return values;
    }
    Field table = Class.forName("java.lang.ThreadLocal$ThreadLocalMap").getDeclaredField("table");
    Field value =
        Class.forName("java.lang.ThreadLocal$ThreadLocalMap$Entry").getDeclaredField("value");
    table.setAccessible(true);
    value.setAccessible(true);
    for (Object entry : (Object[]) table.get(map)) {
      if (entry != null && ((Reference<?>) entry).get() != null) {
        Object v = value.get(entry);
        if (v != null) {
          Class<?> type = v.getClass().isArray() ? v.getClass().getComponentType() : v.getClass();
          values.put(v, type.getName());
        }
      }
    }
    return values;
  }
}
