package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
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

  /** A step whose text is not formatted yet. */
  private record Pending(String stage, Supplier<String> detail, Optional<SourceSpan> origin) {
    Step format() {
      return new Step(stage, detail.get(), origin);
    }
  }

  private final ImmutableList<Pending> pending;
  private volatile ImmutableList<Step> steps;

  public Trace(ImmutableList<Step> steps) {
    this.pending = ImmutableList.of();
    this.steps = Objects.requireNonNull(steps, "steps");
  }

  private Trace(List<Pending> pending) {
    this.pending = ImmutableList.copyOf(pending);
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

  /** Collects steps during one routing call (not shared between requests). */
  static final class Recorder {
    private final List<Pending> steps = new ArrayList<>();

    void add(String stage, String detail) {
      steps.add(new Pending(stage, () -> detail, Optional.empty()));
    }

    void add(String stage, String detail, SourceSpan origin) {
      steps.add(new Pending(stage, () -> detail, Optional.of(origin)));
    }

    /** A step whose text is only built if the trace is read. */
    void add(String stage, Supplier<String> detail) {
      steps.add(new Pending(stage, detail, Optional.empty()));
    }

    /** A step whose text is only built if the trace is read. */
    void add(String stage, Supplier<String> detail, SourceSpan origin) {
      steps.add(new Pending(stage, detail, Optional.of(origin)));
    }

    /** Appends the steps another recorder collected (which must no longer change). */
    void addAll(Recorder other) {
      steps.addAll(other.steps);
    }

    Trace build() {
      return new Trace(steps);
    }
  }
}
