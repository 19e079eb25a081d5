package org.wsgi4j.model;

import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.SourceSpan;

/**
 * mod_alias's {@code Redirect [status] url-path [URL]} and {@code RedirectMatch [status] regex
 * [URL]} (RedirectTemp and RedirectPermanent are Redirect with a fixed status).
 *
 * @param urlPattern the URL prefix, or the regex source
 * @param regex the compiled regex for RedirectMatch
 * @param status 301, 302, 303, 410 or another 3xx/4xx status
 * @param target where to send the client ({@code $N} references for RedirectMatch); empty for
 *     statuses outside 3xx, which take none
 */
public record RedirectMapping(
    String urlPattern,
    Optional<ApacheRegex> regex,
    int status,
    Optional<String> target,
    SourceSpan origin) {
  public RedirectMapping {
    Objects.requireNonNull(urlPattern, "urlPattern");
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(origin, "origin");
  }
}
