package org.wsgi4j.model;

import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.SourceSpan;

/**
 * {@code Alias url-path target} or {@code AliasMatch regex target}.
 *
 * @param urlPattern the URL prefix, or the regex source
 * @param regex the compiled regex for AliasMatch
 * @param target the file-system path (with {@code $N} references for AliasMatch)
 */
public record AliasMapping(
    String urlPattern, Optional<ApacheRegex> regex, String target, SourceSpan origin) {
  public AliasMapping {
    Objects.requireNonNull(urlPattern, "urlPattern");
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(origin, "origin");
  }
}
