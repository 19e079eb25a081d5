package org.wsgi4j.directive;

import com.google.common.collect.ImmutableSet;
import java.util.Objects;

/**
 * One directive as httpd defines it.
 *
 * @param name the canonical spelling; sections keep their leading {@code <}
 * @param moduleFiles the source file names of the modules that define it, as {@code apache2 -L}
 *     prints them (several for MPM directives such as Listen)
 * @param arity the argument count rule
 * @param contexts where httpd accepts it
 * @param overrides the {@code AllowOverride} classes that allow it in .htaccess, empty if none
 * @param support what wsgi4j does with it
 * @param description httpd's one-line description, which httpd appends to arity complaints
 */
public record DirectiveSpec(
    String name,
    ImmutableSet<String> moduleFiles,
    Arity arity,
    ImmutableSet<Context> contexts,
    ImmutableSet<String> overrides,
    SupportLevel support,
    String description) {

  public DirectiveSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(moduleFiles, "moduleFiles");
    Objects.requireNonNull(arity, "arity");
    Objects.requireNonNull(contexts, "contexts");
    Objects.requireNonNull(overrides, "overrides");
    Objects.requireNonNull(support, "support");
    Objects.requireNonNull(description, "description");
  }

  public boolean isSection() {
    return name.startsWith("<");
  }

  public boolean allowedIn(Context context) {
    return contexts.contains(context);
  }
}
