package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pool's queueing and drain-then-swap recycling, with plain Java replicas. */
class ProcessGroupPoolTest {
  /** A replica that remembers what it was created from and whether it was closed. */
  static final class Replica implements AutoCloseable {
    final int id;
    final Optional<Replica> predecessor;
    volatile boolean closed;

    Replica(int id, Optional<Replica> predecessor) {
      this.id = id;
      this.predecessor = predecessor;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static ProcessGroupPool<Replica> pool(
      int threads, int queue, OptionalInt max, List<Replica> created) throws Exception {
    return new ProcessGroupPool<>(
        max.isPresent()
            ? PoolSettings.daemon("test", threads, queue).withMaximumRequests(max.getAsInt())
            : PoolSettings.daemon("test", threads, queue),
        predecessor -> {
          Replica replica = new Replica(created.size() + 1, predecessor);
          created.add(replica);
          return replica;
        });
  }

  private static int idOf(ProcessGroupPool<Replica> pool) throws Exception {
    return pool.execute(r -> r.id);
  }

  @Test
  void recyclingSwapsInAReplacementWhileTheOldOneDrains() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    ExecutorService client = Executors.newSingleThreadExecutor();
    try (ProcessGroupPool<Replica> pool = pool(2, 10, OptionalInt.of(2), created)) {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<Integer> slow =
          client.submit(
              () ->
                  pool.execute(
                      r -> {
                        Latches.signalThenWait(running, release);
                        return r.id;
                      }));
      assertTrue(running.await(10, TimeUnit.SECONDS));
      assertEquals(1, idOf(pool));
      assertEquals(1, idOf(pool), "the old replica serves until the swap");
      assertTrue(pool.awaitGeneration(2, Duration.ofSeconds(10)));
      Replica old = created.get(0);
      Replica fresh = created.get(1);
      assertSame(old, fresh.predecessor.orElseThrow(), "the factory can preload from it");
      assertFalse(old.closed, "a request is still in flight on the old replica");
      assertEquals(2, idOf(pool), "new requests go to the replacement");
      release.countDown();
      assertEquals(1, slow.get(10, TimeUnit.SECONDS));
      assertTrue(old.closed, "closed when its last request finished");
      assertFalse(fresh.closed);
    } finally {
      client.shutdownNow();
    }
    assertTrue(created.stream().allMatch(r -> r.closed), "close() closes every replica");
  }

  @Test
  void aFullQueueIsRefusedWith503() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try (ProcessGroupPool<Replica> pool = pool(1, 1, OptionalInt.empty(), created)) {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ProcessGroupPool.Task<Replica, Integer> blocking =
          r -> {
            Latches.signalThenWait(running, release);
            return r.id;
          };
      Future<Integer> first = clients.submit(() -> pool.execute(blocking));
      assertTrue(running.await(10, TimeUnit.SECONDS));
      Future<Integer> queued = clients.submit(() -> idOf(pool));
      // Wait until the second request sits in the queue.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (pool.queued() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      WsgiUnavailableException refused =
          assertThrows(WsgiUnavailableException.class, () -> idOf(pool));
      assertEquals(503, refused.status());
      release.countDown();
      assertEquals(1, first.get(10, TimeUnit.SECONDS));
      assertEquals(1, queued.get(10, TimeUnit.SECONDS));
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * Worker threads serve the next generation of their process instead of ending with theirs, and
   * start it as new threads would: nothing an earlier generation left in a thread-local is there,
   * and the runtime's hand-over ran on the thread.
   */
  @Test
  void workersMoveToTheNextGenerationWithoutTheirThreadLocals() throws Exception {
    assertTrue(ThreadLocals.available(), "core's tests run with java.base/java.lang opened");
    List<Replica> created = new CopyOnWriteArrayList<>();
    ThreadLocal<Integer> servedFor = new ThreadLocal<>();
    AtomicInteger handovers = new AtomicInteger();
    List<String> leaks = new CopyOnWriteArrayList<>();
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    int generations = 10;
    try (ProcessGroupPool<Replica> pool =
        new ProcessGroupPool<>(
            PoolSettings.daemon("reuse", 2, 10).withMaximumRequests(3),
            predecessor -> {
              Replica replica = new Replica(created.size() + 1, predecessor);
              created.add(replica);
              return replica;
            },
            handovers::incrementAndGet)) {
      while (pool.generation() <= generations) {
        pool.execute(
            r -> {
              Integer before = servedFor.get();
              if (before != null && before != r.id) {
                leaks.add("generation " + r.id + " saw the thread-local of " + before);
              }
              servedFor.set(r.id);
              threads.add(Thread.currentThread());
              return null;
            });
      }
    }
    assertEquals(List.of(), leaks);
    // New threads for every generation would be 2 per generation; a spare may be started when a
    // worker is slow to come back from a replaced generation.
    assertTrue(
        threads.size() <= 4, threads.size() + " threads for " + generations + " generations");
    assertTrue(handovers.get() >= generations - 1, "hand-overs: " + handovers.get());
  }

  /** With reuse turned off, every generation has threads of its own (the behaviour before). */
  @Test
  void withoutReuseEveryGenerationStartsNewWorkers() throws Exception {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger handovers = new AtomicInteger();
    System.setProperty("wsgi4j.reuseWorkers", "false");
    ProcessGroupPool<Replica> pool;
    try {
      pool =
          new ProcessGroupPool<>(
              PoolSettings.daemon("fresh", 1, 10).withMaximumRequests(2),
              predecessor -> new Replica(0, predecessor),
              handovers::incrementAndGet);
    } finally {
      System.clearProperty("wsgi4j.reuseWorkers");
    }
    try (pool) {
      while (pool.generation() <= 5) {
        pool.execute(r -> threads.add(Thread.currentThread()));
      }
    }
    assertTrue(threads.size() >= 5, threads.size() + " threads");
    assertEquals(0, handovers.get());
  }

  /**
   * A request still running on a replaced generation holds its thread; after a short grace the new
   * generation gets a thread in its place, so it serves with all of its {@code threads} while the
   * slow request drains, and the spare thread ends when the slow one comes back.
   */
  @Test
  void aSlowRequestAcrossARecycleDoesNotCostTheNewGenerationAWorker() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(3);
    try (ProcessGroupPool<Replica> pool = pool(2, 10, OptionalInt.of(2), created)) {
      CountDownLatch slowRunning = new CountDownLatch(1);
      CountDownLatch releaseSlow = new CountDownLatch(1);
      Future<Integer> slow =
          clients.submit(
              () ->
                  pool.execute(
                      r -> {
                        slowRunning.countDown();
                        awaitQuietly(releaseSlow);
                        return r.id;
                      }));
      assertTrue(slowRunning.await(10, TimeUnit.SECONDS));
      assertEquals(1, idOf(pool));
      assertEquals(1, idOf(pool), "the count is reached; the slow request is still running");
      assertTrue(pool.awaitGeneration(2, Duration.ofSeconds(10)));
      // Two requests that each wait for the other: they finish only if generation 2 has two
      // workers although one thread of the process is still busy in generation 1.
      CountDownLatch both = new CountDownLatch(2);
      List<Future<Integer>> pair = new java.util.ArrayList<>();
      for (int i = 0; i < 2; i++) {
        pair.add(
            clients.submit(
                () ->
                    pool.execute(
                        r -> {
                          both.countDown();
                          awaitQuietly(both);
                          return r.id;
                        })));
      }
      for (Future<Integer> f : pair) {
        assertEquals(2, f.get(10, TimeUnit.SECONDS));
      }
      releaseSlow.countDown();
      assertEquals(1, slow.get(10, TimeUnit.SECONDS), "it finished on the old generation");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (pool.stats().workerThreads() != 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(2, pool.stats().workerThreads(), "the spare thread ended");
      assertTrue(created.get(0).closed);
    } finally {
      clients.shutdownNow();
    }
  }

  /** Polls a counter of the pool's stats until it reaches {@code expected} or 10 s pass. */
  private static long awaitStat(
      ProcessGroupPool<Replica> pool,
      java.util.function.ToLongFunction<PoolStats> stat,
      long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stat.applyAsLong(pool.stats()) < expected && System.nanoTime() - deadline < 0) {
      Thread.sleep(1);
    }
    return stat.applyAsLong(pool.stats());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aRecycleHandsTheRecyclerWorkTwiceNotOncePerRequest() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    int max = 40;
    int recycles = 10;
    try (ProcessGroupPool<Replica> pool = pool(2, 10, OptionalInt.of(max), created)) {
      for (int i = 0; i < max * recycles; i++) {
        idOf(pool);
      }
      PoolStats stats = pool.stats();
      // The last swap may still wait for its replacement.
      assertTrue(stats.recycles() >= recycles - 1, "recycles " + stats.recycles());
      // Per recycle: start creating at half the count, close the old replica after the swap (a
      // watchdog tick may add one). Woken by every request from half the count on, it was ~21.
      assertTrue(
          stats.recyclerRuns() <= 3 * (stats.recycles() + 1),
          "recycler runs " + stats.recyclerRuns() + " for " + stats.recycles() + " recycles");
    }
  }

  /**
   * A generation that reaches its count before its replacement is ready stops, and is counted:
   * operators read the count to tell whether replacements take longer than half of
   * maximum-requests. One whose replacement was ready in time is not.
   */
  @Test
  void aGenerationThatReachesItsCountBeforeItsReplacementIsCounted() throws Exception {
    CountDownLatch firstReplacement = new CountDownLatch(1);
    AtomicInteger replicas = new AtomicInteger();
    ExecutorService client = Executors.newSingleThreadExecutor();
    try (ProcessGroupPool<Replica> pool =
        new ProcessGroupPool<>(
            PoolSettings.daemon("test", 1, 10).withMaximumRequests(4),
            predecessor -> {
              if (predecessor.isPresent() && predecessor.get().id == 1) {
                awaitQuietly(firstReplacement);
              }
              return new Replica(replicas.incrementAndGet(), predecessor);
            })) {
      for (int i = 0; i < 4; i++) {
        assertEquals(1, idOf(pool));
      }
      // The first replacement is held back: the fifth request waits for it. (The count is taken
      // when the fourth request's worker is done with it, maybe after its caller has the answer.)
      Future<Integer> fifth = client.submit(() -> idOf(pool));
      assertEquals(1, awaitStat(pool, PoolStats::stoppedAtCount, 1), "generation 1 stopped");
      assertFalse(fifth.isDone(), "the fifth request waits for the replacement");
      firstReplacement.countDown();
      assertEquals(2, fifth.get(10, TimeUnit.SECONDS));
      // Generation 2: its replacement is made from the second request on; wait for it there.
      assertEquals(2, idOf(pool));
      assertEquals(3, awaitStat(pool, PoolStats::replicasCreated, 3), "the second replacement");
      assertEquals(2, idOf(pool));
      assertEquals(2, idOf(pool));
      assertEquals(3, idOf(pool));
      assertEquals(1, pool.stats().stoppedAtCount(), "generation 2's replacement was ready");
    } finally {
      client.shutdownNow();
    }
  }

  @Test
  void embeddedRunsOnTheCallersThreadAndNeverRecycles() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    try (ProcessGroupPool<Replica> pool =
        new ProcessGroupPool<>(PoolSettings.embedded(), p -> new Replica(created.size() + 1, p))) {
      Thread caller = Thread.currentThread();
      for (int i = 0; i < 5; i++) {
        assertSame(caller, pool.execute(r -> Thread.currentThread()));
      }
      assertEquals(1, pool.generation());
    }
    assertThrows(IllegalArgumentException.class, () -> PoolSettings.daemon("x", -1, 1));
  }

  /**
   * A request given up on (request-timeout) hears of it before its thread is interrupted: the
   * gateway cuts it off from the client there, so the interrupted application's own error page can
   * never get out ahead of the pool's 504.
   */
  @Test
  void aTaskGivenUpOnHearsOfItBeforeItsThreadIsInterrupted() throws Exception {
    AtomicBoolean told = new AtomicBoolean();
    AtomicBoolean toldBeforeInterrupt = new AtomicBoolean();
    CountDownLatch interrupted = new CountDownLatch(1);
    ProcessGroupPool.Task<Replica, Integer> task =
        new ProcessGroupPool.Task<>() {
          @Override
          public Integer run(Replica replica) {
            try {
              Thread.sleep(60_000);
            } catch (InterruptedException e) {
              toldBeforeInterrupt.set(told.get());
              interrupted.countDown();
            }
            return 0;
          }

          @Override
          public void abandoned() {
            // Slow on purpose: an interrupt sent before this returned would be seen above.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            while (System.nanoTime() < until) {
              Thread.onSpinWait();
            }
            told.set(true);
          }
        };
    try (ProcessGroupPool<Replica> pool =
        new ProcessGroupPool<>(
            PoolSettings.daemon("abandon", 1, 10).withRequestTimeout(Duration.ofMillis(200)),
            p -> new Replica(1, p))) {
      WsgiUnavailableException e =
          assertThrows(WsgiUnavailableException.class, () -> pool.execute(task));
      assertEquals(504, e.status());
      assertTrue(interrupted.await(20, TimeUnit.SECONDS), "the request's thread was interrupted");
      assertTrue(toldBeforeInterrupt.get(), "abandoned() had returned when the interrupt came");
    }
  }
}
