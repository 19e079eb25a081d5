package org.wsgi4j.compile;

import java.util.List;
import org.wsgi4j.model.PathSection;

/**
 * Where a directive is being compiled: its host, the per-directory settings it adds to, and whether
 * that is the host's own level (so host-only directives and server-context rewriting apply) or a
 * section inside it.
 *
 * @param host the main server or the enclosing virtual host
 * @param directory the per-directory target
 * @param hostLevel true outside any path section
 * @param nestedSections where a nested Files section goes (the host's list at host level)
 */
record Scope(
    HostBuilder host,
    DirectoryBuilder directory,
    boolean hostLevel,
    List<PathSection> nestedSections) {

  static Scope hostLevel(HostBuilder host) {
    return new Scope(host, host.defaults, true, host.sections);
  }

  Scope inSection(DirectoryBuilder sectionSettings, List<PathSection> nested) {
    return new Scope(host, sectionSettings, false, nested);
  }
}
