package org.wsgi4j.compile;

import org.wsgi4j.syntax.Directive;

/** Compiles one directive into the model, reporting what httpd's own handler would refuse. */
@FunctionalInterface
interface DirectiveHandler {
  void apply(Directive directive, Scope scope, CompileSession session);
}
