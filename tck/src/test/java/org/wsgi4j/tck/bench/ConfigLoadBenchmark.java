package org.wsgi4j.tck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.source.Diagnostic;

/**
 * Parse + compile of a generated configuration ({@link BenchConfig}) with 1,000 to 10,000 virtual
 * hosts: {@link ConfigLoader#load(Path, LoadOptions)} from the files on disk to the {@link
 * ServerConfig} model. Run by {@code bench/config-load}; not a test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConfigLoadBenchmark {

  @Param({"1000", "2500", "5000", "10000"})
  public int vhosts;

  private Path dir;
  private Path main;
  private LoadOptions options;

  @Setup(Level.Trial)
  public void generate() throws IOException {
    dir = Files.createTempDirectory("wsgi4j-bench");
    main = BenchConfig.generate(dir, vhosts);
    options = LoadOptions.defaults().withServerRoot(dir);
    LoadResult result = ConfigLoader.load(main, options);
    check(result, vhosts);
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    BenchConfig.delete(dir);
  }

  /** One parse + compile; the model is returned so that it is not optimised away. */
  @Benchmark
  public ServerConfig load() {
    return ConfigLoader.load(main, options).model();
  }

  /** Fails the run unless the configuration loaded without errors into the expected model. */
  static void check(LoadResult result, int vhosts) {
    if (result.hasErrors()) {
      throw new IllegalStateException(
          "the generated configuration has errors:\n"
              + result.diagnostics().stream()
                  .filter(Diagnostic::isError)
                  .limit(20)
                  .map(Diagnostic::format)
                  .collect(Collectors.joining("\n")));
    }
    ServerConfig model = result.model();
    if (model.virtualHosts().size() != vhosts || model.processGroups().size() != vhosts) {
      throw new IllegalStateException(
          "expected "
              + vhosts
              + " virtual hosts and process groups, got "
              + model.virtualHosts().size()
              + " and "
              + model.processGroups().size());
    }
  }
}
