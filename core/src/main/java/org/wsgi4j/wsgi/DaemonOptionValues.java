package org.wsgi4j.wsgi;

import java.time.Duration;
import java.util.Optional;
import org.wsgi4j.model.DaemonProcessGroup;

/** Reads WSGIDaemonProcess option values as numbers (the compiler has checked them). */
final class DaemonOptionValues {
  private final DaemonProcessGroup daemon;

  DaemonOptionValues(DaemonProcessGroup daemon) {
    this.daemon = daemon;
  }

  boolean written(String name) {
    return daemon.options().containsKey(name);
  }

  Optional<Integer> integer(String name) {
    String value = daemon.options().get(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Seconds as written (0 included). */
  Optional<Duration> seconds(String name) {
    return integer(name).filter(v -> v >= 0).map(Duration::ofSeconds);
  }

  /** Seconds, where 0 means "off" (restart-interval, inactivity-timeout, request-timeout). */
  Optional<Duration> positiveSeconds(String name) {
    return seconds(name).filter(d -> !d.isZero());
  }

  /** Seconds, where 0 means "no timeout" (queue-timeout). */
  Optional<Duration> timeout(String name) {
    return seconds(name).map(d -> d.isZero() ? PoolSettings.FOREVER : d);
  }
}
