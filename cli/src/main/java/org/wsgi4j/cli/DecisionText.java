package org.wsgi4j.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;
import org.wsgi4j.routing.RouteFacts;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.Trace;
import org.wsgi4j.routing.WsgiTarget;

/**
 * A routing decision explained for people: each trace step as {@code stage: detail (file:line)},
 * then one {@code =>} line with the decision, then the facts an application would see.
 */
final class DecisionText {
  private DecisionText() {}

  static void print(RoutingDecision decision, PrintWriter out) {
    for (Trace.Step step : decision.trace().steps()) {
      StringBuilder line = new StringBuilder();
      line.append(step.stage()).append(": ").append(step.detail());
      if (step.origin().isPresent() && !step.origin().get().isSynthetic()) {
        line.append(" (")
            .append(step.origin().get().file())
            .append(':')
            .append(step.origin().get().line())
            .append(')');
      }
      out.println(line);
    }
    out.println(summary(decision));
    RouteFacts facts = decision.facts();
    if (!facts.environment().isEmpty()) {
      out.println(
          "   env: "
              + facts.environment().entrySet().stream()
                  .map(DecisionText::assignment)
                  .collect(Collectors.joining(" ")));
    }
    if (facts.user().isPresent()) {
      out.println(
          "   user: "
              + facts.user().get()
              + facts.authType().map(type -> " (AuthType " + type + ")").orElse(""));
    }
  }

  /** The one-line decision, starting with {@code =>}. */
  static String summary(RoutingDecision decision) {
    if (decision instanceof RoutingDecision.Dispatch dispatch) {
      WsgiTarget target = dispatch.target();
      return "=> wsgi: script "
          + target.scriptFilename()
          + " SCRIPT_NAME='"
          + target.scriptName()
          + "' PATH_INFO='"
          + target.pathInfo()
          + "' process group '"
          + target.processGroup()
          + "' application group '"
          + target.applicationGroup()
          + "'";
    } else if (decision instanceof RoutingDecision.StaticFile file) {
      return "=> static file " + file.file();
    } else if (decision instanceof RoutingDecision.PassThrough) {
      return "=> pass through (not for wsgi4j)";
    } else if (decision instanceof RoutingDecision.Redirect redirect) {
      return "=> " + redirect.status() + " redirect to " + redirect.location();
    } else if (decision instanceof RoutingDecision.Challenge challenge) {
      return "=> 401 challenge realm \"" + challenge.realm() + "\"";
    } else if (decision instanceof RoutingDecision.Respond respond) {
      return "=> " + respond.status() + " (" + respond.reason() + ")";
    }
    throw new IllegalArgumentException("unknown decision " + decision);
  }

  private static String assignment(Map.Entry<String, String> entry) {
    return entry.getKey() + "=" + quoteIfNeeded(entry.getValue());
  }

  private static String quoteIfNeeded(String value) {
    if (!value.isEmpty() && value.chars().noneMatch(c -> c <= ' ' || c == '\'' || c == '"')) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
