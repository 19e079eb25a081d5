package org.wsgi4j.wsgi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request (or uncounted piece of work) on its way through a process group: queued, then run by
 * a worker, or cancelled by its caller when it waited past {@code queue-timeout}.
 *
 * @param <R> the replica type
 */
final class PoolJob<R> {
  static final int QUEUED = 0;
  static final int RUNNING = 1;
  static final int CANCELLED = 2;

  final ProcessGroupPool.Task<R, ?> task;
  final boolean counted;
  final long enqueuedNanos;

  /** Whether the pool's queue timer answers its queue-timeout (nobody waits on it). */
  final boolean timedByPool;

  final CompletableFuture<Object> result = new CompletableFuture<>();
  private final AtomicInteger state = new AtomicInteger(QUEUED);

  /** Times it was run and found its replica stale; written by workers one at a time. */
  int attempts;

  /** Set when a worker starts it; read by the watchdog. */
  volatile Thread thread;

  volatile long startedNanos;

  /** Given up on (request-timeout, drain overrun): its caller already has an answer. */
  volatile boolean abandoned;

  /**
   * When request-timeout abandoned it with an interrupt-timeout to wait out before its replica is
   * replaced; 0 when there is none. Guarded by the pool's lock.
   */
  long interruptedNanos;

  PoolJob(
      ProcessGroupPool.Task<R, ?> task, boolean counted, long enqueuedNanos, boolean timedByPool) {
    this.task = task;
    this.counted = counted;
    this.enqueuedNanos = enqueuedNanos;
    this.timedByPool = timedByPool;
  }

  /** A worker claims the job; false if its caller cancelled it first. */
  boolean start() {
    return state.compareAndSet(QUEUED, RUNNING);
  }

  /** Back to the queue (the replica was stale, or the worker's replica stopped taking work). */
  void requeue() {
    state.set(QUEUED);
  }

  /** The caller gives up waiting; false if a worker already started it. */
  boolean cancel() {
    return state.compareAndSet(QUEUED, CANCELLED);
  }
}
