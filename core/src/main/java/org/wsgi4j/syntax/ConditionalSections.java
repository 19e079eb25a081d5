package org.wsgi4j.syntax;

import com.google.common.collect.ImmutableSet;
import java.util.Locale;

/**
 * The sections httpd evaluates while it reads ({@code EXEC_ON_READ} containers): their condition
 * decides whether the body is read at all, and a true body is read as a block of its own.
 */
public final class ConditionalSections {
  private static final ImmutableSet<String> NAMES =
      ImmutableSet.of("ifmodule", "ifdefine", "ifversion", "iffile", "ifdirective", "ifsection");

  private ConditionalSections() {}

  public static boolean isConditional(String sectionName) {
    return NAMES.contains(sectionName.toLowerCase(Locale.ROOT));
  }
}
