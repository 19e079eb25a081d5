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

  private record Replica(int id) implements AutoCloseable {
    @Override
    public void close() {}
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void eachStepOfTheCreationWaitsForTheOldGenerationsRequests() throws Exception {
    AtomicInteger served = new AtomicInteger();
    BlockingQueue<Integer> servedAtEachStep = new LinkedBlockingQueue<>();
    AtomicInteger replicas = new AtomicInteger();
    PoolSettings settings = PoolSettings.daemon("paced", 1, 10).withMaximumRequests(20);
    try (ProcessGroupPool<Replica> pool =
        new ProcessGroupPool<>(
            settings,
            predecessor -> {
              if (predecessor.isPresent()) {
                for (int step = 0; step < 3; step++) {
                  servedAtEachStep.add(served.get());
                  CreationPacing.step();
                }
              }
              return new Replica(replicas.incrementAndGet());
            },
            () -> {},
            NO_LIMIT_IN_PRACTICE)) {
      Task<Replica, Integer> request =
          r -> {
            served.incrementAndGet();
            return r.id();
          };
      // One request at a time: the replacement is wanted from the 10th.
      for (int i = 0; i < 10; i++) {
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
      assertEquals(List.of(10, 11, 12), steps, "requests served when each step began");
      while (served.get() < 20) {
        pool.execute(request);
      }
      assertTrue(pool.awaitGeneration(2, Duration.ofSeconds(30)));
      assertEquals(2, pool.execute(Replica::id));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void fromThreeQuartersOfTheCountTheCreationRunsOnWithoutPauses() throws Exception {
    AtomicInteger served = new AtomicInteger();
    BlockingQueue<Integer> servedAtEachStep = new LinkedBlockingQueue<>();
    PoolSettings settings = PoolSettings.daemon("quarters", 1, 10).withMaximumRequests(8);
    try (ProcessGroupPool<Replica> pool =
        new ProcessGroupPool<>(
            settings, steps(10, served, servedAtEachStep), () -> {}, NO_LIMIT_IN_PRACTICE)) {
      // Wanted from the 4th request; paced up to the 6th; the other steps without pauses.
      for (int i = 0; i < 6; i++) {
        pool.execute(count(served));
      }
      List<Integer> steps = new ArrayList<>();
      while (steps.size() < 10) {
        Integer step = servedAtEachStep.poll(20, TimeUnit.SECONDS);
        assertTrue(step != null, "steps of the replacement with 6 of 8 requests served: " + steps);
        steps.add(step);
      }
      assertEquals(6, steps.get(9), "the last steps came after the 6th request: " + steps);
      pool.execute(count(served));
      pool.execute(count(served));
      assertTrue(pool.awaitGeneration(2, Duration.ofSeconds(30)));
      assertEquals(2, pool.execute(Replica::id));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aGenerationThatStoppedLetsTheCreationFinishWithoutPauses() throws Exception {
    AtomicInteger served = new AtomicInteger();
    BlockingQueue<Integer> servedAtEachStep = new LinkedBlockingQueue<>();
    PoolSettings settings = PoolSettings.daemon("stopped", 1, 10).withMaximumRequests(20);
    ExecutorService clients = Executors.newFixedThreadPool(1);
    try (ProcessGroupPool<Replica> pool =
        new ProcessGroupPool<>(
            settings, steps(10, served, servedAtEachStep), () -> {}, NO_LIMIT_IN_PRACTICE)) {
      for (int i = 0; i < 10; i++) {
        pool.execute(count(served));
      }
      assertEquals(10, servedAtEachStep.poll(20, TimeUnit.SECONDS), "the creation began");
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
      assertEquals(9, servedAtEachStep.size(), "the other steps, all at 10 requests");
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * A factory whose replacements take {@code count} steps, recording the requests served at each.
   */
  private static ProcessGroupPool.ReplicaFactory<Replica> steps(
      int count, AtomicInteger served, BlockingQueue<Integer> servedAtEachStep) {
    AtomicInteger replicas = new AtomicInteger();
    return predecessor -> {
      if (predecessor.isPresent()) {
        for (int step = 0; step < count; step++) {
          servedAtEachStep.add(served.get());
          CreationPacing.step();
        }
      }
      return new Replica(replicas.incrementAndGet());
    };
  }

  private static Task<Replica, Integer> count(AtomicInteger served) {
    return r -> {
      served.incrementAndGet();
      return r.id();
    };
  }
}
