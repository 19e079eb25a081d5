package org.wsgi4j.routing;

import java.util.Arrays;

/**
 * Lets a memo keep only keys it has seen before: most URLs of a busy server repeat, but a long tail
 * is seen once, and storing those costs more (insertion, an earlier clear, older garbage) than
 * remembering them gains. One bit per hash slot; forgotten wholesale after {@link #FIRST_SIGHTINGS}
 * new keys, so it never fills up. Racy by design: a lost update only means a key is admitted one
 * sighting later, and a shared slot only means one is admitted one sighting early.
 */
final class SecondSighting {
  private static final int SLOTS = 1 << 16;

  /** New keys after which everything is forgotten: a quarter of the slots set at most. */
  static final int FIRST_SIGHTINGS = SLOTS / 4;

  private final long[] bits = new long[SLOTS / Long.SIZE];
  private int firstSightings;

  /** True when a key with this hash was seen since the last reset; records it otherwise. */
  boolean seenBefore(int hash) {
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    int word = slot >>> 6;
    long mask = 1L << (slot & 63);
    long current = bits[word];
    if ((current & mask) != 0) {
      return true;
    }
    if (++firstSightings >= FIRST_SIGHTINGS) {
      Arrays.fill(bits, 0);
      firstSightings = 0;
      return false;
    }
    bits[word] = current | mask;
    return false;
  }
}
