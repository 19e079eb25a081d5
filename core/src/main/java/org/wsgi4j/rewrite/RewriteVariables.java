package org.wsgi4j.rewrite;

import java.util.Optional;

/** The request as mod_rewrite's {@code %{VAR}} lookups see it. */
public interface RewriteVariables {
  /** A server variable by its upper-case name ({@code REQUEST_URI}, {@code HTTP_HOST}, ...). */
  String variable(String name);

  /** {@code %{HTTP:Name}}: a request header, repeats merged; empty when absent. */
  String header(String name);

  /** {@code %{ENV:name}}: request environment first, then the process environment. */
  Optional<String> environment(String name);
}
