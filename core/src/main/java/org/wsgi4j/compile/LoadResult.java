package org.wsgi4j.compile;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.Objects;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.source.Diagnostic;

/**
 * A loaded configuration: the model and everything found wrong with it.
 *
 * @param model the model; when there are errors it holds what could be read
 * @param diagnostics every problem, reading problems first (httpd's order), each with its position
 * @param files the files read, main file first
 */
public record LoadResult(
    ServerConfig model, ImmutableList<Diagnostic> diagnostics, ImmutableList<Path> files) {

  public LoadResult {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(diagnostics, "diagnostics");
    Objects.requireNonNull(files, "files");
  }

  /** True when httpd would refuse to start with this configuration. */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /**
   * True when wsgi4j will serve it: no errors, and no directive that could change access or routing
   * was left unimplemented (fail closed).
   */
  public boolean isServable() {
    return diagnostics.stream().noneMatch(d -> d.isError() || d.blocksServing());
  }
}
