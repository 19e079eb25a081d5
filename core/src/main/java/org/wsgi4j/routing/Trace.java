package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.wsgi4j.source.SourceSpan;

/**
 * What the router did, step by step, each step with the configuration line it came from, so that
 * {@code wsgi4j route} can explain a decision.
 *
 * <p>A server routes far more requests than anyone reads traces of, so the router records each
 * step's text as a {@link Supplier} and the text is only formatted when {@link #steps()} is first
 * called; the suppliers capture values, never mutable routing state, so the text is the same
 * whenever it is read.
 */
public final class Trace {

  /** One step: a stage name, what happened, and where in the configuration. */
  public record Step(String stage, String detail, Optional<SourceSpan> origin) {}

  /**
   * A step whose text is not formatted yet.
   *
   * @param detail the text, or a {@code Supplier<String>} of it
   * @param origin where in the configuration, or null
   */
  private record Pending(String stage, Object detail, SourceSpan origin) {
    Step format() {
      String text =
          detail instanceof Supplier<?> supplier ? (String) supplier.get() : (String) detail;
      return new Step(stage, text, Optional.ofNullable(origin));
    }
  }

  /** The steps as recorded: never changed once the trace has them. */
  private final List<Pending> pending;

  private volatile ImmutableList<Step> steps;

  public Trace(ImmutableList<Step> steps) {
    this.pending = ImmutableList.of();
    this.steps = Objects.requireNonNull(steps, "steps");
  }

  private Trace(List<Pending> pending) {
    this.pending = pending;
  }

  /** The steps in order (formatted on the first call). */
  public ImmutableList<Step> steps() {
    ImmutableList<Step> result = steps;
    if (result == null) {
      ImmutableList.Builder<Step> builder = ImmutableList.builderWithExpectedSize(pending.size());
      for (Pending step : pending) {
        builder.add(step.format());
      }
      result = builder.build();
      steps = result;
    }
    return result;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Trace that && steps().equals(that.steps());
  }

  @Override
  public int hashCode() {
    return steps().hashCode();
  }

  @Override
  public String toString() {
    return "Trace[steps=" + steps() + "]";
  }

  /**
   * Collects steps during one routing call (not shared between requests). {@link #build()} hands
   * its list to the trace without copying it; a step added afterwards goes to a copy, so a built
   * trace never changes.
   */
  static final class Recorder {
    private List<Pending> steps = new ArrayList<>(16);

    /** Whether a trace holds {@link #steps}: the next step then starts a copy. */
    private boolean shared;

    private void append(Pending step) {
      if (shared) {
        steps = new ArrayList<>(steps);
        shared = false;
      }
      steps.add(step);
    }

    void add(String stage, String detail) {
      append(new Pending(stage, Objects.requireNonNull(detail, "detail"), null));
    }

    void add(String stage, String detail, SourceSpan origin) {
      append(new Pending(stage, Objects.requireNonNull(detail, "detail"), origin));
    }

    /** A step whose text is only built if the trace is read. */
    void add(String stage, Supplier<String> detail) {
      append(new Pending(stage, detail, null));
    }

    /** A step whose text is only built if the trace is read. */
    void add(String stage, Supplier<String> detail, SourceSpan origin) {
      append(new Pending(stage, detail, origin));
    }

    /** Appends the steps another recorder collected (which must no longer change). */
    void addAll(Recorder other) {
      if (shared) {
        steps = new ArrayList<>(steps);
        shared = false;
      }
      steps.addAll(other.steps);
    }

    Trace build() {
      shared = true;
      return new Trace(Collections.unmodifiableList(steps));
    }
  }
}
