package org.wsgi4j.wsgi;

import java.util.concurrent.CountDownLatch;

/** Pool tasks that hold their worker until a test lets them go. */
final class Latches {
  private Latches() {}

  /** Counts {@code running} down, then waits for {@code release}; an interrupt ends the wait. */
  static void signalThenWait(CountDownLatch running, CountDownLatch release) {
    running.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
