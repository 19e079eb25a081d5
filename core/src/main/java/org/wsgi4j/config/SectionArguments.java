package org.wsgi4j.config;

import com.google.common.collect.ImmutableSet;
import java.util.Locale;

/** Which sections httpd refuses without arguments ("directive requires additional arguments"). */
final class SectionArguments {
  private static final ImmutableSet<String> OPTIONAL =
      ImmutableSet.of("requireall", "requireany", "requirenone", "else", "limit");

  private SectionArguments() {}

  static boolean required(String sectionName) {
    return !OPTIONAL.contains(sectionName.toLowerCase(Locale.ROOT));
  }
}
