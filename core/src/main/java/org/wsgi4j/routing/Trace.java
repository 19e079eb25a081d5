package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wsgi4j.source.SourceSpan;

/**
 * What the router did, step by step, each step with the configuration line it came from, so that
 * {@code wsgi4j route} can explain a decision.
 */
public record Trace(ImmutableList<Step> steps) {

  /** One step: a stage name, what happened, and where in the configuration. */
  public record Step(String stage, String detail, Optional<SourceSpan> origin) {}

  /** Collects steps during one routing call (not shared between requests). */
  static final class Recorder {
    private final List<Step> steps = new ArrayList<>();

    void add(String stage, String detail) {
      steps.add(new Step(stage, detail, Optional.empty()));
    }

    void add(String stage, String detail, SourceSpan origin) {
      steps.add(new Step(stage, detail, Optional.of(origin)));
    }

    Trace build() {
      return new Trace(ImmutableList.copyOf(steps));
    }
  }
}
