package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.SourceSpan;

/**
 * A Directory, Location or Files section (or their Match forms).
 *
 * @param kind which section
 * @param pattern the path or wildcard pattern, or the regex source, as written
 * @param regex the compiled regex for the Match forms and the {@code ~} form
 * @param settings the per-directory settings inside it
 * @param nested Files sections inside a Directory
 * @param origin the opening line
 */
public record PathSection(
    SectionKind kind,
    String pattern,
    Optional<ApacheRegex> regex,
    DirectorySettings settings,
    ImmutableList<PathSection> nested,
    SourceSpan origin) {

  public PathSection {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(nested, "nested");
    Objects.requireNonNull(origin, "origin");
  }

  /** True for Match forms and for the {@code <Location ~ "regex">} spelling. */
  public boolean isRegex() {
    return regex.isPresent();
  }
}
