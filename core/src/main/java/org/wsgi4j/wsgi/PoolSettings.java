package org.wsgi4j.wsgi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.wsgi4j.model.DaemonProcessGroup;

/**
 * How a process group runs: mod_wsgi's WSGIDaemonProcess options with their JVM meaning.
 *
 * @param name the process group name, {@code ""} for embedded mode
 * @param processes independent replicas (interpreter sets), each with {@code threads} workers
 * @param threads worker threads per replica; 0 = embedded (the caller's thread)
 * @param queueCapacity requests that may wait for a worker ({@code listen-backlog})
 * @param maximumRequests recycle a replica after this many completed requests
 * @param queueTimeout a request that waited longer is refused with 504
 * @param shutdownTimeout how long {@link ProcessGroupPool#close} waits for in-flight requests
 * @param drainLimit how long a replaced replica's in-flight requests may still run before they are
 *     abandoned ({@code graceful-timeout} + {@code shutdown-timeout}); empty = as long as they take
 * @param requestTimeout {@code request-timeout} as written; a request is abandoned (504) and its
 *     replica replaced after {@code requestTimeout × (1 + ln threads)} (mod_wsgi 6's per-thread
 *     rule)
 * @param restartInterval recycle each replica after this much life
 * @param inactivityTimeout unload the group's interpreters after this long without requests
 * @param retryDelay first wait before creating a replacement again after the factory failed
 *     (doubles per failure, capped at 16 times)
 * @param stackSize {@code stack-size}: the stack of each worker thread, in bytes (empty: the JVM's
 *     default)
 * @param displayName {@code display-name}: the worker threads' name prefix ({@code %{GROUP}}
 *     becomes {@code (wsgi:NAME)}); empty: {@code wsgi4j-NAME}
 * @param interruptTimeout {@code interrupt-timeout}: a request abandoned by request-timeout is
 *     interrupted; its replica is replaced only if the request has not returned this long after
 *     (mod_wsgi 6 injects an exception and keeps the process if it unwinds in time); empty:
 *     replaced at once
 * @param cpuTimeLimit {@code cpu-time-limit}: recycle a replica (planned, like restart-interval)
 *     once its worker threads have used this much CPU time
 */
public record PoolSettings(
    String name,
    int processes,
    int threads,
    int queueCapacity,
    OptionalInt maximumRequests,
    Duration queueTimeout,
    Duration shutdownTimeout,
    Optional<Duration> drainLimit,
    Optional<Duration> requestTimeout,
    Optional<Duration> restartInterval,
    Optional<Duration> inactivityTimeout,
    Duration retryDelay,
    OptionalLong stackSize,
    Optional<String> displayName,
    Optional<Duration> interruptTimeout,
    Optional<Duration> cpuTimeLimit) {

  /** mod_wsgi's defaults. */
  public static final int DEFAULT_LISTEN_BACKLOG = 100;

  public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(45);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_GRACEFUL_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

  /** Stands for mod_wsgi's "0 = no timeout" where a duration is needed. */
  static final Duration FOREVER = Duration.ofDays(365);

  public PoolSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(maximumRequests, "maximumRequests");
    Objects.requireNonNull(queueTimeout, "queueTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(drainLimit, "drainLimit");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(restartInterval, "restartInterval");
    Objects.requireNonNull(inactivityTimeout, "inactivityTimeout");
    Objects.requireNonNull(retryDelay, "retryDelay");
    Objects.requireNonNull(stackSize, "stackSize");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(interruptTimeout, "interruptTimeout");
    Objects.requireNonNull(cpuTimeLimit, "cpuTimeLimit");
    if (threads < 0 || queueCapacity < 1 || processes < 1) {
      throw new IllegalArgumentException("threads >= 0, processes >= 1 and queueCapacity >= 1");
    }
    if (threads == 0 && processes != 1) {
      throw new IllegalArgumentException("embedded mode has one replica");
    }
    if (maximumRequests.isPresent() && maximumRequests.getAsInt() < 1) {
      throw new IllegalArgumentException("maximumRequests >= 1");
    }
  }

  /** One replica of {@code threads} workers, no timeouts but the queue's and shutdown's. */
  public static PoolSettings daemon(String name, int threads, int queueCapacity) {
    return new PoolSettings(
        name,
        1,
        threads,
        queueCapacity,
        OptionalInt.empty(),
        DEFAULT_QUEUE_TIMEOUT,
        DEFAULT_SHUTDOWN_TIMEOUT,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_RETRY_DELAY,
        OptionalLong.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** {@code startup-timeout=s} of a daemon group, if written and not 0. */
  public static Optional<Duration> startupTimeout(DaemonProcessGroup daemon) {
    return new DaemonOptionValues(daemon).positiveSeconds("startup-timeout");
  }

  /**
   * How long a daemon group replaced by a configuration reload may finish the requests it already
   * has before it is closed (and then given {@code shutdown-timeout}, as {@link
   * ProcessGroupPool#close} does): mod_wsgi's drain on the graceful-restart signal, {@code
   * eviction-timeout} if written and not 0, else {@code graceful-timeout} (15 s unless written).
   */
  public static Duration reloadGrace(DaemonProcessGroup daemon) {
    DaemonOptionValues options = new DaemonOptionValues(daemon);
    return options
        .positiveSeconds("eviction-timeout")
        .or(() -> options.seconds("graceful-timeout"))
        .orElse(DEFAULT_GRACEFUL_TIMEOUT);
  }

  /** Embedded mode: the caller's thread, no recycling. */
  public static PoolSettings embedded() {
    return daemon("", 0, 1);
  }

  /**
   * A WSGIDaemonProcess. {@code threads=0} (mod_wsgi's service mode) gets one worker. The drain
   * limit is only set when {@code graceful-timeout} or {@code shutdown-timeout} is written: by
   * default a replaced replica's requests are never cut off (mod_wsgi would after 15 + 5 s).
   */
  public static PoolSettings of(DaemonProcessGroup daemon) {
    DaemonOptionValues options = new DaemonOptionValues(daemon);
    OptionalInt max = daemon.maximumRequests();
    if (max.isPresent() && max.getAsInt() <= 0) {
      max = OptionalInt.empty();
    }
    Optional<Duration> drain = Optional.empty();
    if (options.written("graceful-timeout") || options.written("shutdown-timeout")) {
      drain =
          Optional.of(
              options
                  .seconds("graceful-timeout")
                  .orElse(DEFAULT_GRACEFUL_TIMEOUT)
                  .plus(options.seconds("shutdown-timeout").orElse(DEFAULT_SHUTDOWN_TIMEOUT)));
    }
    return new PoolSettings(
        daemon.name(),
        Math.max(1, daemon.processes()),
        Math.max(1, daemon.threads()),
        Math.max(1, options.integer("listen-backlog").orElse(DEFAULT_LISTEN_BACKLOG)),
        max,
        options.timeout("queue-timeout").orElse(DEFAULT_QUEUE_TIMEOUT),
        options.seconds("shutdown-timeout").orElse(DEFAULT_SHUTDOWN_TIMEOUT),
        drain,
        options.positiveSeconds("request-timeout"),
        options.positiveSeconds("restart-interval"),
        options.positiveSeconds("inactivity-timeout"),
        DEFAULT_RETRY_DELAY,
        options.integer("stack-size").filter(v -> v > 0).stream().mapToLong(v -> v).findFirst(),
        Optional.ofNullable(daemon.options().get("display-name"))
            .filter(v -> !v.isEmpty())
            .map(v -> v.replace("%{GROUP}", "(wsgi:" + daemon.name() + ")")),
        options.positiveSeconds("interrupt-timeout"),
        options.positiveSeconds("cpu-time-limit"));
  }

  public PoolSettings withProcesses(int value) {
    return new PoolSettings(
        name,
        value,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        shutdownTimeout,
        drainLimit,
        requestTimeout,
        restartInterval,
        inactivityTimeout,
        retryDelay,
        stackSize,
        displayName,
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withMaximumRequests(int value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        OptionalInt.of(value),
        queueTimeout,
        shutdownTimeout,
        drainLimit,
        requestTimeout,
        restartInterval,
        inactivityTimeout,
        retryDelay,
        stackSize,
        displayName,
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withQueueTimeout(Duration value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        value,
        shutdownTimeout,
        drainLimit,
        requestTimeout,
        restartInterval,
        inactivityTimeout,
        retryDelay,
        stackSize,
        displayName,
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withShutdownTimeout(Duration value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        value,
        drainLimit,
        requestTimeout,
        restartInterval,
        inactivityTimeout,
        retryDelay,
        stackSize,
        displayName,
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withDrainLimit(Duration value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        shutdownTimeout,
        Optional.of(value),
        requestTimeout,
        restartInterval,
        inactivityTimeout,
        retryDelay,
        stackSize,
        displayName,
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withRequestTimeout(Duration value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        shutdownTimeout,
        drainLimit,
        Optional.of(value),
        restartInterval,
        inactivityTimeout,
        retryDelay,
        stackSize,
        displayName,
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withRestartInterval(Duration value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        shutdownTimeout,
        drainLimit,
        requestTimeout,
        Optional.of(value),
        inactivityTimeout,
        retryDelay,
        stackSize,
        displayName,
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withInactivityTimeout(Duration value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        shutdownTimeout,
        drainLimit,
        requestTimeout,
        restartInterval,
        Optional.of(value),
        retryDelay,
        stackSize,
        displayName,
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withRetryDelay(Duration value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        shutdownTimeout,
        drainLimit,
        requestTimeout,
        restartInterval,
        inactivityTimeout,
        value,
        stackSize,
        displayName,
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withStackSize(long value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        shutdownTimeout,
        drainLimit,
        requestTimeout,
        restartInterval,
        inactivityTimeout,
        retryDelay,
        OptionalLong.of(value),
        displayName,
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withDisplayName(String value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        shutdownTimeout,
        drainLimit,
        requestTimeout,
        restartInterval,
        inactivityTimeout,
        retryDelay,
        stackSize,
        Optional.of(value),
        interruptTimeout,
        cpuTimeLimit);
  }

  public PoolSettings withInterruptTimeout(Duration value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        shutdownTimeout,
        drainLimit,
        requestTimeout,
        restartInterval,
        inactivityTimeout,
        retryDelay,
        stackSize,
        displayName,
        Optional.of(value),
        cpuTimeLimit);
  }

  public PoolSettings withCpuTimeLimit(Duration value) {
    return new PoolSettings(
        name,
        processes,
        threads,
        queueCapacity,
        maximumRequests,
        queueTimeout,
        shutdownTimeout,
        drainLimit,
        requestTimeout,
        restartInterval,
        inactivityTimeout,
        retryDelay,
        stackSize,
        displayName,
        interruptTimeout,
        Optional.of(value));
  }

  /**
   * How long one request may run before it is abandoned: mod_wsgi 6 judges each thread alone and
   * scales the limit with the thread count, {@code s × (1 + ln threads)} (threads=1 → s).
   */
  public Optional<Duration> effectiveRequestTimeout() {
    return requestTimeout.map(
        s -> Duration.ofNanos((long) (s.toNanos() * (1 + Math.log(Math.max(1, threads))))));
  }

  /** Whether requests run on the caller's thread. */
  public boolean embeddedMode() {
    return threads == 0;
  }
}
