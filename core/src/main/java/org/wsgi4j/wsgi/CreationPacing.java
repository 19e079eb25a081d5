package org.wsgi4j.wsgi;

import java.util.concurrent.Callable;

/**
 * Lets a replica's creation pause between its steps, so that on a saturated core the requests of
 * the replica being replaced run in between: what the pool installs ({@link ProcessGroupPool})
 * decides how long. Code that creates a replica calls {@link #step} at the boundaries of its steps;
 * outside a paced creation it does nothing.
 */
public final class CreationPacing {
  private static final ThreadLocal<Runnable> PACER = new ThreadLocal<>();

  private CreationPacing() {}

  /** A boundary between two steps of a replica's creation. */
  public static void step() {
    Runnable pacer = PACER.get();
    if (pacer != null) {
      pacer.run();
    }
  }

  /** Runs {@code creation} on this thread with {@code pacer} run at each {@link #step}. */
  static <T> T paced(Runnable pacer, Callable<T> creation) throws Exception {
    Runnable outer = PACER.get();
    PACER.set(pacer);
    try {
      return creation.call();
    } finally {
      if (outer == null) {
        PACER.remove();
      } else {
        PACER.set(outer);
      }
    }
  }
}
