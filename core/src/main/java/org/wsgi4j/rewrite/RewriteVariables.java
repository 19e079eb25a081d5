package org.wsgi4j.rewrite;

import java.util.List;
import java.util.Optional;
import org.wsgi4j.source.SourceSpan;

/** The request as mod_rewrite's {@code %{VAR}} lookups see it. */
public interface RewriteVariables {
  /** A server variable by its upper-case name ({@code REQUEST_URI}, {@code HTTP_HOST}, ...). */
  String variable(String name);

  /** {@code %{HTTP:Name}}: a request header, repeats merged; empty when absent. */
  String header(String name);

  /**
   * The names of the request headers that lookups read and found since the last call (the name as
   * the configuration wrote it, {@code Host} never), then forgets them: mod_rewrite's {@code
   * vary_this}, from which a condition that decides adds the names to the answer's {@code Vary}.
   */
  default List<String> drainHeadersRead() {
    return List.of();
  }

  /** {@code %{ENV:name}}: request environment first, then the process environment. */
  Optional<String> environment(String name);

  /**
   * An {@code [E=...]} took effect: {@code NAME=value}, or {@code !NAME} to unset. httpd writes it
   * into the request's environment at once, so later conditions ({@code %{ENV:NAME}}) and
   * look-aheads (whose sub-requests copy the environment) of the same request see it.
   */
  default void environmentChanged(String change) {}

  /**
   * {@code %{LA-U:var}} / {@code %{LA-F:var}}: the variable as a sub-request for the URL (or file)
   * {@code path} would see it. Empty where a sub-request is not allowed (inside one, or with
   * nothing to look up).
   */
  default String lookahead(boolean file, String path, String variable, SourceSpan origin) {
    return "";
  }

  /**
   * The {@code -U} and {@code -F} conditions: whether a sub-request for the URL (or file) passes
   * every check before the handler (status below 400 for a URL; below 300 and an existing file for
   * a file). False where a sub-request is not allowed.
   */
  default boolean reachable(boolean file, String path, SourceSpan origin) {
    return false;
  }
}
