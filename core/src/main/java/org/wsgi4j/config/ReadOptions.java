package org.wsgi4j.config;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What httpd would have been started with, besides the configuration file.
 *
 * @param serverRoot {@code -d}: where relative paths point until a ServerRoot directive says
 *     otherwise; by default the folder of the main configuration file
 * @param defines {@code -D NAME} parameters
 * @param environment the process environment that {@code ${VAR}} falls back to
 * @param httpdVersion the version {@code <IfVersion>} compares against
 */
public record ReadOptions(
    Optional<Path> serverRoot,
    ImmutableSet<String> defines,
    ImmutableMap<String, String> environment,
    String httpdVersion) {

  /** The httpd release whose behaviour wsgi4j reproduces (the differential oracle's). */
  public static final String EMULATED_HTTPD_VERSION = "2.4.71";

  public ReadOptions {
    Objects.requireNonNull(serverRoot, "serverRoot");
    Objects.requireNonNull(defines, "defines");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(httpdVersion, "httpdVersion");
  }

  public static ReadOptions defaults() {
    return new ReadOptions(
        Optional.empty(), ImmutableSet.of(), ImmutableMap.of(), EMULATED_HTTPD_VERSION);
  }

  public ReadOptions withServerRoot(Path root) {
    return new ReadOptions(Optional.of(root), defines, environment, httpdVersion);
  }

  public ReadOptions withDefines(ImmutableSet<String> names) {
    return new ReadOptions(serverRoot, names, environment, httpdVersion);
  }

  public ReadOptions withEnvironment(ImmutableMap<String, String> variables) {
    return new ReadOptions(serverRoot, defines, variables, httpdVersion);
  }
}
