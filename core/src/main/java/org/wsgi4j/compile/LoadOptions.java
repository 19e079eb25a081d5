package org.wsgi4j.compile;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.nio.file.Path;
import java.util.Optional;
import org.wsgi4j.config.ReadOptions;

/**
 * How to load a configuration: what httpd would have been started with.
 *
 * @param read server root, {@code -D} defines, environment and emulated httpd version
 */
public record LoadOptions(ReadOptions read) {

  public static LoadOptions defaults() {
    return new LoadOptions(ReadOptions.defaults());
  }

  public LoadOptions withServerRoot(Path serverRoot) {
    return new LoadOptions(read.withServerRoot(serverRoot));
  }

  public LoadOptions withDefines(ImmutableSet<String> defines) {
    return new LoadOptions(read.withDefines(defines));
  }

  public LoadOptions withEnvironment(ImmutableMap<String, String> environment) {
    return new LoadOptions(read.withEnvironment(environment));
  }

  public Optional<Path> serverRoot() {
    return read.serverRoot();
  }
}
