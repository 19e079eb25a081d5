package org.wsgi4j.directive;

import java.util.Optional;

/**
 * A module httpd can load.
 *
 * @param id the identifier {@code LoadModule} and {@code <IfModule>} use, e.g. rewrite_module
 * @param sourceFile the source file name {@code <IfModule>} also accepts, e.g. mod_rewrite.c
 * @param sharedObject the file LoadModule names, empty for modules compiled into httpd
 */
public record ModuleSpec(String id, String sourceFile, Optional<String> sharedObject) {
  public boolean isBuiltIn() {
    return sharedObject.isEmpty();
  }
}
