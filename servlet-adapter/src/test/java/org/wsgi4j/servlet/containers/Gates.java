package org.wsgi4j.servlet.containers;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Called from the test WSGI scripts (Jython imports Java classes): a request can wait at a named
 * gate until the test opens it, and reports when it arrived and when its iterable was closed.
 */
public final class Gates {
  private static final ConcurrentHashMap<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, AtomicInteger> ARRIVED = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, AtomicInteger> CLOSED = new ConcurrentHashMap<>();

  private Gates() {}

  /** Called by the script: records the arrival and waits (at most two minutes) for the gate. */
  public static void enter(String name) throws InterruptedException {
    ARRIVED.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    boolean opened = gate(name).await(2, TimeUnit.MINUTES);
    if (!opened) {
      throw new IllegalStateException("gate " + name + " never opened");
    }
  }

  /** Called by the script from its iterable's close(). */
  public static void closed(String name) {
    CLOSED.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
  }

  public static void open(String name) {
    gate(name).countDown();
  }

  public static int arrived(String name) {
    AtomicInteger count = ARRIVED.get(name);
    return count == null ? 0 : count.get();
  }

  public static int closedCount(String name) {
    AtomicInteger count = CLOSED.get(name);
    return count == null ? 0 : count.get();
  }

  private static CountDownLatch gate(String name) {
    return GATES.computeIfAbsent(name, n -> new CountDownLatch(1));
  }

  /** Waits (polling, at most a minute) until {@code condition} holds. */
  public static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }
}
