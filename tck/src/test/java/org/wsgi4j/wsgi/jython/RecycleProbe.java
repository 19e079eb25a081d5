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
        run(gateway, dispatch, Math.max(requests / 4, 2 * max), clients);
        run(gateway, steadyDispatch, Math.max(requests / 4, 2 * max), clients);
      } while (System.nanoTime() - warmUntil < 0);
      System.out.printf(
          "warm-up              %d s; JIT threads' CPU so far %.1f s%n",
          warmSeconds, parts("probe")[0] / 1e9);
      // Rounds of (steady, recycling) pairs: the machine's load moves both runs of a pair alike,
      // so the median of the pairs' differences is the figure to compare.
      List<Double> perRecycle = new ArrayList<>();
      long[] steadyParts = new long[4];
      long[] recycleParts = new long[4];
      // Each round's figures are reported after the last round: the report's own code (streams,
      // sorting, formatting) made the JIT compile for tens of milliseconds on the pinned core
      // during the next round's runs (JFR), which showed up as delayed requests.
      List<Runnable> reports = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        settle();
        long[] steadyBefore = parts("steady");
        long steadyCpu = processCpuNanos();
        long[][] steadyTimings = run(gateway, steadyDispatch, requests, clients);
        steadyCpu = processCpuNanos() - steadyCpu;
        steadyParts = plus(steadyParts, minus(parts("steady"), steadyBefore));
        windows.clear();
        synchronized (open) {
          // A creation begun in the previous run would make this run's first window span the
          // steady run in between (a "time to swap" of hundreds of ms): windows start in this run.
          open[0] = 0;
        }
        settle();
        long before = gateway.processGroup("probe").orElseThrow().stats().recycles();
        long[] recycleBefore = parts("probe");
        long recycleCpu = processCpuNanos();
        long[][] timings = run(gateway, dispatch, requests, clients);
        recycleCpu = processCpuNanos() - recycleCpu;
        recycleParts = plus(recycleParts, minus(parts("probe"), recycleBefore));
        PoolStats stats = gateway.processGroup("probe").orElseThrow().stats();
        List<long[]> roundWindows = List.copyOf(windows);
        int number = round + 1;
        long steadyCpuOfRound = steadyCpu;
        long recycleCpuOfRound = recycleCpu;
        reports.add(
            () -> {
              System.out.printf("-- round %d of %d%n", number, rounds);
              // The whole window, creation start to swap.
              report(
                  timings, roundWindows.stream().map(w -> new long[] {w[0], w[2]}).toList(), stats);
              reportPhases(timings, roundWindows, steadyTimings);
              long recycles = stats.recycles() - before;
              System.out.printf(
                  "CPU per request      steady %.1f us, recycling %.1f us (%d requests each)%n",
                  steadyCpuOfRound / 1e3 / requests, recycleCpuOfRound / 1e3 / requests, requests);
              double cost =
                  recycles == 0 ? 0 : (recycleCpuOfRound - steadyCpuOfRound) / 1e6 / recycles;
              perRecycle.add(cost);
              System.out.printf(
                  "CPU per recycle      %.2f ms (extra CPU of the recycling run / %d recycles)%n",
                  cost, recycles);
            });
      }
      reports.forEach(Runnable::run);
      List<Double> sorted = perRecycle.stream().sorted().toList();
      System.out.printf(
          "== CPU per recycle, median of %d rounds: %.2f ms (all: %s)%n",
          rounds, sorted.get(sorted.size() / 2), perRecycle);
      System.out.printf("parts, summed over the rounds:%n");
      String[] names = {"JIT threads", "GC threads", "recycler thread", "live workers"};
      for (int i = 0; i < names.length; i++) {
        System.out.printf(
            "  %-16s steady %8.1f ms, recycling %8.1f ms%n",
            names[i], steadyParts[i] / 1e6, recycleParts[i] / 1e6);
      }
    }
  }

  /**
   * Lets the compiler threads finish what the previous run queued before the next one starts: on
   * the pinned core they would otherwise compete with its requests. Each run then starts as settled
   * as the one it is compared with.
   */
  private static void settle() throws InterruptedException {
    Thread.sleep(300);
  }

  /** JIT time, GC time, the group's recycler thread CPU, its live workers' CPU (nanoseconds). */
  private static long[] parts(String group) {
    long jit = 0;
    long gc = 0;
    // The JVM's own threads (compiler, GC) from /proc: CPU, not wall time.
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
      try {
        String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        List<String> f =
            com.google.common.base.Splitter.on(' ')
                .splitToList(stat.substring(stat.lastIndexOf(')') + 2));
        long ticks = Long.parseLong(f.get(11)) + Long.parseLong(f.get(12));
        long nanos = ticks * 10_000_000L;
        if (comm.contains("Compiler")) {
          jit += nanos;
        } else if (comm.startsWith("G1") || comm.startsWith("GC")) {
          gc += nanos;
        }
      } catch (java.io.IOException | RuntimeException e) {
        // a thread that ended meanwhile
      }
    }
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long recycler = 0;
    long workers = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long cpu = threads.getThreadCpuTime(t.getId());
      if (t.getName().equals("wsgi4j-" + group + "-recycler")) {
        recycler += cpu;
      } else if (t.getName().startsWith("wsgi4j-" + group + "-")
          && !t.getName().endsWith("watchdog")) {
        workers += cpu;
      }
    }
    return new long[] {jit, gc, recycler, workers};
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

  /** CPU of the whole JVM (workers, recycler, GC and JIT threads included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long[][] run(
      JythonGateway gateway, RoutingDecision.Dispatch dispatch, int requests, int clients)
      throws Exception {
    long[][] timings = new long[requests][2];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        futures.add(
            pool.submit(
                () -> {
                  int failed = 0;
                  for (int i = client; i < requests; i += clients) {
                    BufferedWsgiResponse response = new BufferedWsgiResponse();
                    timings[i][0] = System.nanoTime();
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
    } finally {
      pool.shutdown();
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
   * rate: what a phase adds above that rate is what recycling costs the requests in it.
   */
  private static void reportPhases(long[][] timings, List<long[]> windows, long[][] steadyRun) {
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
      for (long[] g : stalls) {
        System.out.printf(
            "  stall: at %s, %.2f ms%s%n",
            wallTime(g[0]),
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
