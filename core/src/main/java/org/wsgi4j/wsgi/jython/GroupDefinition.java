package org.wsgi4j.wsgi.jython;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.model.WsgiStartup;

/**
 * What a running process group was built from, compared on a configuration reload to decide whether
 * the group must be replaced: the WSGIDaemonProcess line's values (not where it is written, nor the
 * virtual host that may use it: neither shapes the pool), the interpreters' set-up derived from it
 * and from WSGIPythonPath/WSGIPythonHome, and the scripts its processes import when they start.
 *
 * @param name the group, {@code ""} for embedded mode
 * @param processes {@code processes=} (0 for embedded mode)
 * @param threads {@code threads=} (0 for embedded mode)
 * @param maximumRequests {@code maximum-requests=}
 * @param options every option as written (a map: the order they were written in does not matter)
 * @param setup the interpreters' python path and homes
 * @param importScripts the group's WSGIImportScript (and preloading WSGIScriptAlias) scripts, in
 *     load order
 */
record GroupDefinition(
    String name,
    int processes,
    int threads,
    OptionalInt maximumRequests,
    ImmutableMap<String, String> options,
    PythonSetup setup,
    ImmutableList<ImportedScript> importScripts) {

  /** An import script, without the place it is written. */
  record ImportedScript(String scriptFilename, String applicationGroup) {
    ImportedScript {
      Objects.requireNonNull(scriptFilename, "scriptFilename");
      Objects.requireNonNull(applicationGroup, "applicationGroup");
    }
  }

  GroupDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(maximumRequests, "maximumRequests");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(setup, "setup");
    Objects.requireNonNull(importScripts, "importScripts");
  }

  /** The definition of group {@code name} ({@code daemon} empty: embedded mode) under startup. */
  static GroupDefinition of(String name, Optional<DaemonProcessGroup> daemon, WsgiStartup startup) {
    ImmutableList<ImportedScript> scripts =
        startup.importScriptsOf(name).stream()
            .map(s -> new ImportedScript(s.scriptFilename(), s.applicationGroup()))
            .collect(ImmutableList.toImmutableList());
    PythonSetup setup = JythonGateway.setup(daemon, startup);
    if (daemon.isEmpty()) {
      return new GroupDefinition(
          name, 0, 0, OptionalInt.empty(), ImmutableMap.of(), setup, scripts);
    }
    DaemonProcessGroup group = daemon.get();
    return new GroupDefinition(
        group.name(),
        group.processes(),
        group.threads(),
        group.maximumRequests(),
        group.options(),
        setup,
        scripts);
  }
}
