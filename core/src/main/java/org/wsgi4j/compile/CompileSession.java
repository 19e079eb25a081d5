package org.wsgi4j.compile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.model.ListenAddress;
import org.wsgi4j.model.WsgiImportScript;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.regex.PcreTranslator;
import org.wsgi4j.source.DiagnosticCode;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.source.SourceSpan;

/** What compiling one configuration shares across directives. */
final class CompileSession {
  final Diagnostics diagnostics;
  final Path serverRoot;
  final java.util.Set<String> loadedModules;
  final List<DaemonProcessGroup> processGroups = new ArrayList<>();

  /** The same groups by name: configurations with thousands of groups must not scan a list. */
  private final java.util.Map<String, DaemonProcessGroup> processGroupsByName =
      new java.util.HashMap<>();

  final List<ListenAddress> listens = new ArrayList<>();

  /** WSGIImportScript and preloading WSGIScriptAlias entries, in configuration order. */
  final List<WsgiImportScript> importScripts = new ArrayList<>();

  /** WSGIPythonPath and WSGIPythonHome (the last one written wins, as in mod_wsgi). */
  Optional<String> pythonPath = Optional.empty();

  Optional<String> pythonHome = Optional.empty();
  private final Set<String> reportedIgnored = new HashSet<>();
  private final java.util.Map<String, PcreTranslator.Result> compiledRegexes =
      new java.util.HashMap<>();

  /** The ServerName of the virtual host being compiled, for mod_wsgi's group scoping. */
  Optional<String> currentVirtualHostName = Optional.empty();

  boolean insideVirtualHost;

  /**
   * The first WSGIAccessScript, and the first HostnameLookups other than Off: together they are
   * refused, since httpd then passes allow_access the client's host name where wsgi4j has only the
   * address.
   */
  Optional<SourceSpan> firstAccessScript = Optional.empty();

  Optional<SourceSpan> hostnameLookups = Optional.empty();

  CompileSession(Diagnostics diagnostics, Path serverRoot, java.util.Set<String> loadedModules) {
    this.diagnostics = diagnostics;
    this.serverRoot = serverRoot;
    this.loadedModules = loadedModules;
  }

  void error(SourceSpan at, String message) {
    diagnostics.report(DiagnosticCode.E104, at, message);
  }

  void report(DiagnosticCode code, SourceSpan at, String message) {
    diagnostics.report(code, at, message);
  }

  /**
   * A directive wsgi4j will not serve: httpd would start, so it is a warning that blocks serving.
   */
  void refuse(SourceSpan at, String message) {
    diagnostics.report(
        new org.wsgi4j.source.Diagnostic(
            DiagnosticCode.W105, org.wsgi4j.source.Severity.WARNING, at, message, true));
  }

  /** Reports an ignored directive once per name, so stock configurations stay readable. */
  boolean firstIgnored(String name) {
    return reportedIgnored.add(name);
  }

  /** A path as httpd resolves it: relative to ServerRoot unless absolute. */
  Path resolve(String path) {
    return serverRoot.resolve(path).normalize();
  }

  /** Compiles a regex, reporting {@code message} (httpd's wording for that module) if it fails. */
  Optional<ApacheRegex> regex(
      String source, boolean caseInsensitive, SourceSpan at, String message) {
    // Many hosts repeat the same patterns; compiled patterns are immutable and can be shared.
    PcreTranslator.Result result =
        compiledRegexes.computeIfAbsent(
            (caseInsensitive ? "i:" : "s:") + source,
            key -> PcreTranslator.translate(source, caseInsensitive));
    if (result.failed()) {
      error(at, message + " (" + result.problem() + ")");
    }
    return result.regex();
  }

  Optional<DaemonProcessGroup> processGroup(String name) {
    return Optional.ofNullable(processGroupsByName.get(name));
  }

  void addProcessGroup(DaemonProcessGroup group) {
    processGroups.add(group);
    processGroupsByName.put(group.name(), group);
  }
}
