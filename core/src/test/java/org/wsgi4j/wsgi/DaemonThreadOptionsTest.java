package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * stack-size, display-name, interrupt-timeout and cpu-time-limit, at library level with plain Java
 * replicas. Timeouts only bound how long to wait for an outcome.
 */
class DaemonThreadOptionsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ExecutorService clients = Executors.newCachedThreadPool();
  private ProcessGroupPool<ProcessGroupLifecycleTest.Replica> pool;

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.close();
    }
    clients.shutdownNow();
  }

  @Test
  void optionsAreReadFromTheDaemonDefinition() {
    PoolSettings settings =
        PoolSettings.of(
            Dispatches.daemon(
                "site",
                2,
                Map.of(
                    "stack-size", "524288",
                    "display-name", "%{GROUP}",
                    "interrupt-timeout", "3",
                    "cpu-time-limit", "60")));
    assertEquals(OptionalLong.of(524288), settings.stackSize());
    assertEquals(Optional.of("(wsgi:site)"), settings.displayName());
    assertEquals(Optional.of(Duration.ofSeconds(3)), settings.interruptTimeout());
    assertEquals(Optional.of(Duration.ofSeconds(60)), settings.cpuTimeLimit());
    PoolSettings defaults = PoolSettings.of(Dispatches.daemon("site", 2, Map.of()));
    assertEquals(OptionalLong.empty(), defaults.stackSize());
    assertEquals(Optional.empty(), defaults.displayName());
    assertEquals(Optional.empty(), defaults.interruptTimeout());
    assertEquals(Optional.empty(), defaults.cpuTimeLimit());
  }

  @Test
  void workerThreadsAreNamedByDisplayName() throws Exception {
    pool =
        new ProcessGroupPool<>(
            PoolSettings.daemon("site", 2, 10).withDisplayName("(wsgi:site)"),
            new ProcessGroupLifecycleTest.Factory());
    String name = pool.execute(r -> Thread.currentThread().getName());
    assertTrue(name.startsWith("(wsgi:site)-"), name);
    try (ProcessGroupPool<ProcessGroupLifecycleTest.Replica> plain =
        new ProcessGroupPool<>(
            PoolSettings.daemon("site", 1, 10), new ProcessGroupLifecycleTest.Factory())) {
      String other = plain.execute(r -> Thread.currentThread().getName());
      assertTrue(other.startsWith("wsgi4j-site-"), other);
    }
  }

  /** How deep this thread can recurse before its stack overflows. */
  private static int maxDepth() {
    int[] deepest = {0};
    class Probe {
      void down(int n) {
        deepest[0] = n;
        if (n < Integer.MAX_VALUE) {
          down(n + 1);
        }
      }
    }
    try {
      new Probe().down(0);
    } catch (StackOverflowError e) {
      // the depth is in deepest[0]
    }
    return deepest[0];
  }

  @Test
  void stackSizeGivesWorkersThatStack() throws Exception {
    int small;
    int large;
    try (ProcessGroupPool<ProcessGroupLifecycleTest.Replica> p =
        new ProcessGroupPool<>(
            PoolSettings.daemon("small", 1, 10).withStackSize(256 * 1024),
            new ProcessGroupLifecycleTest.Factory())) {
      small = p.execute(r -> maxDepth());
    }
    try (ProcessGroupPool<ProcessGroupLifecycleTest.Replica> p =
        new ProcessGroupPool<>(
            PoolSettings.daemon("large", 1, 10).withStackSize(64 * 1024 * 1024),
            new ProcessGroupLifecycleTest.Factory())) {
      large = p.execute(r -> maxDepth());
    }
    assertTrue(
        large > 8 * small,
        "64 MiB of stack goes far deeper than 256 KiB: " + large + " vs " + small);
  }

  private static int status(Future<?> future) throws InterruptedException {
    try {
      future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return 200;
    } catch (ExecutionException e) {
      return e.getCause() instanceof WsgiUnavailableException u ? u.status() : 500;
    } catch (java.util.concurrent.TimeoutException e) {
      return -1;
    }
  }

  @Test
  void anInterruptedRequestThatReturnsInTimeKeepsItsProcessOneThatDoesNotGetsItReplaced()
      throws Exception {
    ProcessGroupLifecycleTest.Factory factory = new ProcessGroupLifecycleTest.Factory();
    pool =
        new ProcessGroupPool<>(
            PoolSettings.daemon("it", 2, 10)
                .withRequestTimeout(Duration.ofMillis(200))
                .withInterruptTimeout(Duration.ofMillis(300)),
            factory);
    // Interruptible: it returns as soon as the watchdog interrupts it.
    Future<Object> polite =
        clients.submit(
            () ->
                pool.execute(
                    r -> {
                      try {
                        new CountDownLatch(1).await();
                      } catch (InterruptedException e) {
                        return "unwound";
                      }
                      return "never";
                    }));
    assertEquals(504, status(polite));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (pool.stats().abandonedStillRunning() > 0) {
      assertTrue(System.nanoTime() < deadline, "the interrupted request returns");
      Thread.sleep(5);
    }
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> stubborn =
        clients.submit(
            () ->
                pool.execute(
                    r -> {
                      while (release.getCount() > 0) {
                        try {
                          release.await();
                        } catch (InterruptedException e) {
                          // ignores interrupts, like Python code in a C-level wait
                        }
                      }
                      return "done";
                    }));
    assertEquals(504, status(stubborn));
    assertTrue(pool.awaitGeneration(2, WAIT), "the stubborn request's process is replaced");
    release.countDown();
    assertEquals(1, pool.stats().recycles(), "the request that unwound in time cost no recycle");
    assertEquals(2, pool.stats().abandonedRequests());
  }

  @Test
  void cpuTimeLimitRecyclesTheProcessThatUsedIt() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadCpuTimeSupported());
    ProcessGroupLifecycleTest.Factory factory = new ProcessGroupLifecycleTest.Factory();
    pool =
        new ProcessGroupPool<>(
            PoolSettings.daemon("cpu", 1, 10).withCpuTimeLimit(Duration.ofMillis(200)), factory);
    assertEquals(1, pool.generation());
    long burnt =
        pool.execute(
            r -> {
              long start = threads.getCurrentThreadCpuTime();
              long deadline = System.nanoTime() + WAIT.toNanos();
              double sink = 0;
              while (threads.getCurrentThreadCpuTime() - start < 300_000_000L
                  && System.nanoTime() < deadline) {
                sink += Math.sqrt(sink + 1);
              }
              return sink > 0 ? threads.getCurrentThreadCpuTime() - start : 0;
            });
    assertTrue(burnt >= 300_000_000L, "the request used 300 ms of CPU");
    assertTrue(pool.awaitGeneration(2, WAIT), "the process was recycled");
    assertEquals(2, factory.created.size());
    // The old generation drains and closes on the recycler's thread, after the swap: wait for it.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!factory.created.get(0).closed && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(factory.created.get(0).closed, "the old process was closed after draining");
  }
}
