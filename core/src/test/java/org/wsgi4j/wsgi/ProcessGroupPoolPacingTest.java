package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.wsgi4j.wsgi.ProcessGroupPool.Task;

/**
 * A maximum-requests replacement is created in steps with the old generation's requests in between:
 * each step waits until the requests in the process when it was reached could have finished (here:
 * the one thread's request), and none waits once the generation has stopped at its count. The pause
 * limit is a minute here, so that only those two conditions end a pause.
 */
class ProcessGroupPoolPacingTest {
  private static final Duration NO_LIMIT_IN_PRACTICE = Duration.ofMinutes(1);

  private final AtomicInteger served = new AtomicInteger();
  private final BlockingQueue<Integer> servedAtEachStep = new LinkedBlockingQueue<>();

  private record Replica(int id) implements AutoCloseable {
    @Override
    public void close() {}
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void eachStepOfTheCreationWaitsForTheOldGenerationsRequests() throws Exception {
    try (ProcessGroupPool<Replica> pool = pool("paced", 20, 3)) {
      Task<Replica, Integer> request = count();
      // One request at a time: the replacement is wanted from the 5th (a quarter of the count).
      for (int i = 0; i < 5; i++) {
        pool.execute(request);
      }
      List<Integer> steps = new ArrayList<>();
      steps.add(servedAtEachStep.poll(20, TimeUnit.SECONDS));
      // Each next step comes only after one more request (the pool's one thread).
      for (int step = 1; step < 3; step++) {
        assertNull(
            servedAtEachStep.poll(50, TimeUnit.MILLISECONDS),
            "step " + (step + 1) + " before a request of the old generation: " + steps);
        pool.execute(request);
        steps.add(servedAtEachStep.poll(20, TimeUnit.SECONDS));
      }
      assertEquals(List.of(5, 6, 7), steps, "requests served when each step began");
      while (served.get() < 20) {
        pool.execute(request);
      }
      assertTrue(pool.awaitGeneration(2, Duration.ofSeconds(30)));
      assertEquals(2, pool.execute(Replica::id));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void fromHalfTheCountTheCreationRunsOnWithoutPauses() throws Exception {
    try (ProcessGroupPool<Replica> pool = pool("quarters", 8, 10)) {
      // Wanted from the 2nd request; paced up to the 4th; the other steps without pauses.
      for (int i = 0; i < 4; i++) {
        pool.execute(count());
      }
      List<Integer> steps = new ArrayList<>();
      while (steps.size() < 10) {
        Integer step = servedAtEachStep.poll(20, TimeUnit.SECONDS);
        assertTrue(step != null, "steps of the replacement with 4 of 8 requests served: " + steps);
        steps.add(step);
      }
      assertEquals(4, steps.get(9), "the last steps came after the 4th request: " + steps);
      for (int i = 0; i < 4; i++) {
        pool.execute(count());
      }
      assertTrue(pool.awaitGeneration(2, Duration.ofSeconds(30)));
      assertEquals(2, pool.execute(Replica::id));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aGenerationThatStoppedLetsTheCreationFinishWithoutPauses() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(1);
    try (ProcessGroupPool<Replica> pool = pool("stopped", 20, 10)) {
      for (int i = 0; i < 5; i++) {
        pool.execute(count());
      }
      assertEquals(5, servedAtEachStep.poll(20, TimeUnit.SECONDS), "the creation began");
      // The replica finds itself stale: it stops taking requests and the request waits for the
      // replacement, which no request of the old generation will now let through its pauses.
      Future<Integer> stale =
          clients.submit(
              () ->
                  pool.execute(
                      r -> {
                        if (r.id() == 1) {
                          throw new ReplicaStaleException("script changed");
                        }
                        return r.id();
                      }));
      assertEquals(2, stale.get(30, TimeUnit.SECONDS));
      assertEquals(9, servedAtEachStep.size(), "the other steps, all at 5 requests");
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * A one-thread pool with {@code maximumRequests} whose replacements take {@code steps} steps,
   * recording the requests served when each step begins.
   */
  private ProcessGroupPool<Replica> pool(String name, int maximumRequests, int steps)
      throws Exception {
    AtomicInteger replicas = new AtomicInteger();
    return new ProcessGroupPool<>(
        PoolSettings.daemon(name, 1, 10).withMaximumRequests(maximumRequests),
        predecessor -> {
          if (predecessor.isPresent()) {
            for (int step = 0; step < steps; step++) {
              servedAtEachStep.add(served.get());
              CreationPacing.step();
            }
          }
          return new Replica(replicas.incrementAndGet());
        },
        () -> {},
        NO_LIMIT_IN_PRACTICE);
  }

  /** A request that counts itself served and answers its replica's number. */
  private Task<Replica, Integer> count() {
    return r -> {
      served.incrementAndGet();
      return r.id();
    };
  }
}
