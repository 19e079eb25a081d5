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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
                        running.countDown();
                        try {
                          release.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
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
            running.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
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
}
