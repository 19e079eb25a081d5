package org.wsgi4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wsgi4j.lint.LintFinding;

/**
 * SARIF 2.1.0, so that code-scanning tools can show findings in place: one run, the tool's rules
 * (the codes that occur, each with its documentation page), one result per finding.
 */
final class SarifPrinter implements DiagnosticPrinter {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  @Override
  public void print(List<LintFinding> findings, PrintWriter out) {
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    Map<String, Map<String, Object>> rules = new TreeMap<>();
    List<Map<String, Object>> results = new ArrayList<>();
    for (LintFinding finding : findings) {
      rules.computeIfAbsent(finding.code(), code -> rule(finding));
      results.add(result(finding));
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "wsgi4j");
    driver.put("informationUri", "https://github.com/wsgi4j/wsgi4j");
    driver.put("rules", new ArrayList<>(rules.values()));
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("results", results);
    log.put("runs", List.of(run));
    try {
      out.println(MAPPER.writeValueAsString(log));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> rule(LintFinding finding) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("id", finding.code());
    rule.put("name", finding.slug());
    // helpUri must be an absolute URI; the pages live in the repository, so they are named in
    // the help text instead.
    String page =
        finding.code().startsWith("W3") || finding.code().startsWith("I4")
            ? "docs/lint/" + finding.code() + ".md"
            : "docs/diagnostics.md";
    rule.put("help", Map.of("text", "See " + page + " in the wsgi4j repository."));
    rule.put("defaultConfiguration", Map.of("level", level(finding)));
    return rule;
  }

  private static Map<String, Object> result(LintFinding finding) {
    Map<String, Object> region = new LinkedHashMap<>();
    region.put("startLine", finding.span().line());
    region.put("startColumn", finding.span().column());
    region.put("endLine", finding.span().end().line());
    region.put("endColumn", finding.span().end().column());
    Map<String, Object> physical = new LinkedHashMap<>();
    physical.put("artifactLocation", Map.of("uri", finding.span().file().toUri().toString()));
    physical.put("region", region);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ruleId", finding.code());
    result.put("level", level(finding));
    result.put("message", Map.of("text", finding.message()));
    result.put("locations", List.of(Map.of("physicalLocation", physical)));
    return result;
  }

  private static String level(LintFinding finding) {
    return switch (finding.severity()) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }
}
