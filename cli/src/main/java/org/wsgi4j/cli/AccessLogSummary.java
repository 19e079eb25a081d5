package org.wsgi4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.WsgiTarget;

/**
 * Counts for {@code wsgi4j route --access-log}: decisions by kind and status, the busiest WSGI
 * targets, the most refused paths and the lines that could not be replayed.
 */
final class AccessLogSummary {
  static final int TOP = 10;
  static final int EXAMPLES = 10;

  /** A WSGI target: the script and the process group ({@code ""} for embedded mode). */
  record Target(String script, String processGroup) {}

  /** A refused request: its path (without the query) and the status. */
  record Refusal(String path, int status) {}

  /** A line that could not be replayed, with its number. */
  record Problem(long line, String reason) {}

  private long lines;
  private long requests;
  private long unparsed;
  private long failed;
  private final Map<String, Long> decisions = new TreeMap<>();
  private final Map<Integer, Long> statuses = new TreeMap<>();
  private final Map<Target, Long> targets = new HashMap<>();
  private final Map<Refusal, Long> refusals = new HashMap<>();
  private final List<Problem> problems = new ArrayList<>();

  void line() {
    lines++;
  }

  void unparsed(long line, String reason) {
    unparsed++;
    if (problems.size() < EXAMPLES) {
      problems.add(new Problem(line, reason));
    }
  }

  /** The router threw: counted apart, so that a bug shows without stopping the replay. */
  void failed(long line, String reason) {
    failed++;
    if (problems.size() < EXAMPLES) {
      problems.add(new Problem(line, "router error: " + reason));
    }
  }

  void decided(AccessLogLine request, RoutingDecision decision) {
    requests++;
    decisions.merge(DecisionJson.kind(decision), 1L, Long::sum);
    statuses.merge(decision.status(), 1L, Long::sum);
    if (decision instanceof RoutingDecision.Dispatch dispatch) {
      WsgiTarget target = dispatch.target();
      targets.merge(new Target(target.scriptFilename(), target.processGroup()), 1L, Long::sum);
    }
    if (decision.status() >= 400) {
      String path = request.target();
      int mark = path.indexOf('?');
      refusals.merge(
          new Refusal(mark >= 0 ? path.substring(0, mark) : path, decision.status()),
          1L,
          Long::sum);
    }
  }

  long lines() {
    return lines;
  }

  long requests() {
    return requests;
  }

  long unparsed() {
    return unparsed;
  }

  long failed() {
    return failed;
  }

  Map<String, Long> decisions() {
    return decisions;
  }

  Map<Integer, Long> statuses() {
    return statuses;
  }

  List<Map.Entry<Target, Long>> topTargets() {
    return top(
        targets,
        Comparator.comparing((Target t) -> t.script()).thenComparing(t -> t.processGroup()));
  }

  List<Map.Entry<Refusal, Long>> topRefusals() {
    return top(
        refusals, Comparator.comparing((Refusal r) -> r.path()).thenComparingInt(r -> r.status()));
  }

  private static <K> List<Map.Entry<K, Long>> top(Map<K, Long> counts, Comparator<K> tie) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<K, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey(tie)))
        .limit(TOP)
        .toList();
  }

  void printText(PrintWriter out) {
    out.println(
        "lines: "
            + lines
            + ", requests replayed: "
            + requests
            + ", not parsed: "
            + unparsed
            + (failed > 0 ? ", router errors: " + failed : ""));
    out.println("decisions:");
    decisions.forEach((kind, count) -> out.printf("  %-10s %8d%n", kind, count));
    out.println("statuses:");
    statuses.forEach((status, count) -> out.printf("  %-10d %8d%n", status, count));
    out.println("top WSGI targets (script, process group):");
    List<Map.Entry<Target, Long>> top = topTargets();
    if (top.isEmpty()) {
      out.println("  (none)");
    }
    for (Map.Entry<Target, Long> entry : top) {
      out.printf(
          "  %8d  %s  %s%n",
          entry.getValue(),
          entry.getKey().script(),
          entry.getKey().processGroup().isEmpty() ? "(embedded)" : entry.getKey().processGroup());
    }
    out.println("top refused paths (status, path):");
    List<Map.Entry<Refusal, Long>> refused = topRefusals();
    if (refused.isEmpty()) {
      out.println("  (none)");
    }
    for (Map.Entry<Refusal, Long> entry : refused) {
      out.printf(
          "  %8d  %d  %s%n", entry.getValue(), entry.getKey().status(), entry.getKey().path());
    }
    out.println("lines not replayed: " + (unparsed + failed));
    for (Problem problem : problems) {
      out.println("  line " + problem.line() + ": " + problem.reason());
    }
  }

  Map<String, Object> toMap() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("lines", lines);
    object.put("requests", requests);
    object.put("unparsed", unparsed);
    object.put("router_errors", failed);
    object.put("decisions", decisions);
    Map<String, Long> byStatus = new LinkedHashMap<>();
    statuses.forEach((status, count) -> byStatus.put(Integer.toString(status), count));
    object.put("statuses", byStatus);
    List<Map<String, Object>> topTargets = new ArrayList<>();
    for (Map.Entry<Target, Long> entry : topTargets()) {
      Map<String, Object> target = new LinkedHashMap<>();
      target.put("script", entry.getKey().script());
      target.put("process_group", entry.getKey().processGroup());
      target.put("count", entry.getValue());
      topTargets.add(target);
    }
    object.put("top_wsgi", topTargets);
    List<Map<String, Object>> topRefused = new ArrayList<>();
    for (Map.Entry<Refusal, Long> entry : topRefusals()) {
      Map<String, Object> refusal = new LinkedHashMap<>();
      refusal.put("path", entry.getKey().path());
      refusal.put("status", entry.getKey().status());
      refusal.put("count", entry.getValue());
      topRefused.add(refusal);
    }
    object.put("top_refused", topRefused);
    List<Map<String, Object>> notReplayed = new ArrayList<>();
    for (Problem problem : problems) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("line", problem.line());
      item.put("reason", problem.reason());
      notReplayed.add(item);
    }
    object.put("not_replayed", notReplayed);
    return object;
  }
}
