package org.wsgi4j.tck.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.model.ServerConfig;

/**
 * Wall time of one cold load of the largest generated configuration (first load in a fresh JVM,
 * class loading and JIT warm-up included) and the heap the {@link ServerConfig} model retains at
 * each size: used heap after full GCs with the model held, minus used heap after full GCs without
 * it. Usage: {@code ModelFootprint [vhosts...]} (default 10000).
 */
public final class ModelFootprint {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private ModelFootprint() {}

  public static void main(String[] args) throws IOException {
    int[] sizes =
        args.length == 0
            ? new int[] {10_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int largest = Arrays.stream(sizes).max().orElseThrow();
    List<Path> dirs = new ArrayList<>();
    try {
      Path coldDir = Files.createTempDirectory("wsgi4j-footprint");
      dirs.add(coldDir);
      Path coldMain = BenchConfig.generate(coldDir, largest);
      long size = Files.size(coldMain);
      long start = System.nanoTime();
      LoadResult cold = ConfigLoader.load(coldMain, LoadOptions.defaults().withServerRoot(coldDir));
      long coldNanos = System.nanoTime() - start;
      ConfigLoadBenchmark.check(cold, largest);
      System.out.printf(
          Locale.ROOT,
          "cold load, %d vhosts (%.1f MB, %d lines of config): %.0f ms%n",
          largest,
          size / 1e6,
          Files.readAllLines(coldMain).size(),
          coldNanos / 1e6);
      cold = null;

      for (int vhosts : sizes) {
        Path dir = Files.createTempDirectory("wsgi4j-footprint");
        dirs.add(dir);
        Path main = BenchConfig.generate(dir, vhosts);
        LoadOptions options = LoadOptions.defaults().withServerRoot(dir);
        long before = settledHeap();
        LoadResult result = ConfigLoader.load(main, options);
        ConfigLoadBenchmark.check(result, vhosts);
        ServerConfig model = result.model();
        result = null;
        long after = settledHeap();
        long retained = after - before;
        System.out.printf(
            Locale.ROOT,
            "model heap, %5d vhosts: %7.1f MB (%.1f KB per vhost)%n",
            vhosts,
            retained / 1e6,
            retained / 1e3 / vhosts);
        // Keep the model reachable until after the measurement.
        if (model.virtualHosts().size() != vhosts) {
          throw new IllegalStateException("model changed");
        }
      }
    } finally {
      for (Path dir : dirs) {
        BenchConfig.delete(dir);
      }
    }
  }

  /** Used heap once repeated full collections stop freeing memory. */
  @SuppressWarnings("SystemGC") // measuring retained heap needs full collections
  private static long settledHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = MEMORY.getHeapMemoryUsage().getUsed();
      if (now >= used - 64 * 1024) {
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }
}
