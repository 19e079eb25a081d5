package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * processes=N, the watchdog (request-timeout, drain limit, restart-interval, inactivity-timeout),
 * failing replacements and the fault scenarios of security.md §4 at library level, with plain Java
 * replicas. Sizes are bounded so the class runs in seconds; {@code -Dwsgi4j.soak=true} multiplies
 * the load of the scenarios by 50. Assertions are on counts and outcomes; timeouts only bound how
 * long to wait for an outcome.
 */
class ProcessGroupLifecycleTest {
  private static final int SCALE = Boolean.getBoolean("wsgi4j.soak") ? 50 : 1;
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A replica that counts what ran on it. */
  static final class Replica implements AutoCloseable {
    final int id;
    final Optional<Replica> predecessor;
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    volatile boolean closed;

    Replica(int id, Optional<Replica> predecessor) {
      this.id = id;
      this.predecessor = predecessor;
    }

    /** Call at the start of a task: counts it and the concurrency on this replica. */
    void enter() {
      assertFalse(closed, "a closed replica never runs requests");
      started.incrementAndGet();
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    }

    void exit() {
      running.decrementAndGet();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Creates replicas, counting live ones; can be told to fail. */
  static final class Factory implements ProcessGroupPool.ReplicaFactory<Replica> {
    final List<Replica> created = new CopyOnWriteArrayList<>();
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger maxLive = new AtomicInteger();

    @Override
    public Replica create(Optional<Replica> predecessor) throws Exception {
      attempts.incrementAndGet();
      if (failing.get()) {
        throw new IllegalStateException("replacement refuses to start");
      }
      Replica replica = new Replica(created.size() + 1, predecessor);
      created.add(replica);
      maxLive.accumulateAndGet(live(), Math::max);
      return replica;
    }

    int live() {
      return (int) created.stream().filter(r -> !r.closed).count();
    }
  }

  private final List<ProcessGroupPool<Replica>> pools = new ArrayList<>();
  private final ExecutorService clients = Executors.newCachedThreadPool();
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void stop() {
    never.countDown();
    pools.forEach(ProcessGroupPool::close);
    clients.shutdownNow();
  }

  private ProcessGroupPool<Replica> pool(PoolSettings settings, Factory factory) throws Exception {
    ProcessGroupPool<Replica> pool = new ProcessGroupPool<>(settings, factory);
    pools.add(pool);
    return pool;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void eventually(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(5);
    }
  }

  /** A task that records itself on the replica and returns the replica's id. */
  private static ProcessGroupPool.Task<Replica, Integer> counted(Runnable body) {
    return r -> {
      r.enter();
      try {
        body.run();
        return r.id;
      } finally {
        r.exit();
      }
    };
  }

  private static int status(Future<?> future) throws InterruptedException {
    try {
      future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return 200;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WsgiUnavailableException u) {
        return u.status();
      }
      return 500;
    } catch (java.util.concurrent.TimeoutException e) {
      return -1;
    }
  }

  @Test
  void requestsSpreadOverIndependentReplicas() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool =
        pool(PoolSettings.daemon("spread", 1, 10).withProcesses(3), factory);
    assertEquals(3, factory.created.size(), "one replica per process");
    CountDownLatch allThree = new CountDownLatch(3);
    List<Future<Integer>> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          clients.submit(
              () ->
                  pool.execute(
                      counted(
                          () -> {
                            allThree.countDown();
                            await(allThree);
                          }))));
    }
    Set<Integer> seen = new HashSet<>();
    for (Future<Integer> id : ids) {
      seen.add(id.get(30, TimeUnit.SECONDS));
    }
    assertEquals(Set.of(1, 2, 3), seen, "three concurrent requests on three replicas");
    assertEquals(3, pool.stats().workerThreads());
  }

  /**
   * R-01 (recycle under load): every request succeeds exactly once, generations are counted, and
   * none starts more than maximum-requests + threads - 1 requests.
   */
  @Test
  void recycleUnderLoadLosesNothing() throws Exception {
    loadAcrossRecycles(1, true);
  }

  /**
   * processes=N under the same load: nothing lost, and at most one replaced replica drains at a
   * time (the processes never recycle all at once).
   */
  @Test
  void processesRecycleOneAtATime() throws Exception {
    loadAcrossRecycles(3, false);
  }

  private void loadAcrossRecycles(int processes, boolean strictCount) throws Exception {
    int threads = 4;
    int max = 25;
    int total = 1500 * SCALE;
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool =
        pool(
            PoolSettings.daemon("r01", threads, total)
                .withProcesses(processes)
                .withMaximumRequests(max),
            factory);
    Set<Integer> executed = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    List<Future<Integer>> futures = new ArrayList<>();
    for (int c = 0; c < 16; c++) {
      int client = c;
      futures.add(
          clients.submit(
              () -> {
                int failures = 0;
                for (int i = client; i < total; i += 16) {
                  int id = i;
                  try {
                    pool.execute(
                        counted(
                            () -> {
                              if (!executed.add(id)) {
                                duplicates.incrementAndGet();
                              }
                              // Requests take some time, so that a drain is short next to a
                              // generation's life, as with real applications.
                              sleep(1);
                            }));
                  } catch (WsgiUnavailableException | IOException e) {
                    failures++;
                  }
                }
                return failures;
              }));
    }
    int failed = 0;
    for (Future<Integer> f : futures) {
      failed += f.get(120, TimeUnit.SECONDS);
    }
    assertEquals(0, failed, "no failed request");
    assertEquals(total, executed.size(), "every request ran");
    assertEquals(0, duplicates.get(), "no request ran twice");
    long recycles = pool.stats().recycles();
    assertTrue(
        recycles >= total / (max + threads - 1) - processes,
        "generations observed: "
            + recycles
            + " for "
            + total
            + " requests: "
            + factory.created.stream().map(r -> r.started.get()).toList());
    for (Replica r : factory.created) {
      if (strictCount) {
        assertTrue(
            r.started.get() <= max + threads - 1,
            "replica " + r.id + " started " + r.started.get() + " requests");
      }
    }
    assertEquals(1, pool.stats().maxDraining(), "one replaced replica draining at a time");
    assertTrue(
        factory.maxLive.get() <= 2 * processes + 1,
        "live replicas peaked at " + factory.maxLive.get());
    eventually(
        "drained replicas are closed",
        () -> factory.live() == pool.stats().liveReplicas() && factory.live() <= 2 * processes);
    assertEquals(processes * threads, pool.stats().workerThreads(), "threads stable");
  }

  /** threads=1 is a strict serialisation of requests. */
  @Test
  void oneThreadRunsOneRequestAtATime() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool = pool(PoolSettings.daemon("serial", 1, 500), factory);
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      futures.add(clients.submit(() -> pool.execute(counted(Thread::yield))));
    }
    for (Future<Integer> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertEquals(200, factory.created.get(0).started.get());
    assertEquals(1, factory.created.get(0).maxRunning.get(), "never two at once");
  }

  /**
   * R-15 (hung threads): every thread blocks forever. Each hung request gets 504, the process is
   * replaced, the next request is served, and the old interpreter set is closed only when its
   * threads finally return.
   */
  @Test
  void hungThreadsAreAbandonedAndTheProcessReplaced() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool =
        pool(PoolSettings.daemon("r15", 3, 10).withRequestTimeout(Duration.ofMillis(200)), factory);
    CountDownLatch unblock = new CountDownLatch(1);
    List<Future<Integer>> hung = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      hung.add(
          clients.submit(
              () ->
                  pool.execute(
                      r -> {
                        r.enter();
                        // A thread that ignores interrupts, like Python code in a C-level wait.
                        while (unblock.getCount() > 0) {
                          try {
                            unblock.await();
                          } catch (InterruptedException e) {
                            // ignored on purpose
                          }
                        }
                        return r.id;
                      })));
    }
    for (Future<Integer> f : hung) {
      assertEquals(504, status(f), "a hung request gets a timely 504");
    }
    assertTrue(pool.awaitGeneration(2, WAIT), "the process was replaced");
    assertEquals(2, pool.execute(counted(() -> {})), "service continues on the replacement");
    PoolStats stats = pool.stats();
    assertEquals(3, stats.abandonedRequests());
    assertEquals(3, stats.abandonedStillRunning());
    assertFalse(factory.created.get(0).closed, "its threads still run in it");
    unblock.countDown();
    eventually("the old replica is closed", () -> factory.created.get(0).closed);
    eventually("the abandoned threads are gone", () -> pool.stats().workerThreads() == 3);
    assertEquals(0, pool.stats().abandonedStillRunning());
  }

  /** R-16 (application deadlock): all threads wait on one lock. Same outcome as R-15. */
  @Test
  void deadlockedApplicationIsReplaced() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool =
        pool(PoolSettings.daemon("r16", 2, 10).withRequestTimeout(Duration.ofMillis(200)), factory);
    ReentrantLock appLock = new ReentrantLock();
    CountDownLatch held = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              appLock.lock();
              try {
                held.countDown();
                await(never);
              } finally {
                appLock.unlock();
              }
            });
    holder.start();
    held.await();
    List<Future<Integer>> stuck = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      stuck.add(
          clients.submit(
              () ->
                  pool.execute(
                      counted(
                          () -> {
                            try {
                              appLock.lockInterruptibly();
                              try {
                                return;
                              } finally {
                                appLock.unlock();
                              }
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                          }))));
    }
    for (Future<Integer> f : stuck) {
      assertEquals(504, status(f));
    }
    assertTrue(pool.awaitGeneration(2, WAIT));
    assertEquals(2, pool.execute(counted(() -> {})));
    // lockInterruptibly gave up on the interrupt: the old replica is closed at once.
    eventually("the deadlocked replica is closed", () -> factory.created.get(0).closed);
    never.countDown();
    holder.join();
  }

  /**
   * R-04 (slow requests across the boundary): slow requests on a replaced replica finish with 200
   * while the replacement serves; with a drain limit they are abandoned with 503 when it passes.
   */
  @Test
  void slowRequestsFinishAcrossTheSwapUnlessTheDrainLimitPasses() throws Exception {
    for (boolean limited : new boolean[] {false, true}) {
      Factory factory = new Factory();
      PoolSettings settings = PoolSettings.daemon("r04", 6, 50).withMaximumRequests(10);
      if (limited) {
        settings = settings.withDrainLimit(Duration.ofMillis(300));
      }
      ProcessGroupPool<Replica> pool = pool(settings, factory);
      for (int i = 0; i < 4; i++) {
        pool.execute(counted(() -> {}));
      }
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch slowStarted = new CountDownLatch(5);
      List<Future<Integer>> slow = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        slow.add(
            clients.submit(
                () ->
                    pool.execute(
                        counted(
                            () -> {
                              slowStarted.countDown();
                              await(release);
                            }))));
      }
      slowStarted.await();
      // The sixth thread completes the count: the replica is replaced while five are in flight.
      while (pool.generation() < 2) {
        pool.execute(counted(() -> {}));
      }
      for (int i = 0; i < 20; i++) {
        assertNotEquals(1, pool.execute(counted(() -> {})), "the replacements serve meanwhile");
      }
      if (limited) {
        for (Future<Integer> f : slow) {
          assertEquals(503, status(f), "drain limit passed: abandoned");
        }
        release.countDown();
      } else {
        release.countDown();
        for (Future<Integer> f : slow) {
          assertEquals(200, status(f), "slow requests complete on the old replica");
        }
      }
      eventually("the old replica is closed", () -> factory.created.get(0).closed);
    }
  }

  /** R-05 (boundary race): a burst across the count makes exactly one new generation. */
  @Test
  void aBurstAcrossTheCountMakesExactlyOneGeneration() throws Exception {
    Factory factory = new Factory();
    int max = 50 * SCALE;
    ProcessGroupPool<Replica> pool =
        pool(PoolSettings.daemon("r05", 10, 1000 * SCALE).withMaximumRequests(max), factory);
    for (int i = 0; i < max - 10; i++) {
      pool.execute(counted(() -> {}));
    }
    int burst = max + 2;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      futures.add(
          clients.submit(
              () -> {
                go.await();
                return pool.execute(counted(Thread::yield));
              }));
    }
    go.countDown();
    int served = 0;
    for (Future<Integer> f : futures) {
      assertEquals(200, status(f), "no 503, no lost request");
      served++;
    }
    assertEquals(burst, served);
    assertTrue(pool.awaitGeneration(2, WAIT));
    assertEquals(1, pool.stats().recycles(), "exactly one new generation");
    assertTrue(factory.created.size() <= 3, "the second one at most prepared its successor");
  }

  /**
   * R-06 (a replacement fails to start): the old replica keeps serving (no failed request), the
   * factory is retried with a growing delay (no busy loop), and the first attempt after the fix
   * swaps in the replacement.
   */
  @Test
  void aFailingReplacementIsRetriedWithoutABusyLoop() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool =
        pool(
            PoolSettings.daemon("r06", 2, 100)
                .withMaximumRequests(4)
                .withRetryDelay(Duration.ofMillis(100)),
            factory);
    factory.failing.set(true);
    for (int i = 0; i < 40; i++) {
      assertEquals(1, pool.execute(counted(() -> {})), "the old replica serves on");
    }
    eventually("a few attempts", () -> factory.attempts.get() >= 3);
    Thread.sleep(500);
    int attempts = factory.attempts.get();
    // 100, 200, 400, 800... ms apart: a busy loop would have made thousands of attempts.
    assertTrue(attempts <= 8, attempts + " attempts");
    assertTrue(pool.stats().failedStarts() >= 3);
    factory.failing.set(false);
    assertTrue(pool.awaitGeneration(2, WAIT), "recovery after the fix");
    assertEquals(2, pool.execute(counted(() -> {})));
  }

  /**
   * R-09 (queue saturation): up to the bound requests wait; beyond it a fast 503, never a hang;
   * immediate recovery when the load drops; no thread leak.
   */
  @Test
  void aSaturatedQueueRefusesFastAndRecovers() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool = pool(PoolSettings.daemon("r09", 2, 5), factory);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(2);
    List<Future<Integer>> accepted = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      accepted.add(
          clients.submit(
              () ->
                  pool.execute(
                      counted(
                          () -> {
                            busy.countDown();
                            await(release);
                          }))));
    }
    busy.await();
    for (int i = 0; i < 5; i++) {
      accepted.add(clients.submit(() -> pool.execute(counted(() -> {}))));
    }
    eventually("five queued", () -> pool.queued() == 5);
    int refused = 0;
    for (int i = 0; i < 20; i++) {
      WsgiUnavailableException e =
          assertThrows(WsgiUnavailableException.class, () -> pool.execute(counted(() -> {})));
      assertEquals(503, e.status());
      refused++;
    }
    assertEquals(20, refused);
    release.countDown();
    for (Future<Integer> f : accepted) {
      assertEquals(200, status(f), "everything within the bound is served");
    }
    assertEquals(1, pool.execute(counted(() -> {})), "recovers at once");
    assertEquals(2, pool.stats().workerThreads(), "no thread leak");
    assertEquals(0, pool.queued());
  }

  /** queue-timeout: a request that waited too long gets 504 and never reaches the application. */
  @Test
  void aRequestThatWaitedTooLongIsRefusedWith504() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool =
        pool(PoolSettings.daemon("qt", 1, 5).withQueueTimeout(Duration.ofMillis(100)), factory);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    Future<Integer> first =
        clients.submit(
            () ->
                pool.execute(
                    counted(
                        () -> {
                          busy.countDown();
                          await(release);
                        })));
    busy.await();
    AtomicBoolean ran = new AtomicBoolean();
    WsgiUnavailableException e =
        assertThrows(
            WsgiUnavailableException.class, () -> pool.execute(counted(() -> ran.set(true))));
    assertEquals(504, e.status());
    release.countDown();
    assertEquals(200, status(first));
    assertEquals(1, pool.execute(counted(() -> {})));
    assertFalse(ran.get(), "the timed-out request was never run");
  }

  /**
   * submit() (the filter's async path): one timer watches the whole queue, so each of several
   * requests queued one after another still gets its 504 (the timer arms itself again for the next
   * one), none of them runs, a request beyond the queue's capacity gets 503 at once, and the group
   * serves normally afterwards.
   */
  @Test
  void submittedRequestsEachGetTheirQueueTimeoutAndAFullQueueRefuses() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool =
        pool(PoolSettings.daemon("qs", 1, 3).withQueueTimeout(Duration.ofSeconds(1)), factory);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    Future<Integer> first =
        pool.submit(
            counted(
                () -> {
                  busy.countDown();
                  await(release);
                }));
    busy.await();
    AtomicInteger ran = new AtomicInteger();
    List<Future<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(pool.submit(counted(ran::incrementAndGet)));
      Thread.sleep(300);
    }
    // Three waiting (or already timed out and gone): the queue had room for each when it came.
    for (Future<Integer> f : queued) {
      assertEquals(504, status(f));
    }
    assertEquals(0, pool.queued());
    for (int i = 0; i < 3; i++) {
      queued.set(i, pool.submit(counted(ran::incrementAndGet)));
    }
    assertEquals(503, status(pool.submit(counted(ran::incrementAndGet))), "the queue is full");
    for (Future<Integer> f : queued) {
      assertEquals(504, status(f));
    }
    assertEquals(0, ran.get(), "no timed-out request ran");
    release.countDown();
    assertEquals(200, status(first));
    assertEquals(200, status(pool.submit(counted(() -> {}))));
    assertEquals(0, pool.queued());
  }

  /**
   * A stale replica (daemon-mode script change) is replaced and the request runs on the new one.
   */
  @Test
  void aStaleReplicaIsRecycledAndTheRequestRunsAgain() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool = pool(PoolSettings.daemon("stale", 2, 10), factory);
    assertEquals(1, pool.execute(counted(() -> {})));
    AtomicInteger calls = new AtomicInteger();
    int id =
        pool.execute(
            r -> {
              calls.incrementAndGet();
              if (r.id == 1) {
                throw new ReplicaStaleException("script changed");
              }
              return r.id;
            });
    assertEquals(2, id, "run again on the replacement");
    assertEquals(2, calls.get());
    assertEquals(1, pool.stats().retries());
    assertFalse(factory.created.get(1).predecessor.isEmpty(), "preloaded from the old one");
    eventually("the stale replica is closed", () -> factory.created.get(0).closed);
    // A replica that is always stale: mod_wsgi gives up after 2N+1 attempts with 503.
    WsgiUnavailableException e =
        assertThrows(
            WsgiUnavailableException.class,
            () ->
                pool.execute(
                    r -> {
                      throw new ReplicaStaleException("always");
                    }));
    assertEquals(503, e.status());
  }

  /** restart-interval replaces replicas by age, one at a time, with no traffic needed. */
  @Test
  void restartIntervalReplacesByAge() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool =
        pool(
            PoolSettings.daemon("ri", 1, 10)
                .withProcesses(2)
                .withRestartInterval(Duration.ofMillis(200)),
            factory);
    assertTrue(pool.awaitGeneration(5, WAIT));
    assertTrue(pool.stats().maxDraining() <= 1, "staggered");
    assertNotEquals(0, pool.execute(counted(() -> {})));
  }

  /**
   * inactivity-timeout unloads an idle group: its replica is replaced by an empty one (no
   * preloading), and an unused replacement is not replaced again.
   */
  @Test
  void inactivityTimeoutUnloadsAnIdleGroup() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool =
        pool(
            PoolSettings.daemon("idle", 1, 10).withInactivityTimeout(Duration.ofMillis(200)),
            factory);
    assertEquals(1, pool.execute(counted(() -> {})));
    assertTrue(pool.awaitGeneration(2, WAIT));
    assertTrue(factory.created.get(1).predecessor.isEmpty(), "starts empty, loads lazily");
    eventually("the idle replica is closed", () -> factory.created.get(0).closed);
    Thread.sleep(600);
    assertEquals(2, factory.created.size(), "an unused replica is not replaced again");
    assertEquals(2, pool.execute(counted(() -> {})));
  }

  /**
   * R-03 (leak containment): the application keeps 100 KiB per request in replica-global state.
   * With maximum-requests the retained amount stays under live replicas x maximum x 100 KiB; the
   * control run without it grows with every request, proving the probe sees the leak.
   */
  @Test
  void recyclingContainsALeak() throws Exception {
    int total = 600 * SCALE;
    int max = 50;
    for (boolean recycling : new boolean[] {true, false}) {
      Factory factory = new Factory();
      PoolSettings settings = PoolSettings.daemon("r03", 2, 10);
      if (recycling) {
        settings = settings.withMaximumRequests(max);
      }
      ProcessGroupPool<Replica> pool = pool(settings, factory);
      ConcurrentHashMap<Replica, List<byte[]>> leaks = new ConcurrentHashMap<>();
      long peak = 0;
      for (int i = 0; i < total; i++) {
        pool.execute(
            r -> {
              leaks.computeIfAbsent(r, k -> new CopyOnWriteArrayList<>()).add(new byte[100 * 1024]);
              return null;
            });
        leaks.keySet().removeIf(r -> r.closed);
        long retained = leaks.values().stream().mapToLong(List::size).sum() * 100 * 1024;
        peak = Math.max(peak, retained);
      }
      if (recycling) {
        assertTrue(
            peak <= 2L * (max + 1) * 100 * 1024,
            "retained peak " + peak / 1024 + " KiB with recycling");
      } else {
        assertEquals((long) total * 100 * 1024, peak, "the control run leaks linearly");
      }
      pool.close();
    }
  }

  /** R-20 (exception storm): failing requests fail alone and still count toward the recycle. */
  @Test
  void anExceptionStormFailsOnlyTheFailingRequests() throws Exception {
    Factory factory = new Factory();
    ProcessGroupPool<Replica> pool =
        pool(PoolSettings.daemon("r20", 4, 200).withMaximumRequests(20), factory);
    int total = 500 * SCALE;
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      boolean fail = i % 5 == 0;
      futures.add(
          clients.submit(
              () ->
                  pool.execute(
                      counted(
                          () -> {
                            if (fail) {
                              throw new IllegalStateException("application error");
                            }
                          }))));
      if (i % 50 == 49) {
        for (Future<Integer> f : futures.subList(i - 49, i + 1)) {
          status(f);
        }
      }
    }
    int ok = 0;
    int errors = 0;
    for (Future<Integer> f : futures) {
      int status = status(f);
      if (status == 200) {
        ok++;
      } else {
        assertEquals(500, status, "an application error, not the pool's");
        errors++;
      }
    }
    assertEquals(total / 5, errors);
    assertEquals(total - total / 5, ok);
    assertTrue(pool.stats().recycles() >= total / (20 + 3) - 1, "counting intact");
    eventually(
        "no replica leak",
        () -> factory.live() == pool.stats().liveReplicas() && factory.live() <= 2);
  }
}
