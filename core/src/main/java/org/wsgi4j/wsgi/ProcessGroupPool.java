package org.wsgi4j.wsgi;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A mod_wsgi process group in the JVM: {@code processes} replicas (for the Jython runtime, a set of
 * interpreters each, one per application group), each with {@code threads} workers of its own, all
 * taking requests from one bounded queue, as mod_wsgi's daemon processes share one listener socket.
 *
 * <p>Every replica lives through generations. A replica is replaced drain-then-swap: the
 * replacement is created (and preloaded by the factory) while the old one serves; then the old one
 * stops taking requests, its in-flight requests finish, and it is closed when the last one returns.
 * For {@code maximum-requests} the replacement is prepared from a quarter of the count, and the old
 * replica stops at exactly the count (so it starts at most {@code maximum-requests + threads - 1}
 * requests). Planned recycles (maximum-requests, restart-interval) take turns: at most one process
 * of a group has a replaced generation draining at a time, so {@code processes=N} never recycle all
 * at once; a process that reaches its count while another drains waits (the others serve). The
 * first generations get staggered budgets (process i of N recycles its first generation after
 * {@code max - i*max/N} requests) so that processes drift apart. Urgent recycles (request-timeout,
 * a changed script, inactivity) do not wait.
 *
 * <p>Worker threads belong to a process, not to a generation: when thread-locals can be cleared
 * ({@link ThreadLocals}), a worker moves on to the replacement once it has no request of the old
 * generation, forgetting its thread-local state on the way, so a recycle starts no threads (see
 * {@link #work}). Otherwise each generation starts its own.
 *
 * <p>A Java thread cannot be killed. A request that overruns {@code request-timeout} (or the drain
 * limit of its replaced replica) is abandoned: its caller gets 504 (503 for a drain overrun) at
 * once, its thread is interrupted and counted, and its replica, already replaced, is closed when
 * the thread finally returns. An embedded group has no workers: requests run on the caller's thread
 * and nothing recycles.
 *
 * @param <R> the replica type
 */
public final class ProcessGroupPool<R extends AutoCloseable> implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ProcessGroupPool.class.getName());

  /** How long an idle worker waits on the queue before it looks at its replica's state again. */
  private static final long POLL_MILLIS = 50;

  /**
   * After a swap, how long a worker still busy with a request of the replaced generation is
   * expected back before a new thread takes its place in the new generation.
   */
  private static final long HANDOVER_GRACE_MILLIS = 100;

  /**
   * The longest pause between two steps of a replacement's creation ({@link #pacer}); the system
   * property {@code wsgi4j.pacedCreation=false} turns pacing off (to compare).
   */
  private static final Duration PACE_LIMIT =
      "false".equals(System.getProperty("wsgi4j.pacedCreation"))
          ? Duration.ZERO
          : Duration.ofMillis(2);

  /** Creates replicas; {@code predecessor} is the replica being replaced, to preload from. */
  @FunctionalInterface
  public interface ReplicaFactory<R> {
    R create(Optional<R> predecessor) throws Exception;
  }

  /** Work done with a replica. */
  @FunctionalInterface
  public interface Task<R, T> {
    T run(R replica) throws IOException;

    /**
     * Called on the thread that gives up on this task (request-timeout, a drain or shutdown that
     * overran) before the thread running it is interrupted and before its caller is told: a task
     * that writes a client's response cuts itself off from it here, so that what the interrupted
     * code writes next can never reach the client ahead of the pool's 503 or 504.
     */
    default void abandoned() {}
  }

  /** One incarnation of a replica. Mutable state guarded by {@code lock}. */
  private final class Generation {
    final R replica;
    final Slot slot;
    final int budget;
    final long createdNanos = System.nanoTime();
    final List<PoolJob<R>> running = new ArrayList<>();
    final List<Worker> workers = new ArrayList<>();

    /** CPU time of each worker that came from an earlier generation, when it joined this one. */
    final Map<Thread, Long> cpuAtJoin = new HashMap<>();

    long retiredNanos;

    /** When it stopped at its count with no replacement ready (0 if it never did), for the log. */
    long stoppedNanos;

    int inFlight;
    int abandoned;
    int started;

    /** Written under {@code lock}; volatile for the pacing of a replacement's creation. */
    volatile int completed;

    /**
     * The recycler while it pauses a replacement's creation until {@link #completed} reaches {@link
     * #paceTarget} ({@link #pacer}), for release to wake it; else null.
     */
    volatile Thread paceWaiter;

    volatile int paceTarget;

    /**
     * Written under {@code lock}; volatile so that a worker can see without taking the lock that
     * nothing asks it to move or wait, which is the case for almost every request (runJob looks
     * again under the lock).
     */
    volatile boolean accepting = true;

    volatile boolean retired;

    boolean drained;

    /**
     * Written under {@code lock}; volatile so that the watchdog's look after a swap can see without
     * the lock that the replaced generation has finished (the usual case, many times a second with
     * a small maximum-requests).
     */
    volatile boolean closed;

    long drainDeadline = Long.MAX_VALUE;

    Generation(R replica, Slot slot, int budget) {
      this.replica = replica;
      this.slot = slot;
      this.budget = budget;
    }

    boolean draining() {
      return retired && !drained;
    }
  }

  /**
   * A worker thread and the generation it serves. A swap moves the old generation's idle workers to
   * the new one itself, under the lock it holds anyway, and a worker finishing a request of a
   * replaced generation is moved by its own release: a worker then sees where it belongs by reading
   * {@link #generation}, without the lock. When each worker took the lock to move itself, the ten
   * of a group queued for it right after every swap, and on a saturated core each hand-over of the
   * lock waited for a scheduler slice: 5-20 ms during which the group served nothing (JFR, the
   * recycle probe).
   */
  private final class Worker {
    /** Set once, before the thread starts. */
    Thread thread;

    /**
     * Written under {@code lock}; null when this worker is to end (the pool closed, or the
     * generation it would move to has its threads already or threads are not reused).
     */
    volatile Generation generation;

    /** Under {@code lock}: running a request of {@link #generation}, so not to be moved yet. */
    boolean busy;

    Worker(Generation generation) {
      this.generation = generation;
    }
  }

  /** One of the {@code processes} places a replica lives in. Guarded by {@code lock}. */
  private final class Slot {
    final int index;

    /** Every live worker thread of this process, whichever generation it serves. */
    final Set<Thread> threads = new HashSet<>();

    /** Volatile: the recycler reads it without the lock after creating a replacement. */
    volatile Generation current;

    /**
     * A replacement the recycler has created and not handed over yet: it publishes it here instead
     * of taking the pool's lock (see {@link #publish}); whoever next holds the lock adopts it as
     * the {@link #standby}.
     */
    final AtomicReference<R> ready = new AtomicReference<>();

    R standby;
    RecycleReason wanted;
    boolean creating;
    int failures;
    long retryAtNanos;

    Slot(int index) {
      this.index = index;
    }
  }

  private final PoolSettings settings;
  private final ReplicaFactory<R> factory;
  private final Object lock = new Object();
  private final LinkedBlockingDeque<PoolJob<R>> queue = new LinkedBlockingDeque<>();

  /** Jobs in the queue, or about to be added: the queue's capacity is checked against this. */
  private final AtomicInteger waiting = new AtomicInteger();

  /** Whether the queue-timeout timer is scheduled. */
  private final AtomicBoolean queueTimerArmed = new AtomicBoolean();

  private final List<Slot> slots = new ArrayList<>();
  private final List<Generation> retired = new ArrayList<>();

  /** Idle generations swapped out, closed by the recycler before it creates anything else. */
  private final List<Generation> pendingClose = new ArrayList<>();

  private final ThreadFactory workerThreads;

  /**
   * Whether worker threads move on to the next generation of their process instead of ending with
   * their generation (only when a thread's thread-locals can be forgotten on the way).
   */
  private final boolean reuseWorkers;

  /** Run on a worker that moved to a new generation (the runtime forgets its per-thread state). */
  private final Runnable workerHandover;

  private final ExecutorService recycler;
  private final ScheduledExecutorService watchdog;

  /** The most generations seen draining at once (for the staggering guarantee). */
  private int maxDraining;

  private volatile long lastActivityNanos = System.nanoTime();

  /** Written under the lock; read without it when a request is queued. */
  private volatile boolean closed;

  /** Set by {@link #drainThenClose}: no new request is taken; queued and running ones finish. */
  private volatile boolean draining;

  private final AtomicLong created = new AtomicLong();

  /** Atomic: the recycler counts a closed replica without taking the pool's lock. */
  private final AtomicLong closedReplicas = new AtomicLong();

  private long recycles;
  private long failedStarts;

  /** Generations that reached maximum-requests before their replacement was ready (see stats). */
  private long stoppedAtCount;

  private long abandonedRequests;
  private long retries;

  /** Whether a run of {@link #advance} was handed to the recycler and has not started yet. */
  private boolean recyclerRunPending;

  /** Counted by whichever thread hands the recycler its work. */
  private final AtomicLong recyclerRuns = new AtomicLong();

  private final long paceLimitNanos;

  public ProcessGroupPool(PoolSettings settings, ReplicaFactory<R> factory) throws Exception {
    this(settings, factory, () -> {});
  }

  /**
   * @param workerHandover run on a worker thread that has served one generation and moves on to the
   *     next, after its Java thread-locals were dropped: the runtime forgets what else it keeps per
   *     thread (for Jython, the thread's last exception, frame and trace functions)
   */
  public ProcessGroupPool(PoolSettings settings, ReplicaFactory<R> factory, Runnable workerHandover)
      throws Exception {
    this(settings, factory, workerHandover, PACE_LIMIT);
  }

  /**
   * @param paceLimit the longest pause between two steps of a replacement's creation ({@link
   *     #pacer}); zero for none
   */
  ProcessGroupPool(
      PoolSettings settings, ReplicaFactory<R> factory, Runnable workerHandover, Duration paceLimit)
      throws Exception {
    this.paceLimitNanos = paceLimit.toNanos();
    this.settings = Objects.requireNonNull(settings, "settings");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.workerHandover = Objects.requireNonNull(workerHandover, "workerHandover");
    this.reuseWorkers =
        ThreadLocals.available()
            && !"false".equals(System.getProperty("wsgi4j.reuseWorkers"))
            && !settings.embeddedMode();
    String label = settings.name().isEmpty() ? "embedded" : settings.name();
    this.workerThreads =
        new WorkerThreads(
            settings.displayName().orElse("wsgi4j-" + label), settings.stackSize().orElse(0));
    List<R> first = new ArrayList<>();
    try {
      for (int i = 0; i < settings.processes(); i++) {
        first.add(factory.create(Optional.empty()));
      }
    } catch (Exception e) {
      first.forEach(this::closeQuietly);
      throw e;
    }
    synchronized (lock) {
      for (int i = 0; i < settings.processes(); i++) {
        Slot slot = new Slot(i);
        slots.add(slot);
        // The first generations get staggered budgets (N-1/N, ..., 1/N of maximum-requests less
        // for later processes) so that processes reach their counts at different times and their
        // recycles do not queue behind each other; replacements get the full count.
        int max = settings.maximumRequests().orElse(Integer.MAX_VALUE);
        int budget =
            settings.maximumRequests().isPresent() ? max - (i * max) / settings.processes() : max;
        slot.current = new Generation(first.get(i), slot, budget);
        created.incrementAndGet();
        startWorkers(slot.current);
      }
    }
    recycler =
        Executors.newSingleThreadExecutor(
            new ThreadFactoryBuilder()
                .setNameFormat("wsgi4j-" + label + "-recycler")
                .setDaemon(true)
                .build());
    watchdog =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder()
                .setNameFormat("wsgi4j-" + label + "-watchdog")
                .setDaemon(true)
                .build());
    if (!settings.embeddedMode()) {
      long tick = tickMillis(settings);
      // Runs until close() shuts the watchdog down; tick() catches its own failures.
      ScheduledFuture<?> unused =
          watchdog.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }
  }

  /** A quarter of the shortest timeout, between 10 ms and 1 s. */
  private static long tickMillis(PoolSettings settings) {
    long shortest = 1000;
    for (Optional<Duration> d :
        List.of(
            settings.effectiveRequestTimeout(),
            settings.drainLimit(),
            settings.restartInterval(),
            settings.inactivityTimeout(),
            settings.interruptTimeout(),
            Optional.of(settings.retryDelay()))) {
      if (d.isPresent()) {
        shortest = Math.min(shortest, d.get().toMillis() / 4);
      }
    }
    return Math.max(10, shortest);
  }

  public PoolSettings settings() {
    return settings;
  }

  /** 1 at start, +1 for every completed recycle of any replica. */
  public int generation() {
    synchronized (lock) {
      return (int) recycles + 1;
    }
  }

  /** Requests waiting for a worker now. */
  public int queued() {
    return queue.size();
  }

  public PoolStats stats() {
    synchronized (lock) {
      int live = 0;
      int threads = 0;
      int stillRunning = 0;
      for (Slot slot : slots) {
        live += slot.standby == null && slot.ready.get() == null ? 1 : 2;
        threads += slot.threads.size();
        stillRunning += slot.current.abandoned;
      }
      for (Generation g : retired) {
        live++;
        stillRunning += g.abandoned;
      }
      return new PoolStats(
          created.get(),
          closedReplicas.get(),
          recycles,
          failedStarts,
          abandonedRequests,
          stillRunning,
          retries,
          live,
          threads,
          maxDraining,
          recyclerRuns.get(),
          stoppedAtCount);
    }
  }

  /** Waits until {@link #generation()} is at least {@code number}; false on timeout. */
  public boolean awaitGeneration(int number, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (recycles + 1 < number) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /**
   * Runs a request on a worker (daemon mode) or on this thread (embedded), with a replica. Counts
   * toward {@code maximum-requests}.
   *
   * @throws WsgiUnavailableException 503 when the queue is full or the group stopped, 504 when the
   *     request waited past {@code queue-timeout} or ran past {@code request-timeout}
   */
  public <T> T execute(Task<R, T> task) throws IOException, WsgiUnavailableException {
    return run(task, true);
  }

  /** Runs work that is not a request (preloading a script): not counted. */
  public <T> T runUncounted(Task<R, T> task) throws IOException, WsgiUnavailableException {
    return run(task, false);
  }

  /**
   * Runs a request like {@link #execute} without making the caller wait: the future completes on
   * the worker that ran it (daemon mode) or before this returns (embedded). It fails with a {@link
   * WsgiUnavailableException} when the queue is full or the group stopped (503), when the request
   * waited past {@code queue-timeout} or ran past {@code request-timeout} (504), and with whatever
   * the task threw. A host uses this to keep its own threads free while a request waits for a
   * worker.
   */
  public <T> CompletableFuture<T> submit(Task<R, T> task) {
    if (settings.embeddedMode()) {
      CompletableFuture<T> answer = new CompletableFuture<>();
      try {
        answer.complete(runEmbedded(task));
      } catch (IOException | WsgiUnavailableException | RuntimeException | Error e) {
        answer.completeExceptionally(e);
      }
      return answer;
    }
    // Nobody waits on this job, so its queue timeout is watched by the pool's queue timer.
    PoolJob<R> job = new PoolJob<>(task, true, System.nanoTime(), true);
    WsgiUnavailableException refused = enqueue(job);
    if (refused != null) {
      return CompletableFuture.failedFuture(refused);
    }
    armQueueTimer(job.enqueuedNanos + settings.queueTimeout().toNanos());
    // The job's own future: a worker completes it with the task's value (of type T) or failure.
    @SuppressWarnings("unchecked")
    CompletableFuture<T> typed = (CompletableFuture<T>) (CompletableFuture<?>) job.result;
    return typed;
  }

  private <T> T run(Task<R, T> task, boolean counted) throws IOException, WsgiUnavailableException {
    if (settings.embeddedMode()) {
      return runEmbedded(task);
    }
    PoolJob<R> job = new PoolJob<>(task, counted, System.nanoTime(), false);
    WsgiUnavailableException refused = enqueue(job);
    if (refused != null) {
      throw refused;
    }
    @SuppressWarnings("unchecked")
    T value = (T) await(job);
    return value;
  }

  /**
   * Puts a request at the end of the queue, or says why not (stopped: 503, queue full: 503). The
   * pool's lock is not held while the queue wakes a worker: a worker that runs at once (one core)
   * would otherwise block on that lock straight away and hand the core back.
   */
  private WsgiUnavailableException enqueue(PoolJob<R> job) {
    if (closed || draining) {
      return stopped();
    }
    // A place is reserved before the job is added, so concurrent callers never overfill the queue.
    if (waiting.incrementAndGet() > settings.queueCapacity()) {
      waiting.decrementAndGet();
      return new WsgiUnavailableException(
          503, "WSGI daemon process '" + settings.name() + "' is busy: its queue is full");
    }
    lastActivityNanos = job.enqueuedNanos;
    queue.addLast(job);
    // close() drains the queue after setting closed: a job added after that drain is taken back.
    if (closed && takeBack(job)) {
      return stopped();
    }
    return null;
  }

  /** Removes a job that is still in the queue; false if a worker already took it. */
  private boolean takeBack(PoolJob<R> job) {
    if (queue.remove(job)) {
      waiting.decrementAndGet();
      return true;
    }
    return false;
  }

  /** Puts a job back at the front of the queue (its replica could not run it). */
  private void requeueFirst(PoolJob<R> job) {
    waiting.incrementAndGet();
    queue.addFirst(job);
  }

  /**
   * One timer for the whole queue instead of one per request: armed for the earliest deadline of a
   * waiting request, it answers 504 for every request that waited past {@code queue-timeout} and
   * arms itself again for the next one.
   */
  private void armQueueTimer(long deadlineNanos) {
    if (queueTimerArmed.compareAndSet(false, true)) {
      try {
        ScheduledFuture<?> unused =
            watchdog.schedule(
                this::expireQueued, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // Closed: close() answers every queued request.
        queueTimerArmed.set(false);
      }
    }
  }

  private void expireQueued() {
    // Cleared first: a request queued during the scan arms the timer itself.
    queueTimerArmed.set(false);
    long now = System.nanoTime();
    long timeout = settings.queueTimeout().toNanos();
    long earliest = 0;
    boolean waitingJobs = false;
    for (PoolJob<R> job : queue) {
      if (!job.timedByPool) {
        continue;
      }
      long deadline = job.enqueuedNanos + timeout;
      if (deadline - now <= 0) {
        if (job.cancel()) {
          takeBack(job);
          job.result.completeExceptionally(
              new WsgiUnavailableException(
                  504, "Queue timeout expired for WSGI daemon process '" + settings.name() + "'"));
        }
      } else if (!waitingJobs || deadline - earliest < 0) {
        waitingJobs = true;
        earliest = deadline;
      }
    }
    if (waitingJobs) {
      armQueueTimer(earliest);
    }
  }

  private Object await(PoolJob<R> job) throws IOException, WsgiUnavailableException {
    boolean interrupted = false;
    long deadline = job.enqueuedNanos + settings.queueTimeout().toNanos();
    try {
      while (true) {
        try {
          long left = deadline - System.nanoTime();
          if (left > 0) {
            return job.result.get(left, TimeUnit.NANOSECONDS);
          }
          if (job.cancel()) {
            takeBack(job);
            throw new WsgiUnavailableException(
                504, "Queue timeout expired for WSGI daemon process '" + settings.name() + "'");
          }
          return job.result.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (TimeoutException e) {
          // Loop: the queue timeout is checked above.
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static IOException rethrow(Throwable cause) throws WsgiUnavailableException {
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof WsgiUnavailableException unavailable) {
      throw unavailable;
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(cause);
  }

  private <T> T runEmbedded(Task<R, T> task) throws IOException, WsgiUnavailableException {
    Generation generation;
    synchronized (lock) {
      if (closed || draining) {
        throw stopped();
      }
      generation = slots.get(0).current;
      generation.inFlight++;
    }
    try {
      return task.run(generation.replica);
    } finally {
      synchronized (lock) {
        generation.inFlight--;
        lock.notifyAll();
      }
    }
  }

  private WsgiUnavailableException stopped() {
    return new WsgiUnavailableException(
        503, "WSGI process group '" + settings.name() + "' is stopped");
  }

  /** Under the lock: a full set of {@code threads} new workers for a generation. */
  private void startWorkers(Generation generation) {
    if (settings.embeddedMode()) {
      return;
    }
    for (int i = 0; i < settings.threads(); i++) {
      startWorker(generation);
    }
  }

  /** Under the lock. */
  private void startWorker(Generation generation) {
    Worker worker = new Worker(generation);
    Thread thread = workerThreads.newThread(() -> work(worker));
    worker.thread = thread;
    generation.workers.add(worker);
    generation.slot.threads.add(thread);
    thread.start();
  }

  /**
   * Under the lock: an idle worker of a replaced generation moves to its process's current one, or
   * is told to end when it is not to move (see {@link Worker#generation}).
   */
  private void moveOn(Worker worker) {
    Generation from = worker.generation;
    if (from == null) {
      return;
    }
    from.workers.remove(worker);
    Generation next = from.slot.current;
    if (closed
        || !reuseWorkers
        || next == from
        || next.retired
        || next.workers.size() >= settings.threads()) {
      worker.generation = null;
      return;
    }
    next.workers.add(worker);
    worker.generation = next;
    if (settings.cpuTimeLimit().isPresent()) {
      next.cpuAtJoin.put(worker.thread, cpuNanos(worker.thread));
    }
  }

  /**
   * A worker: takes requests for its generation; when that generation is replaced, it moves on to
   * the replacement (forgetting its thread-local state on the way) unless the replacement already
   * has its {@code threads} workers or threads are not reused, and then it ends. A thread that is
   * still running a request of the replaced generation moves on when that request returns.
   */
  private void work(Worker me) {
    Generation generation = me.generation;
    try {
      while (true) {
        try {
          // Where this worker belongs is read without the pool's lock: a swap or the release of
          // its last request of a replaced generation moved it already (see Worker). The lock only
          // when the generation asks it to wait; taking it here for every request made it the
          // most contended lock of a busy pool.
          Generation assigned = me.generation;
          if (assigned == null) {
            return;
          }
          if (assigned != generation) {
            generation = assigned;
            // Nothing a request of the old generation left on this thread may reach the new one,
            // nor keep the old one alive (an application's threading.local, Jython's last
            // exception): the thread starts the new generation as a new thread would.
            ThreadLocals.clearCurrent();
            workerHandover.run();
            continue;
          }
          if (closed || generation.retired || !generation.accepting) {
            if (me.generation == generation) {
              awaitAccepting(me);
            }
            continue;
          }
          PoolJob<R> job = queue.pollFirst(POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (job != null) {
            waiting.decrementAndGet();
            runJob(me, generation, job);
          }
        } catch (InterruptedException e) {
          // An abandoned request's interrupt arriving late, while idle: look at the state again.
        }
      }
    } finally {
      synchronized (lock) {
        Generation last = me.generation;
        if (last != null) {
          last.workers.remove(me);
          me.generation = null;
        }
        generation.slot.threads.remove(me.thread);
        lock.notifyAll();
      }
    }
  }

  /**
   * Waits, under the lock, until the worker's generation takes requests, moving the worker on when
   * that generation was replaced ({@link #moveOn}), or until it is to end (its generation null).
   */
  private void awaitAccepting(Worker me) {
    synchronized (lock) {
      while (true) {
        Generation generation = me.generation;
        if (generation == null) {
          return;
        }
        if (closed) {
          generation.workers.remove(me);
          me.generation = null;
          return;
        }
        if (generation.retired) {
          moveOn(me);
          return;
        }
        if (generation.accepting) {
          return;
        }
        try {
          lock.wait(POLL_MILLIS);
        } catch (InterruptedException e) {
          // An abandoned request's interrupt arriving late: look at the state again.
        }
      }
    }
  }

  /**
   * Under the lock, when workers are reused: gives each process's current generation new threads
   * for the workers that are not coming to it, i.e. those held by an abandoned request of a
   * replaced generation or still busy with one of its requests {@link #HANDOVER_GRACE_MILLIS} after
   * the swap, so that a slow request crossing a recycle never costs the new generation one of its
   * workers for long. (An abandoned request of the current generation keeps its worker, as before:
   * that generation has one usable worker less until it returns or is replaced.)
   */
  private void topUpWorkers(long now) {
    if (!reuseWorkers || closed) {
      return;
    }
    long grace = TimeUnit.MILLISECONDS.toNanos(HANDOVER_GRACE_MILLIS);
    for (Slot slot : slots) {
      int stuck = 0;
      for (Generation g : retired) {
        if (g.slot != slot) {
          continue;
        }
        for (PoolJob<R> job : g.running) {
          if (job.abandoned || now - Math.max(job.startedNanos, g.retiredNanos) > grace) {
            stuck++;
          }
        }
      }
      int missing = settings.threads() - (slot.threads.size() - stuck);
      for (int i = 0; i < missing; i++) {
        startWorker(slot.current);
      }
    }
  }

  /**
   * After a swap: {@link #topUpWorkers} once the grace is over, if {@code replaced} has not ended.
   */
  private void topUpLater(Generation replaced) {
    if (replaced.closed) {
      return;
    }
    try {
      ScheduledFuture<?> unused =
          watchdog.schedule(
              () -> {
                if (replaced.closed) {
                  return; // its workers all came back: nobody to replace
                }
                synchronized (lock) {
                  topUpWorkers(System.nanoTime());
                }
              },
              HANDOVER_GRACE_MILLIS + 10,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void runJob(Worker me, Generation generation, PoolJob<R> job) {
    boolean back;
    synchronized (lock) {
      if (closed) {
        job.result.completeExceptionally(stopped());
        return;
      }
      back = !generation.accepting || generation.retired || me.generation != generation;
      if (!back) {
        if (!job.start()) {
          return; // its caller gave up waiting (queue-timeout)
        }
        me.busy = true;
        generation.inFlight++;
        generation.started++;
        generation.running.add(job);
        job.thread = Thread.currentThread();
        job.startedNanos = System.nanoTime();
      }
    }
    if (back) {
      // Back to the queue after the lock is let go: the queue wakes a worker, which on one core
      // may take the core from this one while it holds the lock. close() drains the queue after
      // setting closed: a job put back after that drain is taken back here.
      requeueFirst(job);
      if (closed && takeBack(job)) {
        job.result.completeExceptionally(stopped());
      }
      return;
    }
    Thread.interrupted(); // a late interrupt meant for an earlier request
    Object value = null;
    Throwable failure = null;
    boolean stale = false;
    try {
      value = job.task.run(generation.replica);
    } catch (ReplicaStaleException e) {
      stale = true;
      failure = e;
    } catch (Throwable t) { // handed to the caller, who rethrows it
      failure = t;
    }
    if (stale) {
      retry(me, generation, job, failure);
    } else {
      release(me, generation, job, job.counted);
      if (failure == null) {
        job.result.complete(value);
      } else {
        job.result.completeExceptionally(failure);
      }
    }
  }

  /**
   * The replica found itself stale: it stops taking requests and is replaced at once; the request
   * goes back to the front of the queue for another replica (mod_wsgi retries up to 2N+1 times).
   */
  private void retry(Worker me, Generation generation, PoolJob<R> job, Throwable why) {
    job.attempts++;
    boolean again = job.attempts <= 2 * settings.processes() + 1;
    synchronized (lock) {
      retries++;
      if (generation.slot.current == generation && !generation.retired) {
        generation.accepting = false;
        want(generation.slot, RecycleReason.SCRIPT_CHANGED);
      }
      lock.notifyAll();
    }
    release(me, generation, job, false);
    if (again && !job.abandoned) {
      LOG.info(() -> why.getMessage() + "; the request is run again on a fresh process");
      job.requeue();
      synchronized (lock) {
        if (closed) {
          job.result.completeExceptionally(stopped());
        } else {
          requeueFirst(job);
        }
      }
    } else {
      job.result.completeExceptionally(
          new WsgiUnavailableException(
              503, "WSGI daemon process '" + settings.name() + "' kept restarting"));
    }
  }

  private void release(Worker me, Generation generation, PoolJob<R> job, boolean counted) {
    boolean stop = false;
    Thread paced = null;
    boolean closeNow = false;
    boolean recycling;
    List<Runnable> swaps;
    synchronized (lock) {
      me.busy = false;
      generation.inFlight--;
      generation.running.remove(job);
      if (job.abandoned) {
        generation.abandoned--;
      }
      lastActivityNanos = System.nanoTime();
      if (counted && !job.abandoned && settings.maximumRequests().isPresent()) {
        generation.completed++;
        int max = generation.budget;
        if (generation.slot.current == generation && !generation.retired) {
          // From a quarter of the count: a paced creation needs its own time and then the
          // recycler's turns on the core; begun at half the count, 35 and 40 in 400 replacements
          // were still being made at the count, and every worker waited (RecycleProbe, one core,
          // M=500); begun here, 16. Two replica sets are alive for longer, not at once more often.
          if (generation.completed >= max / 4) {
            want(generation.slot, RecycleReason.MAXIMUM_REQUESTS);
          }
          // Stop at the count (so a generation starts at most maximum-requests + threads - 1
          // requests), unless its replacement failed to start: then it serves on.
          stop = generation.completed >= max && generation.slot.failures == 0;
        }
      }
      checkDrained(generation);
      if (generation.retired && generation.inFlight == 0 && !generation.closed) {
        generation.closed = true;
        retired.remove(generation);
        closeNow = true;
      }
      // A replacement that is ready goes in here, on the worker that reached the count or ended
      // the drain that held it back: handing the swap to the recycler would leave the process
      // taking no requests until that thread gets the core.
      swaps = swapWhereDue();
      if (stop && generation.slot.current == generation) {
        // At the count with no replacement ready yet: the generation stops and its workers wait.
        // Only now, not before the swap above: workers read this flag without the lock, and any
        // that saw it false while the swap was on its way queued for the lock to wait, one
        // scheduler slice each on a saturated core. The replacement may have been published
        // after the look above by a recycler that saw the generation still accepting, so look
        // again after writing the flag (see publish).
        generation.accepting = false;
        List<Runnable> late = swapWhereDue();
        if (!late.isEmpty()) {
          swaps = swaps.isEmpty() ? late : concat(swaps, late);
        }
        // Not when its replacement is ready and only waits for another process's drain.
        if (generation.slot.current == generation && generation.slot.standby == null) {
          stoppedAtCount++;
          generation.stoppedNanos = System.nanoTime();
        }
      }
      if (generation.retired && me.generation == generation) {
        moveOn(me);
      }
      Thread pacing = generation.paceWaiter;
      if (pacing != null
          && (generation.completed >= generation.paceTarget || !generation.accepting)) {
        paced = pacing;
      }
      recycling = claimRecyclerRun();
      lock.notifyAll();
    }
    // Woken after the lock is let go: on one core the woken thread may take the core at once, and
    // a worker preempted inside the lock queues every other worker behind it.
    if (paced != null) {
      LockSupport.unpark(paced);
    }
    afterSwaps(swaps);
    if (closeNow) {
      closeGeneration(generation);
    }
    if (recycling) {
      advanceLater();
    }
  }

  /**
   * Under the lock: swaps in every standby replica whose swap is due; returns what is left to do
   * once the lock is let go ({@link #afterSwaps}).
   */
  private List<Runnable> swapWhereDue() {
    if (closed) {
      return List.of();
    }
    List<Runnable> swaps = List.of();
    for (Slot slot : slots) {
      adoptReady(slot);
      if (slot.standby != null && swapDue(slot)) {
        if (swaps.isEmpty()) {
          swaps = new ArrayList<>(1);
        }
        swaps.add(swap(slot));
      }
    }
    return swaps;
  }

  /**
   * Under the lock: true when the caller should hand the recycler a run, i.e. it has work and no
   * run is already on its way (requests finishing before it starts would each send one more).
   */
  private boolean claimRecyclerRun() {
    if (recyclerRunPending || !recyclerHasWork()) {
      return false;
    }
    recyclerRunPending = true;
    return true;
  }

  /**
   * Under the lock: whether {@link #advance} can do something now, a replica to close or one to
   * start creating. Not merely whether a replacement is wanted: from a quarter of the count on,
   * that is true for every request, and waking the recycler for each cost a thread switch and a
   * look at the pool per request (about half the recycler's CPU).
   */
  private boolean recyclerHasWork() {
    if (!pendingClose.isEmpty()) {
      return true;
    }
    for (Slot slot : slots) {
      if (creationDue(slot)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Under the lock: a replacement is wanted, none is ready or being made, and a failed attempt's
   * retry delay is over.
   */
  private boolean creationDue(Slot slot) {
    return slot.wanted != null
        && slot.standby == null
        && slot.ready.get() == null
        && !slot.creating
        && (slot.failures == 0 || System.nanoTime() - slot.retryAtNanos >= 0);
  }

  /** A retired generation stops counting as draining once only abandoned requests are left. */
  private void checkDrained(Generation generation) {
    if (generation.draining() && generation.inFlight - generation.abandoned == 0) {
      generation.drained = true;
    }
  }

  /**
   * Replaces the process now running as {@code replica} at once, not waiting for its turn (as
   * mod_wsgi restarts a daemon process whose startup timer expired); nothing if it is no longer the
   * current generation of its slot.
   */
  @SuppressWarnings("ReferenceEquality") // the replica object is the process's identity
  public void replaceNow(R replica, RecycleReason reason) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (Slot slot : slots) {
        if (slot.current.replica == replica && !slot.current.retired) {
          want(slot, reason);
        }
      }
    }
    advanceLater();
  }

  private void want(Slot slot, RecycleReason reason) {
    if (slot.wanted == null || (!reason.planned() && slot.wanted.planned())) {
      slot.wanted = reason;
    }
  }

  private void advanceLater() {
    try {
      recycler.execute(this::advance);
      recyclerRuns.incrementAndGet();
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /**
   * On the recycler thread: closes replaced generations handed to it and creates the replacements
   * that are due, one at a time. It takes the pool's lock once before each creation and, in the
   * common case, not after it (see {@link #publish}).
   */
  private void advance() {
    boolean more = true;
    while (more) {
      Slot create = null;
      RecycleReason reason = null;
      Optional<R> predecessor = Optional.empty();
      List<Generation> idle;
      List<Runnable> swaps;
      synchronized (lock) {
        // Cleared before looking: whatever changes after this point claims a run of its own.
        recyclerRunPending = false;
        swaps = swapWhereDue();
        idle = List.copyOf(pendingClose);
        pendingClose.clear();
        more = false;
        for (Slot slot : closed ? List.<Slot>of() : slots) {
          if (!creationDue(slot)) {
            continue;
          }
          if (create != null) {
            more = true;
            break;
          }
          create = slot;
          slot.creating = true;
          reason = slot.wanted;
          predecessor =
              reason == RecycleReason.INACTIVITY
                  ? Optional.empty()
                  : Optional.of(slot.current.replica);
        }
      }
      afterSwaps(swaps);
      idle.forEach(this::closeGeneration);
      if (create == null) {
        return;
      }
      createReplacement(create, reason, predecessor);
    }
  }

  private void createReplacement(Slot slot, RecycleReason reason, Optional<R> predecessor) {
    LOG.info(
        () ->
            reason.description()
                + " for WSGI daemon process '"
                + settings.name()
                + "' (process "
                + (slot.index + 1)
                + "); creating its replacement");
    R fresh;
    try {
      fresh =
          reason == RecycleReason.MAXIMUM_REQUESTS && paceLimitNanos > 0
              ? CreationPacing.paced(pacer(slot.current), () -> factory.create(predecessor))
              : factory.create(predecessor);
    } catch (Exception | LinkageError e) {
      LOG.log(
          Level.SEVERE,
          "Could not create a replacement for WSGI daemon process '" + settings.name() + "'",
          e);
      synchronized (lock) {
        failedStarts++;
        slot.creating = false;
        slot.failures++;
        long delay = settings.retryDelay().toNanos() << Math.min(4, slot.failures - 1);
        slot.retryAtNanos = System.nanoTime() + delay;
        // Keep serving with the replica there is, past its count if need be.
        slot.current.accepting = true;
        lock.notifyAll();
      }
      return;
    }
    created.incrementAndGet();
    LOG.fine(
        () ->
            "WSGI daemon process '"
                + settings.name()
                + "' (process "
                + (slot.index + 1)
                + "): replacement ready");
    publish(slot, reason, fresh);
  }

  /**
   * Between two steps of a maximum-requests replacement's creation: waits until the requests in the
   * process now could have finished, so that none of them waits for more than a step or two of it.
   * Made in one go, the creation held the core for 0.2-0.5 ms on a saturated one and delayed every
   * request then in flight by that much. Not when the generation has stopped (its workers wait for
   * the replacement), and at most {@link #paceLimitNanos} per step: on a server with cores to
   * spare, requests finish slowly only because few come.
   */
  private Runnable pacer(Generation generation) {
    // Only in the second quarter of the count: paced, a creation took 2-5 ms on a saturated core,
    // and paced up to the count it was sometimes still going when the generation reached it, and
    // every worker waited for it (JFR: all ten in Object.wait for up to 5 ms). From half the count
    // the rest of the creation runs in one go.
    int lastPaced = generation.budget / 2;
    return () -> {
      int target = Math.min(lastPaced, generation.completed + settings.threads() + waiting.get());
      long deadline = System.nanoTime() + paceLimitNanos;
      // Target and waiter first, then the count: release writes the count, then looks for a
      // waiter (both volatile), so one of the two sees the other.
      generation.paceTarget = target;
      generation.paceWaiter = Thread.currentThread();
      try {
        while (generation.completed < target && generation.accepting && !closed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          LockSupport.parkNanos(this, left);
        }
      } finally {
        generation.paceWaiter = null;
      }
    };
  }

  /**
   * Hands a new replica over. A maximum-requests replacement is usually ready well before the
   * generation reaches its count: it is only published, and the worker whose request reaches the
   * count adopts and swaps it in under the lock it holds anyway ({@link #release}). Taking the lock
   * here instead, right after the creation used up this thread's share of the core, let the
   * scheduler preempt the recycler while it held the lock, and every worker queued behind it for
   * milliseconds (JFR: the recycler was the previous owner in most of the pool lock's contended
   * entries during recycles). The lock is taken when no worker may come by: a swap that is not
   * waiting for a count, or a generation that already stopped at it. Both sides write their flag
   * before reading the other's (ready here, accepting in release), both volatile, so at least one
   * of them sees that the swap is due.
   */
  private void publish(Slot slot, RecycleReason reason, R fresh) {
    slot.ready.set(fresh);
    if (closed) {
      // close() takes it back too; whoever gets it closes it.
      R back = slot.ready.getAndSet(null);
      if (back != null) {
        closeQuietly(back);
      }
      return;
    }
    Generation current = slot.current;
    if (reason == RecycleReason.MAXIMUM_REQUESTS && current.accepting && !current.retired) {
      return;
    }
    List<Runnable> swaps;
    synchronized (lock) {
      swaps = swapWhereDue();
      lock.notifyAll();
    }
    afterSwaps(swaps);
  }

  /** Under the lock: a replacement the recycler published becomes the slot's standby. */
  private void adoptReady(Slot slot) {
    if (slot.ready.get() == null) {
      return;
    }
    R fresh = slot.ready.getAndSet(null);
    if (fresh != null) {
      slot.creating = false;
      slot.failures = 0;
      slot.standby = fresh;
    }
  }

  /**
   * Maximum-requests waits for the count; planned swaps wait until no other generation drains (at
   * most one replica of a group draining at a time); urgent ones swap at once.
   */
  private boolean swapDue(Slot slot) {
    if (slot.wanted == RecycleReason.MAXIMUM_REQUESTS
        && slot.current.completed < slot.current.budget) {
      return false;
    }
    return !slot.wanted.planned() || drainingProcesses(slot) == 0;
  }

  /**
   * Processes other than {@code except} with a replaced generation still draining requests that
   * were not abandoned. A process's own earlier generation does not hold it back: it would only
   * stall it (with one process, nothing else could serve).
   */
  private int drainingProcesses(Slot except) {
    return (int)
        retired.stream()
            .filter(g -> g.draining() && g.slot != except)
            .map(g -> g.slot)
            .distinct()
            .count();
  }

  /**
   * Under the lock: the standby becomes current, the old generation drains. Returns what the caller
   * does once it has let go of the lock: log the swap (a log handler writing a file while the
   * pool's lock is held would hold up every worker) and schedule the top-up of workers (which may
   * wake the watchdog thread, and on one core a woken thread can take the core from the thread
   * holding the lock).
   */
  private Runnable swap(Slot slot) {
    Generation old = slot.current;
    RecycleReason reason = slot.wanted;
    slot.current =
        new Generation(slot.standby, slot, settings.maximumRequests().orElse(Integer.MAX_VALUE));
    slot.standby = null;
    slot.wanted = null;
    recycles++;
    // The old generation's idle workers move over (or are told to end) here, busy ones when their
    // request returns (release); see Worker. Before the old generation is marked replaced: a
    // worker that sees it replaced then also sees where it was moved, and needs no lock.
    for (Worker worker : List.copyOf(old.workers)) {
      if (!worker.busy) {
        moveOn(worker);
      }
    }
    old.retired = true;
    old.retiredNanos = System.nanoTime();
    old.accepting = false;
    settings
        .drainLimit()
        .ifPresent(limit -> old.drainDeadline = System.nanoTime() + limit.toNanos());
    checkDrained(old);
    if (old.inFlight == 0) {
      old.closed = true;
      pendingClose.add(old);
    } else {
      retired.add(old);
    }
    if (reuseWorkers) {
      // Threads held by abandoned requests are replaced now, slow ones after a grace period
      // (scheduled after the lock: scheduling may wake the watchdog thread).
      topUpWorkers(old.retiredNanos);
    } else {
      startWorkers(slot.current);
    }
    maxDraining = Math.max(maxDraining, drainingProcesses(null));
    lock.notifyAll();
    int draining = old.inFlight;
    long stoppedFor = old.stoppedNanos == 0 ? 0 : old.retiredNanos - old.stoppedNanos;
    return () -> {
      if (reuseWorkers) {
        topUpLater(old);
      }
      LOG.info(
          () ->
              reason.description()
                  + ": WSGI daemon process '"
                  + settings.name()
                  + "' (process "
                  + (slot.index + 1)
                  + ") swapped in its replacement; the old one drains "
                  + draining
                  + " request(s)"
                  + (stoppedFor == 0
                      ? ""
                      : String.format(
                          Locale.ROOT,
                          "; the replacement was late: no request was taken for %.2f ms",
                          stoppedFor / 1e6)));
    };
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /** What {@link #swap} leaves for after the lock: its log line and the top-up it schedules. */
  private static void afterSwaps(List<Runnable> swaps) {
    for (Runnable swap : swaps) {
      swap.run();
    }
  }

  private void closeGeneration(Generation generation) {
    closeQuietly(generation.replica);
    closedReplicas.incrementAndGet();
  }

  private void closeQuietly(R replica) {
    try {
      replica.close();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "Closing a replica of '" + settings.name() + "' failed", e);
    }
  }

  /** The watchdog: request-timeout, drain limits, restart-interval, inactivity-timeout. */
  private void tick() {
    try {
      boolean due = false;
      List<Runnable> swaps;
      synchronized (lock) {
        if (closed) {
          return;
        }
        long now = System.nanoTime();
        topUpWorkers(now);
        Optional<Duration> requestTimeout = settings.effectiveRequestTimeout();
        for (Slot slot : slots) {
          Generation g = slot.current;
          if (requestTimeout.isPresent()) {
            for (PoolJob<R> job : List.copyOf(g.running)) {
              // Only requests: preloading a script is not judged by request-timeout.
              if (job.counted
                  && !job.abandoned
                  && now - job.startedNanos > requestTimeout.get().toNanos()) {
                abandon(g, job, 504, "Request timeout expired");
                if (settings.interruptTimeout().isPresent()) {
                  // mod_wsgi 6: the process stays if the interrupted request unwinds in time.
                  job.interruptedNanos = now;
                } else {
                  want(slot, RecycleReason.REQUEST_TIMEOUT);
                }
              } else if (job.abandoned
                  && job.interruptedNanos != 0
                  && settings.interruptTimeout().isPresent()
                  && now - job.interruptedNanos > settings.interruptTimeout().get().toNanos()) {
                job.interruptedNanos = 0;
                LOG.warning(
                    () ->
                        "Interrupted request on thread "
                            + job.thread.getName()
                            + " of WSGI daemon process '"
                            + settings.name()
                            + "' did not return within interrupt-timeout; replacing the process");
                want(slot, RecycleReason.REQUEST_TIMEOUT);
              }
            }
          }
          if (settings.cpuTimeLimit().isPresent()
              && slot.wanted == null
              && cpuNanos(g) > settings.cpuTimeLimit().get().toNanos()) {
            want(slot, RecycleReason.CPU_TIME_LIMIT);
          }
          if (settings.restartInterval().isPresent()
              && now - g.createdNanos > settings.restartInterval().get().toNanos()) {
            want(slot, RecycleReason.RESTART_INTERVAL);
          }
        }
        for (Generation g : List.copyOf(retired)) {
          boolean overrun = g.draining() && now - g.drainDeadline > 0;
          for (PoolJob<R> job : List.copyOf(g.running)) {
            if (job.abandoned) {
              continue;
            }
            if (overrun) {
              abandon(g, job, 503, "Graceful and shutdown timeouts expired");
            } else if (requestTimeout.isPresent()
                && job.counted
                && now - job.startedNanos > requestTimeout.get().toNanos()) {
              abandon(g, job, 504, "Request timeout expired");
            }
          }
          checkDrained(g);
        }
        if (settings.inactivityTimeout().isPresent()
            && idle()
            && now - lastActivityNanos > settings.inactivityTimeout().get().toNanos()) {
          for (Slot slot : slots) {
            if (slot.current.started > 0 && slot.wanted == null) {
              want(slot, RecycleReason.INACTIVITY);
            }
          }
        }
        swaps = swapWhereDue();
        due = claimRecyclerRun();
      }
      afterSwaps(swaps);
      if (due) {
        advanceLater();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Watchdog of WSGI daemon process '" + settings.name() + "'", e);
    }
  }

  /** CPU time used by a generation's worker threads (its "process"), as far as the JVM measures. */
  private long cpuNanos(Generation generation) {
    long total = 0;
    for (Worker worker : generation.workers) {
      long used = cpuNanos(worker.thread);
      if (used > 0) {
        // A worker that came from an earlier generation counts from when it joined this one.
        total += Math.max(0, used - generation.cpuAtJoin.getOrDefault(worker.thread, 0L));
      }
    }
    return total;
  }

  /** CPU time of a thread, or -1 when the JVM does not measure it. */
  private static long cpuNanos(Thread thread) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(thread.getId()) : -1;
  }

  private boolean idle() {
    if (!queue.isEmpty()) {
      return false;
    }
    for (Slot slot : slots) {
      if (slot.current.inFlight > 0) {
        return false;
      }
    }
    return true;
  }

  /** Under the lock: the caller is answered now; the thread is left to return when it can. */
  private void abandon(Generation generation, PoolJob<R> job, int status, String why) {
    job.abandoned = true;
    generation.abandoned++;
    abandonedRequests++;
    Thread thread = job.thread;
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - job.startedNanos);
    try {
      job.task.abandoned();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "An abandoned request's clean-up failed", e);
    }
    job.result.completeExceptionally(
        new WsgiUnavailableException(
            status, why + " for WSGI daemon process '" + settings.name() + "'"));
    LOG.log(
        Level.WARNING,
        () ->
            why
                + " for WSGI daemon process '"
                + settings.name()
                + "' (process "
                + (generation.slot.index + 1)
                + "): request on thread "
                + thread.getName()
                + " abandoned after "
                + seconds
                + " s; it is replaced and its interpreters closed when the thread returns."
                + " Stack:\n"
                + stack(thread));
    thread.interrupt();
  }

  private static String stack(Thread thread) {
    StringBuilder text = new StringBuilder();
    Arrays.stream(thread.getStackTrace())
        .limit(40)
        .forEach(e -> text.append("  at ").append(e).append('\n'));
    return text.toString();
  }

  /**
   * Stops taking requests (queued ones get 503), waits up to {@code shutdown-timeout} for in-flight
   * ones, abandons what is still running, and closes every replica that is idle; a replica with an
   * abandoned request is closed when that request returns.
   */
  @Override
  public void close() {
    List<R> toClose = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
    }
    for (PoolJob<R> job; (job = queue.pollFirst()) != null; ) {
      waiting.decrementAndGet();
      job.result.completeExceptionally(stopped());
    }
    recycler.shutdown();
    watchdog.shutdownNow();
    try {
      recycler.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
    synchronized (lock) {
      List<Generation> all = allGenerations();
      for (Slot slot : slots) {
        if (slot.standby != null) {
          toClose.add(slot.standby);
          slot.standby = null;
        }
        R published = slot.ready.getAndSet(null);
        if (published != null) {
          toClose.add(published);
        }
      }
      try {
        while (busy(all) && System.nanoTime() - deadline < 0) {
          TimeUnit.NANOSECONDS.timedWait(lock, deadline - System.nanoTime());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Generation g : all) {
        g.retired = true;
        g.accepting = false;
        for (PoolJob<R> job : List.copyOf(g.running)) {
          if (!job.abandoned) {
            abandon(g, job, 503, "Shutdown timeout expired");
          }
        }
        if (g.inFlight == 0 && !g.closed) {
          g.closed = true;
          toClose.add(g.replica);
          closedReplicas.incrementAndGet();
        }
      }
      retired.clear();
      for (Generation g : all) {
        if (!g.closed) {
          retired.add(g); // closed by release() when their threads return
        }
      }
    }
    toClose.forEach(this::closeQuietly);
  }

  /**
   * Stops the group as httpd's graceful restart stops a daemon process: from now on no request is
   * taken (503, as after {@link #close}; a caller may send it elsewhere), the requests already
   * queued or running may finish for up to {@code grace}, and then the pool is closed ({@link
   * #close}: shutdown-timeout more for what still runs, then it is abandoned). Blocks its caller
   * for the whole drain, so a caller that must not wait runs it on a thread of its own.
   */
  public void drainThenClose(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (lock) {
      draining = true;
      try {
        // A worker takes a job off the queue without the lock, so the queue is looked at again
        // every poll interval rather than only when a request returns.
        while (!closed && (waiting.get() > 0 || busy(allGenerations()))) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(
              lock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    close();
  }

  /** Under the lock: every generation that may still run a request. */
  private List<Generation> allGenerations() {
    List<Generation> all = new ArrayList<>(retired);
    for (Slot slot : slots) {
      all.add(slot.current);
    }
    return all;
  }

  private boolean busy(List<Generation> all) {
    for (Generation g : all) {
      if (g.inFlight - g.abandoned > 0) {
        return true;
      }
    }
    return false;
  }
}
