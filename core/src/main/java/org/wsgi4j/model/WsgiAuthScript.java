package org.wsgi4j.model;

import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.source.SourceSpan;

/**
 * A mod_wsgi auth script: {@code WSGIAuthUserScript} ({@code check_password}) or {@code
 * WSGIAuthGroupScript} ({@code groups_for_user}). mod_wsgi runs it in the Apache child, never in a
 * daemon process, in the interpreter of its application group.
 *
 * @param script the script file as written (mod_wsgi does not resolve it against ServerRoot)
 * @param applicationGroup the {@code application-group=} option as written ({@code %{GLOBAL}} and
 *     {@code %{SERVER}} are expanded per request); empty means {@code %{GLOBAL}}
 * @param origin where the directive was written
 */
public record WsgiAuthScript(String script, Optional<String> applicationGroup, SourceSpan origin) {
  public WsgiAuthScript {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(applicationGroup, "applicationGroup");
    Objects.requireNonNull(origin, "origin");
  }
}
