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
 * <p>Arguments: requests (default 60000), maximum-requests (2000), threads (4), clients (4).
 */
public final class RecycleProbe {
  private RecycleProbe() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 60000;
    int max = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    Path script = GatewayFixtures.helloScript();
    ConcurrentLinkedQueue<long[]> windows = new ConcurrentLinkedQueue<>();
    long[] open = {0};
    Logger poolLog = Logger.getLogger(ProcessGroupPool.class.getName());
    poolLog.setUseParentHandlers(false);
    poolLog.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message = record.getMessage();
            long now = System.nanoTime();
            synchronized (open) {
              if (message.contains("creating its replacement")) {
                open[0] = now;
              } else if (message.contains("swapped in") && open[0] != 0) {
                windows.add(new long[] {open[0], now});
                open[0] = 0;
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
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
      gateway.preload(dispatch.target());
      run(gateway, dispatch, max, clients); // warm-up: JIT, first recycle
      windows.clear();
      long[][] timings = run(gateway, dispatch, requests, clients);
      PoolStats stats = gateway.processGroup("probe").orElseThrow().stats();
      report(timings, List.copyOf(windows), stats);
    }
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
      boolean overlaps = false;
      for (long[] w : windows) {
        if (t[0] <= w[1] && t[1] >= w[0]) {
          overlaps = true;
          break;
        }
      }
      (overlaps ? inWindow : steady).add(t[1] - t[0]);
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
    long steadyDelayed = steady.stream().filter(l -> l > 2 * p99).count();
    System.out.printf(
        "(for comparison, outside windows: %d of %d beyond 2x p99)%n",
        steadyDelayed, steady.size());
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
