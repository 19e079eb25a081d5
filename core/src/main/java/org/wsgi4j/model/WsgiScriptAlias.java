package org.wsgi4j.model;

import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.SourceSpan;

/**
 * {@code WSGIScriptAlias url-path script [options]} or {@code WSGIScriptAliasMatch regex script
 * [options]}.
 *
 * @param urlPattern the URL prefix, or the regex source
 * @param regex the compiled regex for the Match form
 * @param script the script path (with {@code $N} references for the Match form)
 * @param processGroup the {@code process-group=} option
 * @param applicationGroup the {@code application-group=} option
 * @param callableObject the {@code callable-object=} option
 * @param passAuthorization the {@code pass-authorization=} option
 */
public record WsgiScriptAlias(
    String urlPattern,
    Optional<ApacheRegex> regex,
    String script,
    Optional<String> processGroup,
    Optional<String> applicationGroup,
    Optional<String> callableObject,
    Optional<Boolean> passAuthorization,
    SourceSpan origin) {

  public WsgiScriptAlias {
    Objects.requireNonNull(urlPattern, "urlPattern");
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(processGroup, "processGroup");
    Objects.requireNonNull(applicationGroup, "applicationGroup");
    Objects.requireNonNull(callableObject, "callableObject");
    Objects.requireNonNull(passAuthorization, "passAuthorization");
    Objects.requireNonNull(origin, "origin");
  }

  public boolean isMatch() {
    return regex.isPresent();
  }
}
