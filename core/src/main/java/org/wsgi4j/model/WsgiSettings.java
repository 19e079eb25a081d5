package org.wsgi4j.model;

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
 */
public record WsgiSettings(
    Optional<String> processGroup,
    Optional<String> applicationGroup,
    Optional<String> callableObject,
    Optional<Boolean> passAuthorization,
    Optional<Boolean> scriptReloading,
    Optional<Boolean> chunkedRequest) {

  public WsgiSettings {
    Objects.requireNonNull(processGroup, "processGroup");
    Objects.requireNonNull(applicationGroup, "applicationGroup");
    Objects.requireNonNull(callableObject, "callableObject");
    Objects.requireNonNull(passAuthorization, "passAuthorization");
    Objects.requireNonNull(scriptReloading, "scriptReloading");
    Objects.requireNonNull(chunkedRequest, "chunkedRequest");
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
