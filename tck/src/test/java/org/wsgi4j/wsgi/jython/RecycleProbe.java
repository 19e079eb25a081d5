package org.wsgi4j.wsgi.jython;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.PoolStats;
import org.wsgi4j.wsgi.ProcessGroupPool;

/**
 * What a recycle costs the requests around it: hello-world through a daemon group with {@code
 * maximum-requests}, several client threads, every request's start and end recorded; the pool's log
 * gives each recycle's window (replacement creation start to swap). Prints the time to swap, the
 * steady p99 (requests outside every window), and how many requests inside a window took longer
 * than twice that. Run by {@code bench/gateway --recycle}; not a test.
 *
 * <p>Arguments: requests (default 60000), maximum-requests (2000), threads (4), clients (4), rounds
 * of (steady, recycling) pairs (1), seconds of warm-up before the rounds (0: one short warm-up).
 */
public final class RecycleProbe {
  private RecycleProbe() {}

  /**
   * Requests per second, all clients together, for an open-loop run ({@code -Dprobe.rate}); 0, the
   * default, for closed loop: each client sends its next request when the last one returns.
   */
  private static final int RATE = Integer.getInteger("probe.rate", 0);

  /** A run whose compiler threads used less CPU than this had no compilation worth counting. */
  private static final long JIT_QUIET_NANOS = 1_000_000;

  private static final boolean GC_BETWEEN_RUNS =
      Boolean.parseBoolean(System.getProperty("probe.gcBetweenRuns", "true"));

  /** What {@link #parts} reports, in its order. */
  private static final String[] PART_NAMES = {
    "JIT threads",
    "GC and VM threads",
    "other JVM threads",
    "recycler thread",
    "live workers",
    "clients"
  };

  /** Adds to System.nanoTime() to give wall time, to match a delayed request with JFR events. */
  private static final long EPOCH_OFFSET_NANOS = epochOffsetNanos();

  /** The wall time of a System.nanoTime() reading. */
  private static java.time.Instant wallTime(long nanoTime) {
    return java.time.Instant.ofEpochSecond(0, EPOCH_OFFSET_NANOS + nanoTime);
  }

  private static long epochOffsetNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
  }

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 60000;
    int max = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    int warmSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    Path script = GatewayFixtures.helloScript();
    ConcurrentLinkedQueue<long[]> windows = new ConcurrentLinkedQueue<>();
    // Each window: {creation start, replacement ready, swap}.
    long[] open = {0, 0};
    Logger poolLog = Logger.getLogger(ProcessGroupPool.class.getName());
    poolLog.setUseParentHandlers(false);
    poolLog.setLevel(java.util.logging.Level.FINE);
    poolLog.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message = record.getMessage();
            long now = System.nanoTime();
            synchronized (open) {
              if (message.contains("creating its replacement")) {
                open[0] = now;
                open[1] = 0;
              } else if (message.contains("replacement ready") && open[0] != 0) {
                open[1] = now;
              } else if (message.contains("swapped in") && open[0] != 0) {
                windows.add(new long[] {open[0], open[1] == 0 ? now : open[1], now});
                open[0] = 0;
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    GcPauses.listen();
    ExecutorService clientThreads =
        Executors.newFixedThreadPool(
            clients,
            new com.google.common.util.concurrent.ThreadFactoryBuilder()
                .setNameFormat("probe-client-%d")
                .build());
    try (JythonGateway gateway = new JythonGateway()) {
      RoutingDecision.Dispatch dispatch =
          GatewayFixtures.dispatch(
              script,
              Optional.of(
                  GatewayFixtures.daemon(
                      "probe",
                      Map.of(
                          "threads",
                          Integer.toString(threads),
                          "maximum-requests",
                          Integer.toString(max)))));
      RoutingDecision.Dispatch steadyDispatch =
          GatewayFixtures.dispatch(
              script,
              Optional.of(
                  GatewayFixtures.daemon("steady", Map.of("threads", Integer.toString(threads)))));
      gateway.preload(dispatch.target());
      gateway.preload(steadyDispatch.target());
      // Warm-up: JIT, first recycles; the steady group as long as the recycling one. A recycle
      // runs Jython's interpreter set-up once per maximum-requests requests, so that code reaches
      // the optimising compiler only after minutes: give warmSeconds to measure a settled JVM.
      long warmUntil = System.nanoTime() + warmSeconds * 1_000_000_000L;
      do {
        // Closed loop even when the rounds are open loop (-Dprobe.rate): as fast as the core goes,
        // for as many recycles as possible. At 15,000 requests/s, 240 s left the recycle's code
        // still compiling in the measured rounds (JIT threads: up to 165 ms in a recycling run,
        // under 20 in the steady runs).
        run(gateway, dispatch, Math.max(requests / 4, 2 * max), clientThreads, clients, 0);
        run(gateway, steadyDispatch, Math.max(requests / 4, 2 * max), clientThreads, clients, 0);
      } while (System.nanoTime() - warmUntil < 0);
      System.out.printf(
          "warm-up              %d s; JIT threads' CPU so far %.1f s%n",
          warmSeconds, parts("probe")[0] / 1e9);
      // Rounds of (steady, recycling) pairs: the machine's load moves both runs of a pair alike,
      // so the median of the pairs' differences is the figure to compare.
      List<Double> perRecycle = new ArrayList<>();
      List<long[]> beyondPerRound = new ArrayList<>();
      List<Long> recyclesPerRound = new ArrayList<>();
      List<Boolean> compilerQuiet = new ArrayList<>();
      long[] steadyParts = new long[PART_NAMES.length];
      long[] recycleParts = new long[PART_NAMES.length];
      // Each round's figures are reported after the last round: the report's own code (streams,
      // sorting, formatting) made the JIT compile for tens of milliseconds on the pinned core
      // during the next round's runs (JFR), which showed up as delayed requests.
      List<Runnable> reports = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        settle();
        long[] steadyBefore = parts("steady");
        long[][] steadyTimings =
            run(gateway, steadyDispatch, requests, clientThreads, clients, RATE);
        long[] steadyRun = minus(parts("steady"), steadyBefore);
        steadyParts = plus(steadyParts, steadyRun);
        windows.clear();
        synchronized (open) {
          // A creation begun in the previous run would make this run's first window span the
          // steady run in between (a "time to swap" of hundreds of ms): windows start in this run.
          open[0] = 0;
        }
        settle();
        PoolStats statsBefore = gateway.processGroup("probe").orElseThrow().stats();
        long[] recycleBefore = parts("probe");
        long[][] timings = run(gateway, dispatch, requests, clientThreads, clients, RATE);
        long[] recycleRun = minus(parts("probe"), recycleBefore);
        recycleParts = plus(recycleParts, recycleRun);
        PoolStats stats = gateway.processGroup("probe").orElseThrow().stats();
        List<long[]> roundWindows = List.copyOf(windows);
        int number = round + 1;
        long steadyCpuOfRound = Arrays.stream(steadyRun).sum();
        long recycleCpuOfRound = Arrays.stream(recycleRun).sum();
        reports.add(
            () -> {
              System.out.printf("-- round %d of %d%n", number, rounds);
              // The whole window, creation start to swap.
              report(
                  timings, roundWindows.stream().map(w -> new long[] {w[0], w[2]}).toList(), stats);
              beyondPerRound.add(reportPhases(timings, roundWindows, steadyTimings));
              // JIT_QUIET_NANOS: see reportDelayed.
              compilerQuiet.add(steadyRun[0] < JIT_QUIET_NANOS && recycleRun[0] < JIT_QUIET_NANOS);
              long recycles = stats.recycles() - statsBefore.recycles();
              recyclesPerRound.add(recycles);
              System.out.printf(
                  "late replacements   %d of %d recycles: the generation reached its count first,"
                      + " and its workers waited%n",
                  stats.stoppedAtCount() - statsBefore.stoppedAtCount(), recycles);
              System.out.printf(
                  "CPU per request      steady %.1f us, recycling %.1f us (%d requests each)%n",
                  steadyCpuOfRound / 1e3 / requests, recycleCpuOfRound / 1e3 / requests, requests);
              double cost =
                  recycles == 0 ? 0 : (recycleCpuOfRound - steadyCpuOfRound) / 1e6 / recycles;
              perRecycle.add(cost);
              System.out.printf(
                  "CPU per recycle      %.2f ms (extra CPU of the recycling run / %d recycles)%n",
                  cost, recycles);
              System.out.printf("CPU by thread, steady run / recycling run:");
              for (int i = 0; i < PART_NAMES.length; i++) {
                System.out.printf(
                    "%s %s %.1f / %.1f ms",
                    i == 0 ? "" : ",", PART_NAMES[i], steadyRun[i] / 1e6, recycleRun[i] / 1e6);
              }
              System.out.println();
            });
      }
      reports.forEach(Runnable::run);
      System.out.printf(
          "== beyond 2x the steady run's p99, per round: steady %s, recycling %s%n",
          beyondPerRound.stream().map(b -> b[0]).toList(),
          beyondPerRound.stream().map(b -> b[1]).toList());
      reportDelayed("all rounds", beyondPerRound, recyclesPerRound);
      List<Integer> quiet =
          java.util.stream.IntStream.range(0, rounds).filter(compilerQuiet::get).boxed().toList();
      if (quiet.size() > 1) {
        reportDelayed(
            "rounds without compilations",
            quiet.stream().map(beyondPerRound::get).toList(),
            quiet.stream().map(recyclesPerRound::get).toList());
      }
      List<Double> sorted = perRecycle.stream().sorted().toList();
      System.out.printf(
          "== CPU per recycle, median of %d rounds: %.2f ms (all: %s)%n",
          rounds, sorted.get(sorted.size() / 2), perRecycle);
      System.out.printf("parts, summed over the rounds:%n");
      for (int i = 0; i < PART_NAMES.length; i++) {
        System.out.printf(
            "  %-18s steady %8.1f ms, recycling %8.1f ms%n",
            PART_NAMES[i], steadyParts[i] / 1e6, recycleParts[i] / 1e6);
      }
    } finally {
      clientThreads.shutdown();
    }
  }

  /**
   * Lets the compiler threads finish what the previous run queued before the next one starts: on
   * the pinned core they would otherwise compete with its requests. Each run then starts as settled
   * as the one it is compared with.
   */
  private static void settle() throws InterruptedException {
    // Each run starts with an empty young generation, so that no collection falls into one run of
    // a pair and not the other: on one core a young pause took 2-9 ms and its safepoint 4-14 ms,
    // and every request around it waited. A run of 10,000 requests allocates 110-120 MB, a young
    // generation holds about 270 MB, and a recycle adds about 80 KB (-Xlog:gc, ThreadMXBean).
    // -Dprobe.gcBetweenRuns=false leaves collections where they fall.
    if (GC_BETWEEN_RUNS) {
      System.gc();
    }
    Thread.sleep(300);
  }

  /**
   * CPU by thread (nanoseconds, in {@link #PART_NAMES}' order): the JVM's compiler threads, its GC
   * and VM threads (the serial collector runs on the VM thread), its other threads, the group's
   * recycler, the group's live workers, and the probe's clients. From {@code
   * /proc/self/task/N/schedstat}, whose first field is the time on a CPU in nanoseconds ({@code
   * stat} counts 10 ms ticks, too coarse for one run).
   */
  private static long[] parts(String group) {
    long[] parts = new long[PART_NAMES.length];
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
      try {
        // comm is the thread's name cut to 15 characters.
        String comm = java.nio.file.Files.readString(task.toPath().resolve("comm")).strip();
        String schedstat = java.nio.file.Files.readString(task.toPath().resolve("schedstat"));
        long nanos = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        parts[partOf(comm, group)] += nanos;
      } catch (java.io.IOException | RuntimeException e) {
        // a thread that ended meanwhile
      }
    }
    return parts;
  }

  private static int partOf(String comm, String group) {
    if (comm.contains("CompilerThre")) {
      return 0;
    } else if (comm.startsWith("VM Thread") || comm.startsWith("GC") || comm.startsWith("G1")) {
      return 1;
    } else if (comm.equals(comm("wsgi4j-" + group + "-recycler"))) {
      return 3;
    } else if (comm.startsWith(comm("wsgi4j-" + group))
        && !comm.equals(comm("wsgi4j-" + group + "-watchdog"))) {
      return 4;
    } else if (comm.startsWith("probe-client")) {
      return 5;
    }
    return 2;
  }

  /** A thread name as /proc shows it. */
  private static String comm(String threadName) {
    return threadName.substring(0, Math.min(15, threadName.length()));
  }

  private static long[] plus(long[] a, long[] b) {
    long[] d = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] + b[i];
    }
    return d;
  }

  private static long[] minus(long[] a, long[] b) {
    long[] d = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  /**
   * One run of {@code requests} requests from {@code clients} client threads (the same threads for
   * every run, so that their CPU stays in {@link #parts}), {@code rate} a second in all, or closed
   * loop for 0.
   */
  private static long[][] run(
      JythonGateway gateway,
      RoutingDecision.Dispatch dispatch,
      int requests,
      ExecutorService clientThreads,
      int clients,
      int rate)
      throws Exception {
    long[][] timings = new long[requests][2];
    // Open loop (-Dprobe.rate): request i is due at origin + i / rate, whether or not earlier ones
    // have returned, and its latency counts from when it was due, so a stall delays every request
    // due during it, as it would a server's arrivals (no coordinated omission).
    long interval = rate > 0 ? 1_000_000_000L / rate : 0;
    long origin = System.nanoTime() + 2_000_000;
    List<Future<Integer>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(
          clientThreads.submit(
              () -> {
                int failed = 0;
                for (int i = client; i < requests; i += clients) {
                  BufferedWsgiResponse response = new BufferedWsgiResponse();
                  if (interval > 0) {
                    long due = origin + i * interval;
                    for (long wait = due - System.nanoTime();
                        wait > 0;
                        wait = due - System.nanoTime()) {
                      LockSupport.parkNanos(wait);
                    }
                    timings[i][0] = due;
                  } else {
                    timings[i][0] = System.nanoTime();
                  }
                  gateway.handle(dispatch, GatewayFixtures.get(), response);
                  timings[i][1] = System.nanoTime();
                  if (response.status() != 200) {
                    failed++;
                  }
                }
                return failed;
              }));
    }
    int failed = 0;
    for (Future<Integer> f : futures) {
      failed += f.get();
    }
    if (failed > 0) {
      throw new IllegalStateException(failed + " requests failed");
    }
    return timings;
  }

  private static void report(long[][] timings, List<long[]> windows, PoolStats stats) {
    List<Long> steady = new ArrayList<>();
    List<Long> inWindow = new ArrayList<>();
    for (long[] t : timings) {
      (overlapsAny(t, windows) ? inWindow : steady).add(t[1] - t[0]);
    }
    long p99 = percentile(steady, 0.99);
    long delayed = inWindow.stream().filter(l -> l > 2 * p99).count();
    long[] swaps = windows.stream().mapToLong(w -> w[1] - w[0]).sorted().toArray();
    System.out.printf("requests             %d (0 failed)%n", timings.length);
    System.out.printf("recycles             %d (pool: %s)%n", windows.size(), stats);
    System.out.printf(
        "time to swap         median %.1f ms, max %.1f ms (creation + preload, old one serving)%n",
        swaps.length == 0 ? 0 : swaps[swaps.length / 2] / 1e6,
        swaps.length == 0 ? 0 : swaps[swaps.length - 1] / 1e6);
    System.out.printf(
        "steady               p50 %.1f us, p99 %.1f us (%d requests)%n",
        percentile(steady, 0.5) / 1e3, p99 / 1e3, steady.size());
    System.out.printf(
        "in recycle windows   p99 %.1f us, max %.1f us (%d requests)%n",
        percentile(inWindow, 0.99) / 1e3,
        inWindow.isEmpty()
            ? 0
            : inWindow.stream().mapToLong(Long::longValue).max().getAsLong() / 1e3,
        inWindow.size());
    System.out.printf(
        "delayed beyond 2x steady p99 inside windows: %d of %d%n", delayed, inWindow.size());
    List<long[]> pauses = GcPauses.all();
    long delayedInGc = 0;
    for (long[] t : timings) {
      if (t[1] - t[0] <= 2 * p99 || !overlapsAny(t, windows)) {
        continue;
      }
      if (overlapsAny(t, pauses)) {
        delayedInGc++;
      }
      // -Dprobe.debug=true: where each delayed request sat relative to the recycles around it.
      if (Boolean.getBoolean("probe.debug")) {
        for (long[] w : windows) {
          if (t[0] <= w[1] && t[1] >= w[0]) {
            long lastSwap = Long.MIN_VALUE;
            for (long[] v : windows) {
              if (v[1] <= t[0] && v[1] > lastSwap) {
                lastSwap = v[1];
              }
            }
            System.out.printf(
                "  delayed: at %s, start %+.1f ms, end %+.1f ms from the start of a %.1f ms"
                    + " window, took %.1f ms; %s%n",
                wallTime(t[0]),
                (t[0] - w[0]) / 1e6,
                (t[1] - w[0]) / 1e6,
                (w[1] - w[0]) / 1e6,
                (t[1] - t[0]) / 1e6,
                lastSwap == Long.MIN_VALUE
                    ? "no swap before it"
                    : String.format("%.1f ms after the previous swap", (t[0] - lastSwap) / 1e6));
          }
        }
      }
    }
    System.out.printf(
        "  of which overlapping a GC pause: %d (GC pauses so far: %d, longest %.1f ms)%n",
        delayedInGc,
        pauses.size(),
        pauses.stream().mapToLong(w -> w[1] - w[0]).max().orElse(0) / 1e6);
    long steadyDelayed = steady.stream().filter(l -> l > 2 * p99).count();
    System.out.printf(
        "(for comparison, outside windows: %d of %d beyond 2x p99)%n",
        steadyDelayed, steady.size());
  }

  /**
   * The recycling run's requests by the phase of a recycle they overlapped (creating the
   * replacement; replacement ready, the old generation serving to its count; the first millisecond
   * after a swap; none of these), each against the p99 of the steady group's run just before (the
   * same load without recycling), with the steady run's own share beyond twice that p99 as the base
   * rate: what a phase adds above that rate is what recycling costs the requests in it. Returns how
   * many requests of the steady run and of the recycling run took longer than twice the steady
   * run's p99.
   */
  private static long[] reportPhases(long[][] timings, List<long[]> windows, long[][] steadyRun) {
    List<Long> steadyLatencies = new ArrayList<>();
    for (long[] t : steadyRun) {
      steadyLatencies.add(t[1] - t[0]);
    }
    long p99 = percentile(steadyLatencies, 0.99);
    // A stall: no request of the run completed for longer than the steady p99. On a saturated core
    // that means the core ran something else (a compiler or GC thread's time slice, the recycler)
    // or the workers queued for a lock; every request in flight then waits for it.
    List<long[]> steadyStalls = stalls(steadyRun, p99);
    List<long[]> stalls = stalls(timings, p99);
    long afterSwap = 1_000_000L;
    String[] names = {"creating", "ready, old serving", "1 ms after a swap", "elsewhere"};
    long[] counts = new long[4];
    long[] beyond = new long[4];
    long[] beyondInStall = new long[4];
    long[] longest = new long[4];
    for (long[] t : timings) {
      int phase = 3;
      for (long[] w : windows) {
        if (t[0] <= w[1] && t[1] >= w[0]) {
          phase = Math.min(phase, 0);
        } else if (t[0] <= w[2] && t[1] >= w[1]) {
          phase = Math.min(phase, 1);
        } else if (t[0] <= w[2] + afterSwap && t[1] >= w[2]) {
          phase = Math.min(phase, 2);
        }
      }
      long took = t[1] - t[0];
      counts[phase]++;
      longest[phase] = Math.max(longest[phase], took);
      if (took > 2 * p99) {
        beyond[phase]++;
        if (overlapsAny(t, stalls)) {
          beyondInStall[phase]++;
        }
      }
    }
    long[] creations = windows.stream().mapToLong(w -> w[1] - w[0]).sorted().toArray();
    if (creations.length > 0) {
      System.out.printf(
          "creating (wall)      median %.1f us, max %.1f us%n",
          creations[creations.length / 2] / 1e3, creations[creations.length - 1] / 1e3);
    }
    long steadyBeyond = steadyLatencies.stream().filter(l -> l > 2 * p99).count();
    long steadyBeyondInStall =
        java.util.stream.IntStream.range(0, steadyRun.length)
            .filter(
                i -> steadyLatencies.get(i) > 2 * p99 && overlapsAny(steadyRun[i], steadyStalls))
            .count();
    System.out.printf(
        "steady run           p99 %.1f us; beyond 2x: %d of %d (%.2f%%), the base rate; %d of"
            + " them in a stall%n",
        p99 / 1e3,
        steadyBeyond,
        steadyRun.length,
        100.0 * steadyBeyond / steadyRun.length,
        steadyBeyondInStall);
    System.out.printf(
        "stalls (no request completing for longer than that p99): steady run %s; recycling run"
            + " %s, %d of them overlapping a creation%n",
        describe(steadyStalls),
        describe(stalls),
        stalls.stream().filter(g -> overlapsAny(g, windows)).count());
    if (Boolean.getBoolean("probe.debug")) {
      // nanoTime too: -Xlog's "tn" decorator gives the same clock, to match safepoints and GC.
      for (long[] g : steadyStalls) {
        System.out.printf(
            "  steady stall: at %s (nanoTime %d), %.2f ms%n",
            wallTime(g[0]), g[0], (g[1] - g[0]) / 1e6);
      }
      for (long[] g : stalls) {
        System.out.printf(
            "  stall: at %s (nanoTime %d), %.2f ms%s%n",
            wallTime(g[0]),
            g[0],
            (g[1] - g[0]) / 1e6,
            overlapsAny(g, windows) ? ", overlapping a creation" : "");
      }
    }
    for (int i = 0; i < names.length; i++) {
      System.out.printf(
          "  %-20s beyond 2x the steady run's p99: %d of %d (%.2f%%), %d of them in a stall;"
              + " longest %.1f us%n",
          names[i],
          beyond[i],
          counts[i],
          counts[i] == 0 ? 0 : 100.0 * beyond[i] / counts[i],
          beyondInStall[i],
          longest[i] / 1e3);
    }
    return new long[] {steadyBeyond, Arrays.stream(beyond).sum()};
  }

  /**
   * The figure for the target "no request delayed by a recycle beyond 2x the steady p99": a request
   * is delayed by a recycle when it would not have been slow without one, so what counts is how
   * many more requests the recycling run has beyond 2x the steady run's p99 than the steady run
   * itself, round by round. Both runs have some (a compiler thread's slice, a lock convoy), and how
   * many moves a lot from round to round; the mean difference comes with a bootstrap interval over
   * the rounds (fixed seed, so a log can be checked). Printed a second time for the rounds in which
   * the compiler threads used less than {@link #JIT_QUIET_NANOS} in both runs: a C2 compilation
   * takes the pinned core for 0.7-4.7 ms (perf sched), delaying every request of whichever run it
   * falls into, and after a 240 s warm-up the code that runs once per recycle was still being
   * compiled in the first rounds. Those rounds say what a recycle costs a settled JVM.
   */
  private static void reportDelayed(
      String which, List<long[]> beyondPerRound, List<Long> recyclesPerRound) {
    int rounds = beyondPerRound.size();
    double[] excess = beyondPerRound.stream().mapToDouble(b -> b[1] - b[0]).toArray();
    double mean = Arrays.stream(excess).average().orElse(0);
    double[] resampled = new double[10_000];
    java.util.Random random = new java.util.Random(1);
    for (int b = 0; b < resampled.length; b++) {
      double sum = 0;
      for (int i = 0; i < rounds; i++) {
        sum += excess[random.nextInt(rounds)];
      }
      resampled[b] = sum / rounds;
    }
    Arrays.sort(resampled);
    double recycles = recyclesPerRound.stream().mapToLong(Long::longValue).average().orElse(1);
    // The median too: a round whose steady run met a long stall pulls the mean down.
    double[] sortedExcess = excess.clone();
    Arrays.sort(sortedExcess);
    double median =
        rounds % 2 == 1
            ? sortedExcess[rounds / 2]
            : (sortedExcess[rounds / 2 - 1] + sortedExcess[rounds / 2]) / 2;
    System.out.printf(
        "== delayed by recycles (recycling minus steady), %s: mean %.1f a run, %.2f a recycle;"
            + " 95%% interval of the mean %.1f to %.1f; median %.1f (%d rounds, %.0f recycles a"
            + " run)%n",
        which,
        mean,
        mean / recycles,
        resampled[resampled.length * 25 / 1000],
        resampled[resampled.length * 975 / 1000],
        median,
        rounds,
        recycles);
  }

  /** The gaps longer than {@code minGap} between one completion of the run and the next. */
  private static List<long[]> stalls(long[][] run, long minGap) {
    long[] ends = Arrays.stream(run).mapToLong(t -> t[1]).sorted().toArray();
    List<long[]> gaps = new ArrayList<>();
    for (int i = 1; i < ends.length; i++) {
      if (ends[i] - ends[i - 1] > minGap) {
        gaps.add(new long[] {ends[i - 1], ends[i]});
      }
    }
    return gaps;
  }

  private static String describe(List<long[]> stalls) {
    long total = stalls.stream().mapToLong(g -> g[1] - g[0]).sum();
    long max = stalls.stream().mapToLong(g -> g[1] - g[0]).max().orElse(0);
    return String.format(
        "%d (%.1f ms in all, longest %.2f ms)", stalls.size(), total / 1e6, max / 1e6);
  }

  private static boolean overlapsAny(long[] t, List<long[]> spans) {
    for (long[] w : spans) {
      if (t[0] <= w[1] && t[1] >= w[0]) {
        return true;
      }
    }
    return false;
  }

  private static long percentile(List<Long> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
  }
}
