package org.wsgi4j.servlet;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.source.Diagnostic;

/**
 * Watches the files a configuration was read from ({@code Include}d ones too) and the folders they
 * are in (so that a file added to an included folder or glob counts) and, when any changed, loads
 * the configuration aside and offers it to the filter, which swaps it in atomically. A
 * configuration that does not load cleanly is not installed: every diagnostic is logged and the
 * running one stays, until the files change again.
 */
final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

  /** What is known of one file or folder: missing, or its modification time and size. */
  private record Stamp(boolean exists, long modified, long size) {
    static Stamp of(Path path) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return new Stamp(
            true, attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), attributes.size());
      } catch (IOException e) {
        return new Stamp(false, 0, 0);
      }
    }
  }

  private final Supplier<LoadResult> load;
  private final Predicate<LoadResult> install;
  private ImmutableMap<Path, Stamp> stamps;
  private ScheduledExecutorService timer;

  /**
   * @param loaded the configuration in force (its files are watched)
   * @param load reads the configuration again
   * @param install swaps a loaded configuration in; false when it was refused
   */
  ConfigWatcher(LoadResult loaded, Supplier<LoadResult> load, Predicate<LoadResult> install) {
    this.load = load;
    this.install = install;
    this.stamps = stamp(loaded.files());
  }

  private static ImmutableMap<Path, Stamp> stamp(ImmutableList<Path> files) {
    Set<Path> watched = new LinkedHashSet<>();
    for (Path file : files) {
      Path absolute = file.toAbsolutePath();
      watched.add(absolute);
      if (absolute.getParent() != null) {
        watched.add(absolute.getParent());
      }
    }
    Map<Path, Stamp> stamps = new LinkedHashMap<>();
    watched.forEach(path -> stamps.put(path, Stamp.of(path)));
    return ImmutableMap.copyOf(stamps);
  }

  /** Checks every {@code interval} on a daemon thread until {@link #close}. */
  synchronized void start(Duration interval) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "wsgi4j-config-watcher");
              thread.setDaemon(true);
              return thread;
            });
    var unused =
        timer.scheduleWithFixedDelay(
            this::checkSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      // A failing check must not end the schedule (an exception would cancel it silently).
      LOG.log(Level.WARNING, "configuration check failed", e);
    }
  }

  /**
   * Looks once: when a watched file or folder changed, loads and offers the configuration.
   *
   * @return true when a new configuration was installed
   */
  synchronized boolean check() {
    boolean changed =
        stamps.entrySet().stream().anyMatch(e -> !Stamp.of(e.getKey()).equals(e.getValue()));
    if (!changed) {
      return false;
    }
    LoadResult loaded = load.get();
    // The files of this attempt are watched from now on, whether it is installed or not: a broken
    // configuration is reported once, and again only when it is edited.
    stamps = stamp(loaded.files());
    if (!loaded.isServable()) {
      for (Diagnostic diagnostic : loaded.diagnostics()) {
        LOG.warning(diagnostic.format());
      }
      LOG.warning(
          "The changed configuration is not installed (see the diagnostics above): the running"
              + " one stays in force");
      return false;
    }
    boolean installed = install.test(loaded);
    if (installed) {
      LOG.info("Configuration changed on disk: reloaded");
    }
    return installed;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
