package org.wsgi4j.wsgi;

import java.lang.reflect.Field;
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
   * on a new thread). Call only between pieces of work, never while code that keeps a thread-local
   * across calls is on the stack.
   */
  static void clearCurrent() {
    Field[] maps = MAPS.orElseThrow(() -> new IllegalStateException("thread locals not clearable"));
    Thread current = Thread.currentThread();
    try {
      for (Field map : maps) {
        map.set(current, null);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("made accessible above", e);
    }
  }
}
