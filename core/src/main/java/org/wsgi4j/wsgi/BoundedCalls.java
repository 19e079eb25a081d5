package org.wsgi4j.wsgi;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs short calls (mod_wsgi's auth scripts) with a bound on how long the caller waits, so that a
 * script stuck in {@code check_password} cannot hold a container thread forever. The call runs on
 * one of at most {@code maxThreads} daemon threads while the caller waits up to the bound; past it
 * the call's thread is interrupted (a Python {@code time.sleep} or a blocking Java call wakes up),
 * a warning with its stack is logged, and the caller gets the failure answer at once. A thread that
 * does not return is abandoned, counted in {@link #abandonedStillRunning()}, and its slot stays
 * taken; when every slot is taken a call fails at once instead of queueing. A zero bound runs calls
 * on the caller's thread, without any of this.
 */
public final class BoundedCalls implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi");

  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int ABANDONED = 3;
  private static final int GAVE_UP = 4;

  private final Duration bound;
  private final ThreadPoolExecutor pool;
  private final AtomicInteger abandoned = new AtomicInteger();

  /**
   * @param bound how long a caller waits; zero: no bound, calls run on the caller's thread
   * @param maxThreads how many calls may run at once (a stuck one keeps its slot)
   * @param threadName the threads' name prefix
   */
  public BoundedCalls(Duration bound, int maxThreads, String threadName) {
    if (bound.isNegative() || maxThreads < 1) {
      throw new IllegalArgumentException("bound " + bound + ", maxThreads " + maxThreads);
    }
    this.bound = bound;
    AtomicInteger count = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            maxThreads,
            maxThreads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, threadName + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  public Duration bound() {
    return bound;
  }

  /** Calls that passed the bound and have not returned yet. */
  public int abandonedStillRunning() {
    return abandoned.get();
  }

  /**
   * Runs {@code work}; its result, or {@code failure} applied to the reason when it throws, passes
   * the bound, or cannot start. {@code what} names the call in log lines.
   */
  public <T> T call(String what, Callable<T> work, Function<String, T> failure) {
    if (bound.isZero()) {
      try {
        return work.call();
      } catch (Exception e) {
        return failure.apply(what + " failed: " + e);
      }
    }
    AtomicReference<Thread> runner = new AtomicReference<>();
    AtomicInteger state = new AtomicInteger(QUEUED);
    Callable<T> tracked =
        () -> {
          if (!state.compareAndSet(QUEUED, RUNNING)) {
            return null; // the caller gave up while it waited for a thread
          }
          runner.set(Thread.currentThread());
          try {
            return work.call();
          } finally {
            if (!state.compareAndSet(RUNNING, DONE)) {
              abandoned.decrementAndGet();
              LOG.warning(() -> what + " returned after it was abandoned");
            }
            Thread.interrupted(); // do not hand an interrupt on to the next call on this thread
          }
        };
    Future<T> future;
    try {
      future = pool.submit(tracked);
    } catch (RejectedExecutionException e) {
      return failure.apply(what + " not run: closed");
    }
    try {
      return future.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (state.compareAndSet(QUEUED, GAVE_UP)) {
        future.cancel(false);
        String reason =
            what + " not run: no free thread within " + bound.toMillis() + " ms (all stuck?)";
        LOG.severe(reason);
        return failure.apply(reason);
      }
      if (state.compareAndSet(RUNNING, ABANDONED)) {
        abandoned.incrementAndGet();
        Thread thread = runner.get();
        String stack =
            thread == null
                ? ""
                : Arrays.stream(thread.getStackTrace())
                    .map(frame -> "\n\tat " + frame)
                    .collect(Collectors.joining());
        future.cancel(true);
        String reason = what + " did not return within " + bound.toMillis() + " ms: abandoned";
        LOG.warning(reason + stack);
        return failure.apply(reason);
      }
      return result(what, future, failure); // it returned just now
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return failure.apply(what + " interrupted");
    } catch (ExecutionException e) {
      return failure.apply(what + " failed: " + e.getCause());
    }
  }

  private static <T> T result(String what, Future<T> future, Function<String, T> failure) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure.apply(what + " interrupted");
    } catch (ExecutionException e) {
      return failure.apply(what + " failed: " + e.getCause());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
