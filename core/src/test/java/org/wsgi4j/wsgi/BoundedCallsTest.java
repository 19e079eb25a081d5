package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The bound on auth script calls: a stuck call answers with the failure and frees its caller, an
 * interruptible one is woken, one that ignores interrupts is abandoned and counted until it
 * returns, and the next call is fine. Outcomes only; no assertion on elapsed time.
 */
class BoundedCallsTest {
  private static final Duration BOUND = Duration.ofMillis(200);

  @Test
  void aCallWithinTheBoundGivesItsResult() {
    try (BoundedCalls calls = new BoundedCalls(BOUND, 2, "t")) {
      assertEquals("ok", calls.call("x", () -> "ok", reason -> "failed"));
      assertEquals(
          "failed: x failed: java.lang.IllegalStateException: boom",
          calls.call(
              "x",
              () -> {
                throw new IllegalStateException("boom");
              },
              reason -> "failed: " + reason));
    }
  }

  @Test
  void aStuckCallIsInterruptedAndAnswersWithTheFailure() throws Exception {
    try (BoundedCalls calls = new BoundedCalls(BOUND, 2, "t")) {
      CountDownLatch never = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();
      CountDownLatch returned = new CountDownLatch(1);
      String answer =
          calls.call(
              "sleeper",
              () -> {
                try {
                  never.await();
                  return "woke";
                } catch (InterruptedException e) {
                  interrupted.set(true);
                  return "interrupted";
                } finally {
                  returned.countDown();
                }
              },
              reason -> reason);
      assertTrue(answer.contains("did not return within 200 ms"), answer);
      assertTrue(returned.await(30, TimeUnit.SECONDS), "the interrupt woke it");
      assertTrue(interrupted.get());
      assertEquals("next", calls.call("x", () -> "next", reason -> reason));
    }
  }

  @Test
  void aCallThatIgnoresInterruptsIsAbandonedAndCounted() throws Exception {
    try (BoundedCalls calls = new BoundedCalls(BOUND, 1, "t")) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch finished = new CountDownLatch(1);
      String answer =
          calls.call(
              "spinner",
              () -> {
                while (release.getCount() > 0) {
                  Thread.onSpinWait(); // ignores interrupts, as a Python busy loop does
                }
                finished.countDown();
                return "spun";
              },
              reason -> reason);
      assertTrue(answer.contains("abandoned"), answer);
      assertEquals(1, calls.abandonedStillRunning());
      String blocked = calls.call("next", () -> "ran", reason -> reason);
      assertTrue(blocked.contains("no free thread"), "its one thread is still taken: " + blocked);
      release.countDown();
      assertTrue(finished.await(30, TimeUnit.SECONDS));
      for (int i = 0; i < 3000 && calls.abandonedStillRunning() > 0; i++) {
        Thread.sleep(10);
      }
      assertEquals(0, calls.abandonedStillRunning());
      assertEquals("ran", calls.call("next", () -> "ran", reason -> reason));
    }
  }

  @Test
  void aZeroBoundRunsOnTheCallersThread() {
    try (BoundedCalls calls = new BoundedCalls(Duration.ZERO, 1, "t")) {
      AtomicReference<Thread> ran = new AtomicReference<>();
      calls.call(
          "x",
          () -> {
            ran.set(Thread.currentThread());
            return null;
          },
          reason -> null);
      assertSame(Thread.currentThread(), ran.get());
    }
  }
}
