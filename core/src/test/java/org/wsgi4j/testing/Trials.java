package org.wsgi4j.testing;

import java.util.SplittableRandom;

/**
 * Runs a property over generated inputs: each try gets its own random source, derived from one seed
 * and the try's number, so a failure names exactly what reproduces it. The seed is fixed by default
 * (every CI run checks the same inputs); {@code -Dwsgi4j.trials.seed=N} explores others.
 */
public final class Trials {
  private static final long DEFAULT_SEED = 0x77736769346aL;

  /** One try of a property; may throw whatever the property's assertions throw. */
  @FunctionalInterface
  public interface Trial {
    void run(Draw draw) throws Exception;
  }

  private Trials() {}

  /**
   * Runs {@code trial} {@code tries} times; the first failure is rethrown as an {@link
   * AssertionError} that names the seed and the try, with the original failure as its cause.
   */
  public static void check(int tries, Trial trial) {
    long seed = Long.getLong("wsgi4j.trials.seed", DEFAULT_SEED);
    for (int i = 0; i < tries; i++) {
      Draw draw = new Draw(new SplittableRandom(seed + 0x9E3779B97F4A7C15L * i));
      try {
        trial.run(draw);
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            "try " + (i + 1) + " of " + tries + " failed (-Dwsgi4j.trials.seed=" + seed + "): " + e,
            e);
      }
    }
  }
}
