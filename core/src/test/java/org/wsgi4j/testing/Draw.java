package org.wsgi4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Random choices for one try of a property. Sizes are drawn uniformly from their range, so the
 * empty and the largest case both come up often in a few hundred tries.
 */
public final class Draw {
  private static final int FILTER_ATTEMPTS = 1000;

  private final SplittableRandom random;

  Draw(SplittableRandom random) {
    this.random = random;
  }

  /** An int in {@code [min, max]}. */
  public int between(int min, int max) {
    return random.nextInt(min, max + 1);
  }

  public boolean bool() {
    return random.nextBoolean();
  }

  /** A byte, any of the 256 values. */
  public byte anyByte() {
    return (byte) random.nextInt(256);
  }

  /** One of the given values, each equally likely. */
  @SafeVarargs
  public final <T> T oneOf(T... values) {
    return values[random.nextInt(values.length)];
  }

  /** A string of {@code [minLength, maxLength]} characters, each one of {@code alphabet}. */
  public String string(String alphabet, int minLength, int maxLength) {
    int length = between(minLength, maxLength);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /** A string of any UTF-16 code units, unpaired surrogates included. */
  public String anyString(int maxLength) {
    int length = between(0, maxLength);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) random.nextInt(Character.MAX_VALUE + 1));
    }
    return out.toString();
  }

  /** A list of {@code [minSize, maxSize]} elements drawn by {@code element}. */
  public <T> List<T> list(int minSize, int maxSize, Function<Draw, T> element) {
    int size = between(minSize, maxSize);
    List<T> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(element.apply(this));
    }
    return out;
  }

  /**
   * Draws until {@code accepted} holds. The properties filter out rare shapes only, so a thousand
   * rejections in a row means the generator is wrong, not unlucky.
   */
  public <T> T until(Function<Draw, T> element, Predicate<T> accepted) {
    for (int i = 0; i < FILTER_ATTEMPTS; i++) {
      T value = element.apply(this);
      if (accepted.test(value)) {
        return value;
      }
    }
    throw new IllegalStateException("generator rejected " + FILTER_ATTEMPTS + " draws in a row");
  }
}
