package org.wsgi4j.model;

import java.util.Objects;
import org.wsgi4j.source.SourceSpan;

/**
 * A script mod_wsgi loads when a process of its group starts, before that process takes a request:
 * {@code WSGIImportScript path process-group=P application-group=A}, or a {@code WSGIScriptAlias}
 * with both groups given (mod_wsgi preloads its script the same way).
 *
 * @param scriptFilename the script, as the router names it for requests (so a preloaded alias
 *     script is the module the requests use)
 * @param processGroup the daemon group, {@code ""} for embedded mode ({@code %{GLOBAL}})
 * @param applicationGroup the interpreter, {@code ""} for {@code %{GLOBAL}}
 * @param fromScriptAlias whether it comes from a WSGIScriptAlias rather than WSGIImportScript
 * @param origin the directive
 */
public record WsgiImportScript(
    String scriptFilename,
    String processGroup,
    String applicationGroup,
    boolean fromScriptAlias,
    SourceSpan origin) {
  public WsgiImportScript {
    Objects.requireNonNull(scriptFilename, "scriptFilename");
    Objects.requireNonNull(processGroup, "processGroup");
    Objects.requireNonNull(applicationGroup, "applicationGroup");
    Objects.requireNonNull(origin, "origin");
  }
}
