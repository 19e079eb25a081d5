package org.wsgi4j.tck.serve;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Waiting in tests for something to happen, never asserting on how long it takes. */
final class Eventually {
  private Eventually() {}

  /** Something a test needs to happen; an IOException means "not yet" (a file not there yet). */
  interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} every 200 ms for up to 2 minutes; fails naming {@code what}. */
  static void waitFor(Condition condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (IOException notYet) {
        // the file is not there yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
