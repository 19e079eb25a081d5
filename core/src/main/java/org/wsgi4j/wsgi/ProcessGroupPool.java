package org.wsgi4j.wsgi;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.common.util.concurrent.Uninterruptibles;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wsgi4j.model.DaemonProcessGroup;

/**
 * A mod_wsgi process group in the JVM: one "process" (a replica, for the Jython runtime a set of
 * interpreters, one per application group) served by {@code threads} workers behind a bounded
 * queue. {@code maximum-requests} recycles the replica drain-then-swap: when the count is reached
 * the replacement is created (and preloaded by the factory) while the old replica keeps serving;
 * then new requests go to the replacement, and the old one is closed when its last in-flight
 * request finishes. An embedded group has no workers: requests run on the caller's thread.
 *
 * @param <R> the replica type
 */
public final class ProcessGroupPool<R extends AutoCloseable> implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ProcessGroupPool.class.getName());

  /** mod_wsgi's defaults: listen-backlog 100, queue-timeout 45 s, shutdown-timeout 5 s. */
  public static final int DEFAULT_LISTEN_BACKLOG = 100;

  public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(45);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  /** Creates replicas; {@code predecessor} is the replica being recycled, to preload from. */
  @FunctionalInterface
  public interface ReplicaFactory<R> {
    R create(Optional<R> predecessor) throws Exception;
  }

  /** Work done with a replica. */
  @FunctionalInterface
  public interface Task<R, T> {
    T run(R replica) throws IOException;
  }

  /**
   * How a group runs.
   *
   * @param name the process group name, {@code ""} for embedded mode
   * @param threads worker threads; 0 = embedded (the caller's thread)
   * @param queueCapacity requests that may wait for a worker
   * @param maximumRequests recycle after this many completed requests
   * @param queueTimeout a request that waited longer is refused with 504
   * @param shutdownTimeout how long {@link #close} waits for in-flight requests
   */
  public record Settings(
      String name,
      int threads,
      int queueCapacity,
      OptionalInt maximumRequests,
      Duration queueTimeout,
      Duration shutdownTimeout) {
    public Settings {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(maximumRequests, "maximumRequests");
      Objects.requireNonNull(queueTimeout, "queueTimeout");
      Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
      if (threads < 0 || queueCapacity < 1) {
        throw new IllegalArgumentException("threads >= 0 and queueCapacity >= 1");
      }
    }

    /** Embedded mode: the caller's thread, no recycling. */
    public static Settings embedded() {
      return new Settings(
          "", 0, 1, OptionalInt.empty(), DEFAULT_QUEUE_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /**
     * A WSGIDaemonProcess: {@code threads}, {@code listen-backlog}, {@code maximum-requests},
     * {@code queue-timeout}, {@code shutdown-timeout}. {@code threads=0} (mod_wsgi's service mode)
     * gets one worker.
     */
    public static Settings of(DaemonProcessGroup daemon) {
      int backlog = intOption(daemon, "listen-backlog", DEFAULT_LISTEN_BACKLOG);
      OptionalInt max = daemon.maximumRequests();
      if (max.isPresent() && max.getAsInt() <= 0) {
        max = OptionalInt.empty();
      }
      return new Settings(
          daemon.name(),
          Math.max(1, daemon.threads()),
          Math.max(1, backlog),
          max,
          seconds(daemon, "queue-timeout", DEFAULT_QUEUE_TIMEOUT),
          seconds(daemon, "shutdown-timeout", DEFAULT_SHUTDOWN_TIMEOUT));
    }

    private static int intOption(DaemonProcessGroup daemon, String name, int fallback) {
      String value = daemon.options().get(name);
      if (value == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }

    private static Duration seconds(DaemonProcessGroup daemon, String name, Duration fallback) {
      int value = intOption(daemon, name, -1);
      // mod_wsgi: 0 means "no timeout" for queue-timeout.
      return value < 0 ? fallback : value == 0 ? Duration.ofDays(365) : Duration.ofSeconds(value);
    }
  }

  /** One replica's life. Guarded by {@code lock}. */
  private final class Generation {
    final R replica;
    final int number;
    int inFlight;
    int remaining;
    boolean retired;
    boolean closed;

    Generation(R replica, int number) {
      this.replica = replica;
      this.number = number;
      this.remaining = settings.maximumRequests().orElse(Integer.MAX_VALUE);
    }
  }

  private final Settings settings;
  private final ReplicaFactory<R> factory;
  private final Object lock = new Object();
  private final ThreadPoolExecutor workers;
  private final ExecutorService recycler;
  private final List<Generation> retired = new ArrayList<>();
  private Generation current;
  private boolean recycling;
  private boolean closed;

  public ProcessGroupPool(Settings settings, ReplicaFactory<R> factory) throws Exception {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.current = new Generation(factory.create(Optional.empty()), 1);
    String label = settings.name().isEmpty() ? "embedded" : settings.name();
    if (settings.threads() > 0) {
      workers =
          new ThreadPoolExecutor(
              settings.threads(),
              settings.threads(),
              0,
              TimeUnit.MILLISECONDS,
              new ArrayBlockingQueue<>(settings.queueCapacity()),
              new ThreadFactoryBuilder()
                  .setNameFormat("wsgi4j-" + label + "-%d")
                  .setDaemon(true)
                  .build());
    } else {
      workers = null;
    }
    recycler =
        Executors.newSingleThreadExecutor(
            new ThreadFactoryBuilder()
                .setNameFormat("wsgi4j-" + label + "-recycler")
                .setDaemon(true)
                .build());
  }

  public Settings settings() {
    return settings;
  }

  /** The current replica's generation: 1 at start, +1 for every completed recycle. */
  public int generation() {
    synchronized (lock) {
      return current.number;
    }
  }

  /** Requests waiting for a worker now. */
  public int queued() {
    return workers == null ? 0 : workers.getQueue().size();
  }

  /** Waits until {@link #generation()} is at least {@code number}; false on timeout. */
  public boolean awaitGeneration(int number, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (current.number < number) {
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
   * Runs a request: on a worker (daemon mode) or on this thread (embedded), with the current
   * replica. Counts toward {@code maximum-requests}.
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
   * WsgiUnavailableException} when the queue is full (503), the wait exceeded {@code queue-timeout}
   * (504) or the group stopped before a worker took the request (503), and with whatever the task
   * threw. A host uses this to keep its own threads free while a request waits for a worker.
   */
  public <T> CompletableFuture<T> submit(Task<R, T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (workers == null) {
      complete(result, task);
      return result;
    }
    long queued = System.nanoTime();
    try {
      workers.execute(new QueuedRequest<>(result, task, queued));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          new WsgiUnavailableException(
              503, "WSGI daemon process '" + settings.name() + "' is busy or stopped"));
    }
    return result;
  }

  /** A submitted request waiting for a worker; if the pool stops first, it is refused with 503. */
  private interface Refusable {
    void refuse();
  }

  private final class QueuedRequest<T> implements Runnable, Refusable {
    final CompletableFuture<T> result;
    final Task<R, T> task;
    final long queued;

    QueuedRequest(CompletableFuture<T> result, Task<R, T> task, long queued) {
      this.result = result;
      this.task = task;
      this.queued = queued;
    }

    @Override
    public void run() {
      if (System.nanoTime() - queued > settings.queueTimeout().toNanos()) {
        result.completeExceptionally(
            new WsgiUnavailableException(
                504, "Queue timeout expired for WSGI daemon process '" + settings.name() + "'"));
        return;
      }
      complete(result, task);
    }

    @Override
    public void refuse() {
      result.completeExceptionally(
          new WsgiUnavailableException(
              503, "WSGI daemon process '" + settings.name() + "' stopped"));
    }
  }

  @SuppressWarnings("CatchingUnchecked") // every failure must reach the waiting request
  private <T> void complete(CompletableFuture<T> result, Task<R, T> task) {
    try {
      result.complete(runNow(task, true));
    } catch (IOException | WsgiUnavailableException | RuntimeException | Error e) {
      result.completeExceptionally(e);
    }
  }

  private <T> T run(Task<R, T> task, boolean counted) throws IOException, WsgiUnavailableException {
    if (workers == null) {
      return runNow(task, counted);
    }
    long queued = System.nanoTime();
    Future<T> future;
    try {
      future =
          workers.submit(
              () -> {
                if (System.nanoTime() - queued > settings.queueTimeout().toNanos()) {
                  throw new WsgiUnavailableException(
                      504,
                      "Queue timeout expired for WSGI daemon process '" + settings.name() + "'");
                }
                return runNow(task, counted);
              });
    } catch (RejectedExecutionException e) {
      throw new WsgiUnavailableException(
          503, "WSGI daemon process '" + settings.name() + "' is busy or stopped");
    }
    try {
      return Uninterruptibles.getUninterruptibly(future);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
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
  }

  private <T> T runNow(Task<R, T> task, boolean counted)
      throws IOException, WsgiUnavailableException {
    Generation generation;
    synchronized (lock) {
      if (closed) {
        throw new WsgiUnavailableException(503, "process group '" + settings.name() + "' stopped");
      }
      generation = current;
      generation.inFlight++;
    }
    try {
      return task.run(generation.replica);
    } finally {
      release(generation, counted);
    }
  }

  private void release(Generation generation, boolean counted) {
    boolean closeNow = false;
    boolean recycleNow = false;
    synchronized (lock) {
      generation.inFlight--;
      if (generation.retired && generation.inFlight == 0 && !generation.closed) {
        generation.closed = true;
        retired.remove(generation);
        closeNow = true;
      }
      if (counted && generation == current && settings.maximumRequests().isPresent()) {
        generation.remaining--;
        if (generation.remaining <= 0 && !recycling && !closed && workers != null) {
          recycling = true;
          recycleNow = true;
        }
      }
    }
    if (closeNow) {
      closeQuietly(generation);
    }
    if (recycleNow) {
      try {
        recycler.execute(this::recycle);
      } catch (RejectedExecutionException e) {
        synchronized (lock) {
          recycling = false;
        }
      }
    }
  }

  /** Builds the replacement while the old replica serves, then swaps. */
  private void recycle() {
    Generation old;
    synchronized (lock) {
      old = current;
    }
    LOG.info(
        () ->
            "Maximum requests reached for WSGI daemon process '"
                + settings.name()
                + "'; creating its replacement");
    R fresh;
    try {
      fresh = factory.create(Optional.of(old.replica));
    } catch (Exception e) {
      LOG.log(Level.SEVERE, "Could not create a replacement for '" + settings.name() + "'", e);
      synchronized (lock) {
        recycling = false;
        old.remaining = settings.maximumRequests().orElse(Integer.MAX_VALUE);
      }
      return;
    }
    boolean closeOld = false;
    boolean closeFresh = false;
    synchronized (lock) {
      if (closed) {
        closeFresh = true;
      } else {
        current = new Generation(fresh, old.number + 1);
        old.retired = true;
        if (old.inFlight == 0) {
          old.closed = true;
          closeOld = true;
        } else {
          retired.add(old);
        }
        lock.notifyAll();
      }
      recycling = false;
    }
    if (closeFresh) {
      closeQuietly(fresh);
    }
    if (closeOld) {
      closeQuietly(old);
    }
  }

  private void closeQuietly(Generation generation) {
    closeQuietly(generation.replica);
  }

  private void closeQuietly(R replica) {
    try {
      replica.close();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "Closing a replica of '" + settings.name() + "' failed", e);
    }
  }

  /**
   * Stops taking requests, waits up to {@code shutdown-timeout} for in-flight ones, and closes
   * every replica.
   */
  @Override
  public void close() {
    List<Generation> toClose = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    recycler.shutdown();
    if (workers != null) {
      workers.shutdown();
      try {
        long wait = settings.shutdownTimeout().toMillis();
        if (!workers.awaitTermination(wait, TimeUnit.MILLISECONDS)) {
          for (Runnable dropped : workers.shutdownNow()) {
            if (dropped instanceof Refusable request) {
              request.refuse();
            }
          }
        }
        recycler.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (lock) {
      for (Generation g : retired) {
        if (!g.closed) {
          g.closed = true;
          toClose.add(g);
        }
      }
      retired.clear();
      if (!current.closed) {
        current.closed = true;
        toClose.add(current);
      }
    }
    toClose.forEach(this::closeQuietly);
  }
}
