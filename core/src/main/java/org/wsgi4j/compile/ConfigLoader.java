package org.wsgi4j.compile;

import java.nio.file.Path;
import org.wsgi4j.config.ConfigReader;
import org.wsgi4j.config.ExpandedConfig;
import org.wsgi4j.directive.DirectiveCatalogue;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.source.Diagnostics;

/**
 * The public entry point: reads an httpd configuration as httpd would and compiles it into the
 * routing model. Never throws for a bad configuration or a missing file; every problem is a
 * diagnostic with a stable code and a position.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static LoadResult load(Path mainFile) {
    return load(mainFile, LoadOptions.defaults());
  }

  public static LoadResult load(Path mainFile, LoadOptions options) {
    Diagnostics diagnostics = new Diagnostics();
    DirectiveCatalogue catalogue = DirectiveCatalogue.builtIn();
    ExpandedConfig expanded = ConfigReader.read(mainFile, options.read(), catalogue, diagnostics);
    ServerConfig model = ModelCompiler.compile(expanded, catalogue, diagnostics);
    return new LoadResult(model, diagnostics.all(), expanded.files());
  }
}
