package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.Optional;

/**
 * mod_wsgi's server-wide interpreter set-up: what every process does when it starts.
 *
 * @param importScripts scripts loaded at process start, in configuration order
 * @param pythonPath {@code WSGIPythonPath}: directories added with {@code site.addsitedir} (so
 *     {@code .pth} files are read) and moved to the front of {@code sys.path}, in embedded mode
 *     (daemon groups have {@code python-path=})
 * @param pythonHome {@code WSGIPythonHome}: the prefix of a Python environment, for embedded mode
 *     and for daemon groups without {@code python-home=}
 */
public record WsgiStartup(
    ImmutableList<WsgiImportScript> importScripts,
    ImmutableList<String> pythonPath,
    Optional<String> pythonHome) {
  public static final WsgiStartup NONE =
      new WsgiStartup(ImmutableList.of(), ImmutableList.of(), Optional.empty());

  public WsgiStartup {
    Objects.requireNonNull(importScripts, "importScripts");
    Objects.requireNonNull(pythonPath, "pythonPath");
    Objects.requireNonNull(pythonHome, "pythonHome");
  }

  /** The scripts a process of {@code processGroup} ({@code ""} embedded) loads at start. */
  public ImmutableList<WsgiImportScript> importScriptsOf(String processGroup) {
    return importScripts.stream()
        .filter(s -> s.processGroup().equals(processGroup))
        .collect(ImmutableList.toImmutableList());
  }
}
