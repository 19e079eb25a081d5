package org.wsgi4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsgi4j.lint.LintFinding;

/** One JSON array of diagnostic objects. */
final class JsonDiagnosticPrinter implements DiagnosticPrinter {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public void print(List<LintFinding> diagnostics, PrintWriter out) {
    List<Map<String, Object>> objects =
        diagnostics.stream().map(JsonDiagnosticPrinter::toMap).toList();
    try {
      out.println(MAPPER.writeValueAsString(objects));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> toMap(LintFinding diagnostic) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("file", diagnostic.span().file().toString());
    object.put("line", diagnostic.span().line());
    object.put("column", diagnostic.span().column());
    object.put("endLine", diagnostic.span().end().line());
    object.put("endColumn", diagnostic.span().end().column());
    object.put("severity", diagnostic.severity().label());
    object.put("code", diagnostic.code());
    object.put("name", diagnostic.slug());
    object.put("message", diagnostic.message());
    return object;
  }
}
