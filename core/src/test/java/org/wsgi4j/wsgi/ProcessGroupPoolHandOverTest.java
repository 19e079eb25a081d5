package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who swaps a new replica in. The recycler only publishes a replacement that is ready before its
 * generation's count (the worker reaching the count swaps it in); when no worker will come by, it
 * swaps the replacement in itself. Told apart by the thread that logs the swap.
 */
class ProcessGroupPoolHandOverTest {
  private final Logger poolLog = Logger.getLogger(ProcessGroupPool.class.getName());
  private final List<String> swappedOn = new CopyOnWriteArrayList<>();
  private final List<String> swapMessages = new CopyOnWriteArrayList<>();
  private final Handler swaps =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          String message = record.getMessage();
          if (message != null && message.contains("swapped in its replacement")) {
            swapMessages.add(message);
            swappedOn.add(Thread.currentThread().getName());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    poolLog.addHandler(swaps);
  }

  @AfterEach
  void stopListening() {
    poolLog.removeHandler(swaps);
  }

  private record Replica(int id) implements AutoCloseable {
    @Override
    public void close() {}
  }

  @Test
  void aReplacementReadyBeforeTheCountIsSwappedInByTheWorkerThatReachesIt() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    PoolSettings settings = PoolSettings.daemon("handover", 1, 10).withMaximumRequests(4);
    try (ProcessGroupPool<Replica> pool =
        new ProcessGroupPool<>(settings, predecessor -> add(created))) {
      pool.execute(Replica::id);
      pool.execute(Replica::id);
      // From half the count on, the recycler creates the replacement and publishes it.
      awaitPublished(pool);
      assertEquals(1, pool.execute(Replica::id), "the old replica serves up to its count");
      // The 4th request, the count: still on the old replica (its release swaps). One worker
      // thread serves both generations, so the replica tells where the swap happened.
      String countReachedOn = pool.execute(r -> r.id() + " " + Thread.currentThread().getName());
      assertTrue(countReachedOn.startsWith("1 "), "the count reached on the old replica");
      countReachedOn = countReachedOn.substring(2);
      assertTrue(pool.awaitGeneration(2, Duration.ofSeconds(10)));
      assertEquals(2, pool.execute(Replica::id));
      assertEquals(List.of(countReachedOn), swapsLogged());
      assertFalse(swapMessages.get(0).contains("late"), swapMessages.get(0));
    }
  }

  @Test
  void aReplacementReadyAfterTheCountIsSwappedInByTheRecycler() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    CountDownLatch creating = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    PoolSettings settings = PoolSettings.daemon("handover", 1, 10).withMaximumRequests(2);
    ExecutorService client = Executors.newSingleThreadExecutor();
    try (ProcessGroupPool<Replica> pool =
        new ProcessGroupPool<>(
            settings,
            predecessor -> {
              if (predecessor.isPresent()) {
                Latches.signalThenWait(creating, finish);
              }
              return add(created);
            })) {
      pool.execute(Replica::id);
      assertTrue(creating.await(10, TimeUnit.SECONDS));
      assertEquals(1, pool.execute(Replica::id), "the count is reached on the old replica");
      // The generation takes nothing more: this request waits for the replacement.
      Future<Integer> waiting = client.submit(() -> pool.execute(Replica::id));
      finish.countDown();
      assertEquals(2, waiting.get(10, TimeUnit.SECONDS));
      assertEquals(List.of("wsgi4j-handover-recycler"), swapsLogged());
      // The operator learns that requests waited, and for how long.
      assertTrue(
          swapMessages
              .get(0)
              .matches(".*the replacement was late: no request was taken for \\d+\\.\\d\\d ms"),
          swapMessages.get(0));
    } finally {
      client.shutdownNow();
    }
  }

  @Test
  void anUrgentReplacementOfAnIdlePoolIsSwappedInByTheRecycler() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    PoolSettings settings = PoolSettings.daemon("handover", 2, 10);
    try (ProcessGroupPool<Replica> pool =
        new ProcessGroupPool<>(settings, predecessor -> add(created))) {
      assertEquals(1, pool.execute(Replica::id));
      pool.replaceNow(created.get(0), RecycleReason.SCRIPT_CHANGED);
      assertTrue(pool.awaitGeneration(2, Duration.ofSeconds(10)));
      assertEquals(2, pool.execute(Replica::id));
      assertEquals(List.of("wsgi4j-handover-recycler"), swapsLogged());
    }
  }

  /** The swap is logged after the pool's lock is let go: a waiter may see the swap before that. */
  private List<String> swapsLogged() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (swappedOn.isEmpty() && System.nanoTime() - deadline < 0) {
      Thread.sleep(2);
    }
    return List.copyOf(swappedOn);
  }

  private static Replica add(List<Replica> created) {
    Replica replica = new Replica(created.size() + 1);
    created.add(replica);
    return replica;
  }

  private static void awaitPublished(ProcessGroupPool<Replica> pool) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pool.stats().liveReplicas() < 2 && System.nanoTime() - deadline < 0) {
      Thread.sleep(2);
    }
    assertEquals(2, pool.stats().liveReplicas(), "the current replica and its replacement");
  }
}
