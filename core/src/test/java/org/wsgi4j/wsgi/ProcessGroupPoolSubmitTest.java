package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ProcessGroupPool#submit}: the caller never waits; every outcome reaches the future. */
class ProcessGroupPoolSubmitTest {
  private static ProcessGroupPool<AutoCloseable> pool(int threads, int queue) throws Exception {
    PoolSettings settings =
        threads == 0
            ? PoolSettings.embedded()
            : PoolSettings.daemon("submit", threads, queue)
                .withQueueTimeout(Duration.ofSeconds(45))
                .withShutdownTimeout(Duration.ofMillis(200));
    return new ProcessGroupPool<>(settings, predecessor -> () -> {});
  }

  private static Throwable failure(CompletableFuture<?> future) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(1, TimeUnit.MINUTES));
    return e.getCause();
  }

  @Test
  void returnsBeforeTheWorkRunsAndCompletesOnTheWorker() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (ProcessGroupPool<AutoCloseable> pool = pool(1, 5)) {
      CompletableFuture<String> result =
          pool.submit(
              replica -> {
                awaitQuietly(gate);
                return Thread.currentThread().getName();
              });
      assertFalse(result.isDone());
      gate.countDown();
      assertTrue(result.get(1, TimeUnit.MINUTES).startsWith("wsgi4j-submit-"));
    }
  }

  @Test
  void aFullQueueFailsTheFutureWith503() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try (ProcessGroupPool<AutoCloseable> pool = pool(1, 1)) {
      CompletableFuture<Object> running =
          pool.submit(
              replica -> {
                started.countDown();
                return awaitQuietly(gate);
              });
      // The worker holds the first request: the queue's one place is free again.
      assertTrue(started.await(1, TimeUnit.MINUTES));
      CompletableFuture<Object> queued = pool.submit(replica -> null);
      CompletableFuture<Object> refused = pool.submit(replica -> null);
      WsgiUnavailableException e =
          assertInstanceOf(WsgiUnavailableException.class, failure(refused));
      assertEquals(503, e.status());
      gate.countDown();
      running.get(1, TimeUnit.MINUTES);
      queued.get(1, TimeUnit.MINUTES);
    }
  }

  @Test
  void whatTheTaskThrowsReachesTheFuture() throws Exception {
    try (ProcessGroupPool<AutoCloseable> pool = pool(1, 1)) {
      CompletableFuture<Object> result =
          pool.submit(
              replica -> {
                throw new java.io.IOException("client gone");
              });
      assertEquals("client gone", failure(result).getMessage());
    }
  }

  @Test
  void requestsStillQueuedWhenThePoolStopsAreRefused() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CompletableFuture<Object> queued;
    ProcessGroupPool<AutoCloseable> pool = pool(1, 1);
    try {
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<Object> running =
          pool.submit(
              replica -> {
                started.countDown();
                return awaitQuietly(gate);
              });
      assertTrue(started.await(1, TimeUnit.MINUTES));
      queued = pool.submit(replica -> null);
      assertFalse(queued.isDone());
      assertFalse(running.isDone());
      // shutdown-timeout is 200 ms and the worker is held: close() drops the queue.
      pool.close();
    } finally {
      gate.countDown();
    }
    WsgiUnavailableException e = assertInstanceOf(WsgiUnavailableException.class, failure(queued));
    assertEquals(503, e.status());
  }

  @Test
  void embeddedModeRunsOnTheCallersThread() throws Exception {
    try (ProcessGroupPool<AutoCloseable> pool = pool(0, 1)) {
      CompletableFuture<String> result = pool.submit(replica -> Thread.currentThread().getName());
      assertTrue(result.isDone());
      assertEquals(Thread.currentThread().getName(), result.get());
    }
  }

  private static Object awaitQuietly(CountDownLatch gate) {
    try {
      gate.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }
}
