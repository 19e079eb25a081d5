package org.wsgi4j.routing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.source.Diagnostic;

/** Small sites for router tests of mod_wsgi's script hooks (the scripts answered by stand-ins). */
final class ScriptSites {
  private ScriptSites() {}

  /**
   * Writes {@code config} ({@code @ROOT@} standing for {@code folder}) as {@code folder/site.conf},
   * creates the named scripts empty (the router only needs them to exist) and loads it; fails the
   * test with every diagnostic when it cannot be served.
   */
  static LoadResult load(Path folder, String config, String... scripts) throws IOException {
    Path file = folder.resolve("site.conf");
    Files.writeString(file, config.replace("@ROOT@", folder.toString()), StandardCharsets.UTF_8);
    for (String script : scripts) {
      Files.writeString(folder.resolve(script), "");
    }
    LoadResult loaded = ConfigLoader.load(file);
    assertTrue(
        loaded.isServable(),
        loaded.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    return loaded;
  }

  /** The decision's trace, one "stage: detail" line a step. */
  static String trace(RoutingDecision decision) {
    return decision.trace().steps().stream()
        .map(s -> s.stage() + ": " + s.detail())
        .collect(Collectors.joining("\n"));
  }
}
