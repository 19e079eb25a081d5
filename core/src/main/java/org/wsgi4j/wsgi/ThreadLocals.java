package org.wsgi4j.wsgi;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Forgets every thread-local value of the current thread, so that a worker thread can serve a new
 * process generation as if it were a new thread. Needed because an application's {@code
 * threading.local} (a Java {@link ThreadLocal} in Jython) that holds anything of its own module is
 * never released while the thread lives: the value keeps the module, the module keeps the {@code
 * ThreadLocal} key, and a retired generation would never become collectable.
 *
 * <p>Java offers no API for this, so it clears the thread's two thread-local maps by reflection,
 * which works only when {@code java.base/java.lang} is opened to wsgi4j ({@code --add-opens
 * java.base/java.lang=ALL-UNNAMED}; the {@code wsgi4j} launcher's jar declares it). Without it,
 * {@link #available()} is false and process groups start new worker threads for every generation.
 */
final class ThreadLocals {
  private static final Logger LOG = Logger.getLogger(ThreadLocals.class.getName());

  /** {@code Thread.threadLocals} and {@code Thread.inheritableThreadLocals}, when accessible. */
  private static final Optional<Field[]> MAPS = maps();

  private ThreadLocals() {}

  private static Optional<Field[]> maps() {
    try {
      Field plain = Thread.class.getDeclaredField("threadLocals");
      Field inheritable = Thread.class.getDeclaredField("inheritableThreadLocals");
      plain.setAccessible(true);
      inheritable.setAccessible(true);
      return Optional.of(new Field[] {plain, inheritable});
    } catch (ReflectiveOperationException | RuntimeException e) {
      // InaccessibleObjectException (java.lang not opened) or a security manager's refusal.
      LOG.log(
          Level.FINE,
          "java.base/java.lang is not opened to wsgi4j: worker threads are not reused across"
              + " process generations",
          e);
      return Optional.empty();
    }
  }

  /** Whether {@link #clearCurrent} can work in this JVM. */
  static boolean available() {
    return MAPS.isPresent();
  }

  /**
   * Drops every thread-local value of the calling thread (values are created afresh on next use, as
   * on a new thread), except the JDK's own per-thread native I/O caches (see {@link
   * #isJdkIoCache}). Call only between pieces of work, never while code that keeps a thread-local
   * across calls is on the stack.
   */
  static void clearCurrent() {
    Field[] maps = MAPS.orElseThrow(() -> new IllegalStateException("thread locals not clearable"));
    Thread current = Thread.currentThread();
    try {
      Map<ThreadLocal<Object>, Object> kept = jdkIoCaches(maps[0].get(current));
      for (Field map : maps) {
        map.set(current, null);
      }
      kept.forEach(ThreadLocal::set);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("made accessible above", e);
    }
  }

  /**
   * The entries of a thread's {@code ThreadLocalMap} that hold the JDK's native I/O caches.
   * Dropping them made every worker allocate a new iovec array, temporary direct buffers and native
   * path buffers in each process generation, and left the old ones' native memory to the garbage
   * collector's cleaners: with a recycle every 500 requests, hundreds of native allocations a
   * second that a new thread would also make but a reused one need not. Empty when the map's layout
   * is not the expected one: then everything is dropped, as before.
   */
  private static Map<ThreadLocal<Object>, Object> jdkIoCaches(Object map) {
    Map<ThreadLocal<Object>, Object> kept = new LinkedHashMap<>();
    Optional<Field[]> layout = ENTRY_LAYOUT;
    if (map == null || layout.isEmpty()) {
      return kept;
    }
    try {
      for (Object entry : (Object[]) layout.get()[0].get(map)) {
        if (entry == null) {
          continue;
        }
        Object key = ((Reference<?>) entry).get();
        Object value = layout.get()[1].get(entry);
        if (key instanceof ThreadLocal<?> local && isJdkIoCache(value)) {
          @SuppressWarnings("unchecked") // the map's own key; set back with the value it held
          ThreadLocal<Object> typed = (ThreadLocal<Object>) local;
          kept.put(typed, value);
        }
      }
    } catch (IllegalAccessException | RuntimeException e) {
      LOG.log(Level.FINE, "thread-local map not readable: dropping every entry", e);
      kept.clear();
    }
    return kept;
  }

  /**
   * Kept: values of the JDK's NIO implementation ({@code sun.nio.ch.IOVecWrapper}, {@code
   * sun.nio.ch.Util$BufferCache}, {@code sun.nio.fs.NativeBuffer[]}), which hold native memory and
   * direct buffers but never an application's objects. Setting them back registers the
   * "terminating" ones again with the JDK's registry that frees them when the thread ends. Anything
   * an application or Jython put there is dropped.
   */
  private static boolean isJdkIoCache(Object value) {
    if (value == null) {
      return false;
    }
    Class<?> type =
        value.getClass().isArray() ? value.getClass().getComponentType() : value.getClass();
    return type.getClassLoader() == null && type.getName().startsWith("sun.nio.");
  }

  /** {@code ThreadLocalMap.table} and {@code ThreadLocalMap.Entry.value}, when accessible. */
  private static final Optional<Field[]> ENTRY_LAYOUT = entryLayout();

  private static Optional<Field[]> entryLayout() {
    try {
      Class<?> mapType = Class.forName("java.lang.ThreadLocal$ThreadLocalMap");
      Class<?> entryType = Class.forName("java.lang.ThreadLocal$ThreadLocalMap$Entry");
      Field table = mapType.getDeclaredField("table");
      Field value = entryType.getDeclaredField("value");
      table.setAccessible(true);
      value.setAccessible(true);
      return Optional.of(new Field[] {table, value});
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.FINE, "ThreadLocalMap's layout is not the expected one", e);
      return Optional.empty();
    }
  }
}
