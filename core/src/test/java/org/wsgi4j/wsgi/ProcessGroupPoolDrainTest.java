package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ProcessGroupPool#drainThenClose}, as a configuration reload drains a replaced group:
 * nothing new is taken, what is queued or running finishes within the grace, then the pool closes.
 */
class ProcessGroupPoolDrainTest {
  private static final long WAIT_SECONDS = 60;

  static final class Replica implements AutoCloseable {
    volatile boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }

  private static ProcessGroupPool<Replica> pool(List<Replica> created) throws Exception {
    return new ProcessGroupPool<>(
        PoolSettings.daemon("drained", 1, 100_000),
        predecessor -> {
          Replica replica = new Replica();
          created.add(replica);
          return replica;
        });
  }

  @Test
  void queuedAndRunningRequestsFinishNewOnesAreRefusedThenThePoolCloses() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (ProcessGroupPool<Replica> pool = pool(created)) {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> first =
          pool.submit(
              r -> {
                Latches.signalThenWait(running, release);
                return "first";
              });
      assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS));
      CompletableFuture<String> queued = pool.submit(r -> "queued");
      assertEquals(1, pool.queued());

      Future<?> drain = threads.submit(() -> pool.drainThenClose(Duration.ofMinutes(10)));
      // Once it drains, nothing new gets in (the caller can send it elsewhere).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      // Submitted until one is refused: those accepted first (before the drain began) are queued.
      List<CompletableFuture<String>> accepted = new CopyOnWriteArrayList<>();
      Throwable refused = null;
      while (refused == null && System.nanoTime() - deadline < 0) {
        CompletableFuture<String> more = pool.submit(r -> "accepted");
        if (more.isCompletedExceptionally()) {
          refused = assertThrows(ExecutionException.class, more::get).getCause();
        } else {
          accepted.add(more);
          Thread.sleep(5);
        }
      }
      assertTrue(
          refused instanceof WsgiUnavailableException u
              && u.status() == 503
              && u.getMessage().contains("stopped"),
          "refused while draining: " + refused);
      assertFalse(drain.isDone(), "still draining: a request runs");
      assertFalse(created.get(0).closed);

      release.countDown();
      assertEquals("first", first.get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertEquals("queued", queued.get(WAIT_SECONDS, TimeUnit.SECONDS));
      for (CompletableFuture<String> more : accepted) {
        assertEquals("accepted", more.get(WAIT_SECONDS, TimeUnit.SECONDS));
      }
      drain.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(created.get(0).closed, "closed once drained");
      assertEquals(0, pool.stats().abandonedRequests());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aRequestStillRunningAtTheBoundIsAbandoned() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    CountDownLatch never = new CountDownLatch(1);
    try (ProcessGroupPool<Replica> pool = pool(created)) {
      CountDownLatch running = new CountDownLatch(1);
      CompletableFuture<String> stuck =
          pool.submit(
              r -> {
                running.countDown();
                // Ignores interrupts, as a request stuck in a busy loop would.
                while (never.getCount() > 0) {
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    // keep waiting
                  }
                }
                return "late";
              });
      assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS));
      pool.drainThenClose(Duration.ZERO);
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> stuck.get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertTrue(failure.getCause() instanceof WsgiUnavailableException);
      assertEquals(503, ((WsgiUnavailableException) failure.getCause()).status());
      assertEquals(1, pool.stats().abandonedRequests());
      assertFalse(created.get(0).closed, "its replica waits for the thread to return");
      never.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (!created.get(0).closed && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      assertTrue(created.get(0).closed, "closed when the abandoned request returned");
    } finally {
      never.countDown();
    }
  }

  @Test
  void drainingAnIdlePoolClosesItAtOnce() throws Exception {
    List<Replica> created = new CopyOnWriteArrayList<>();
    ProcessGroupPool<Replica> pool = pool(created);
    assertEquals("ok", pool.execute(r -> "ok"));
    pool.drainThenClose(Duration.ofMinutes(10));
    assertTrue(created.get(0).closed);
    assertThrows(WsgiUnavailableException.class, () -> pool.execute(r -> "late"));
  }
}
