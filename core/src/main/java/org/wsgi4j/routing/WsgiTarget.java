package org.wsgi4j.routing;

import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.model.DaemonProcessGroup;

/**
 * Where a WSGI request goes.
 *
 * @param scriptFilename the script file (SCRIPT_FILENAME)
 * @param scriptName SCRIPT_NAME
 * @param pathInfo PATH_INFO
 * @param processGroup the resolved process group name, {@code ""} for embedded mode
 * @param daemon the daemon process group definition, empty in embedded mode
 * @param applicationGroup the resolved application group name, {@code ""} for %{GLOBAL}
 * @param callableObject the callable's name in the script, {@code application} by default
 * @param passAuthorization whether HTTP_AUTHORIZATION goes into the environ
 */
public record WsgiTarget(
    String scriptFilename,
    String scriptName,
    String pathInfo,
    String processGroup,
    Optional<DaemonProcessGroup> daemon,
    String applicationGroup,
    String callableObject,
    boolean passAuthorization) {

  public WsgiTarget {
    Objects.requireNonNull(scriptFilename, "scriptFilename");
    Objects.requireNonNull(scriptName, "scriptName");
    Objects.requireNonNull(pathInfo, "pathInfo");
    Objects.requireNonNull(processGroup, "processGroup");
    Objects.requireNonNull(daemon, "daemon");
    Objects.requireNonNull(applicationGroup, "applicationGroup");
    Objects.requireNonNull(callableObject, "callableObject");
  }

  /**
   * SCRIPT_NAME or PATH_INFO as mod_wsgi hands it on: every run of {@code /} collapsed to one
   * (httpd has merged slashes in the URI already, but rewrites and aliases can bring them back).
   */
  public static String collapseSlashes(String path) {
    if (!path.contains("//")) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '/' || out.length() == 0 || out.charAt(out.length() - 1) != '/') {
        out.append(c);
      }
    }
    return out.toString();
  }
}
