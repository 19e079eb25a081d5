package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.model.ServerConfig;

/** Configurations written as text into a test's folder and loaded as {@code wsgi4j} loads them. */
final class SiteConfigs {
  private SiteConfigs() {}

  /** {@code text} as {@code dir/site.conf}, loaded with {@code dir} as ServerRoot; must serve. */
  static ServerConfig load(Path dir, String text) throws IOException {
    Path conf = dir.resolve("site.conf");
    Files.writeString(conf, text, StandardCharsets.UTF_8);
    LoadResult result = ConfigLoader.load(conf, LoadOptions.defaults().withServerRoot(dir));
    assertTrue(result.isServable(), result.diagnostics().toString());
    return result.model();
  }
}
