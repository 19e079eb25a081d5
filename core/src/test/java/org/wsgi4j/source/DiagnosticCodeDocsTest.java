package org.wsgi4j.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticCodeDocsTest {
  @Test
  void everyLoadCodeHasADocumentationPage() {
    Path docs = Path.of("../docs/lint");
    List<String> missing =
        Arrays.stream(DiagnosticCode.values())
            .map(DiagnosticCode::id)
            .filter(id -> !Files.isRegularFile(docs.resolve(id + ".md")))
            .toList();
    assertEquals(List.of(), missing);
  }

  @Test
  void theLetterOfACodeIsItsDefaultSeverity() {
    for (DiagnosticCode code : DiagnosticCode.values()) {
      char letter =
          switch (code.defaultSeverity()) {
            case ERROR -> 'E';
            case WARNING -> 'W';
            case INFO -> 'I';
          };
      assertEquals(letter, code.id().charAt(0), code.id());
    }
  }
}
