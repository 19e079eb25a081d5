package org.wsgi4j.regex;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression with httpd's semantics, compiled to {@code java.util.regex}: PCRE with
 * {@code .} matching newlines (httpd compiles with DOTALL), {@code $} matching only at the very
 * end, matching anywhere in the subject unless anchored, and {@code [NC]} folding ASCII case only.
 * Instances are made by {@link PcreTranslator}, the one place that knows the differences.
 *
 * @param source the expression as written in the configuration
 * @param caseInsensitive whether it was compiled for {@code [NC]} or a {@code ~*}-style match
 * @param pattern the compiled Java pattern
 * @param groupCount the number of capturing groups
 * @param literalPrefix text every match starts with (see {@link LiteralPrefix}), empty when none is
 *     known
 */
public record ApacheRegex(
    String source, boolean caseInsensitive, Pattern pattern, int groupCount, String literalPrefix) {

  public ApacheRegex {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(literalPrefix, "literalPrefix");
  }

  /**
   * False when {@code subject} certainly does not match (it lacks the literal prefix); true when it
   * may. Costs a prefix comparison, no matcher.
   */
  public boolean mayMatch(CharSequence subject) {
    return literalPrefix.isEmpty()
        || LiteralPrefix.startsWith(subject, literalPrefix, caseInsensitive);
  }

  /** httpd's match: the first match anywhere in {@code subject}, or none. */
  public Matcher find(CharSequence subject) {
    if (!mayMatch(subject)) {
      return null;
    }
    Matcher matcher = pattern.matcher(subject);
    return matcher.find() ? matcher : null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApacheRegex that
        && source.equals(that.source)
        && caseInsensitive == that.caseInsensitive;
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, caseInsensitive);
  }

  @Override
  public String toString() {
    return source;
  }
}
