package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.Optional;

/**
 * mod_wsgi's per-directory settings.
 *
 * @param processGroup WSGIProcessGroup: a daemon group name, {@code %{GLOBAL}} for embedded mode,
 *     or an expansion such as {@code %{ENV:NAME}}
 * @param applicationGroup WSGIApplicationGroup: {@code %{GLOBAL}}, {@code %{RESOURCE}}, {@code
 *     %{SERVER}}, {@code %{ENV:NAME}} or a literal name
 * @param callableObject WSGICallableObject
 * @param passAuthorization WSGIPassAuthorization
 * @param scriptReloading WSGIScriptReloading
 * @param chunkedRequest WSGIChunkedRequest
 * @param restrictProcess WSGIRestrictProcess: the process groups this scope may select ({@code
 *     %{GLOBAL}} for embedded mode); empty when not restricted
 */
public record WsgiSettings(
    Optional<String> processGroup,
    Optional<String> applicationGroup,
    Optional<String> callableObject,
    Optional<Boolean> passAuthorization,
    Optional<Boolean> scriptReloading,
    Optional<Boolean> chunkedRequest,
    Optional<ImmutableList<String>> restrictProcess) {

  /** Settings without WSGIRestrictProcess. */
  public WsgiSettings(
      Optional<String> processGroup,
      Optional<String> applicationGroup,
      Optional<String> callableObject,
      Optional<Boolean> passAuthorization,
      Optional<Boolean> scriptReloading,
      Optional<Boolean> chunkedRequest) {
    this(
        processGroup,
        applicationGroup,
        callableObject,
        passAuthorization,
        scriptReloading,
        chunkedRequest,
        Optional.empty());
  }

  public WsgiSettings {
    Objects.requireNonNull(processGroup, "processGroup");
    Objects.requireNonNull(applicationGroup, "applicationGroup");
    Objects.requireNonNull(callableObject, "callableObject");
    Objects.requireNonNull(passAuthorization, "passAuthorization");
    Objects.requireNonNull(scriptReloading, "scriptReloading");
    Objects.requireNonNull(chunkedRequest, "chunkedRequest");
    Objects.requireNonNull(restrictProcess, "restrictProcess");
  }

  /**
   * Whether WSGIRestrictProcess lets a request run in {@code processGroup} ({@code ""} = embedded,
   * listed as {@code %{GLOBAL}}).
   */
  public boolean processAllowed(String processGroup) {
    return restrictProcess
        .map(
            groups ->
                groups.contains(processGroup)
                    || (processGroup.isEmpty() && groups.contains("%{GLOBAL}")))
        .orElse(true);
  }

  public static WsgiSettings unset() {
    return new WsgiSettings(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
