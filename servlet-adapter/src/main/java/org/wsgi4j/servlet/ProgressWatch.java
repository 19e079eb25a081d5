package org.wsgi4j.servlet;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches the exchanges in flight for mod_wsgi's {@code socket-timeout} with one periodic sweep,
 * instead of a timer scheduled and cancelled for every request (which costs a heap operation under
 * the scheduler's lock and, now and then, a thread switch per request). The sweep runs every
 * quarter of the shortest timeout it watches, between 10 ms and 1 s, so a timeout fires at most a
 * quarter late.
 */
final class ProgressWatch {
  private static final Logger LOG = Logger.getLogger(ProgressWatch.class.getName());
  private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ScheduledExecutorService scheduler;
  private final Set<AsyncExchange> watched = ConcurrentHashMap.newKeySet();

  /** The sweep's period; Long.MAX_VALUE until the first exchange is watched. */
  private volatile long periodNanos = Long.MAX_VALUE;

  // Guarded by this.
  private ScheduledFuture<?> sweep;

  ProgressWatch(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Watches {@code exchange} until {@link #forget}; {@code timeout} sets how often to look. */
  void watch(AsyncExchange exchange, Duration timeout) {
    watched.add(exchange);
    long wanted = Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, timeout.toNanos() / 4));
    if (wanted < periodNanos) {
      reschedule(wanted);
    }
  }

  void forget(AsyncExchange exchange) {
    watched.remove(exchange);
  }

  private synchronized void reschedule(long wanted) {
    if (wanted >= periodNanos) {
      return;
    }
    try {
      ScheduledFuture<?> next =
          scheduler.scheduleWithFixedDelay(this::sweep, wanted, wanted, TimeUnit.NANOSECONDS);
      if (sweep != null) {
        sweep.cancel(false);
      }
      sweep = next;
      periodNanos = wanted;
    } catch (RejectedExecutionException e) {
      LOG.log(Level.FINE, "socket-timeout watch stopped", e);
    }
  }

  /** A failure must not end the schedule (an exception would cancel it silently). */
  private void sweep() {
    long now = System.nanoTime();
    for (AsyncExchange exchange : watched) {
      try {
        exchange.checkProgress(now);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "socket-timeout check failed", e);
      }
    }
  }
}
