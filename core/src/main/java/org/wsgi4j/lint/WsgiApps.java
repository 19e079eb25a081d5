package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.SectionKind;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.WsgiScriptAlias;
import org.wsgi4j.model.WsgiSettings;

/**
 * Where each WSGI script alias runs, as far as the configuration says without a request: the
 * process group (empty for embedded mode) and application group that apply to the script's
 * directory and the alias URL. Sections are applied in httpd's merge order (Directory, then
 * DirectoryMatch and Files, then Location and LocationMatch); an alias's own {@code
 * process-group=}/{@code application-group=} options win.
 */
public final class WsgiApps {

  /**
   * One script alias and where it runs.
   *
   * @param host the host that declares it
   * @param alias the alias
   * @param script the resolved script path; empty when it depends on the request ($N)
   * @param processGroup the daemon group, or "" for embedded mode
   * @param applicationGroup as configured, {@code %{RESOURCE}} when unset
   * @param rawProcessGroup the process group as written ("" when nothing sets one)
   */
  public record App(
      ServerHost host,
      WsgiScriptAlias alias,
      Optional<String> script,
      String processGroup,
      String applicationGroup,
      String rawProcessGroup) {

    /** The interpreter key: equal keys mean one Python interpreter in one set of processes. */
    public Optional<String> interpreter() {
      String group = applicationGroup;
      if (group.equals("%{RESOURCE}") || group.contains("%{ENV:")) {
        return Optional.empty();
      }
      if (group.equals("%{SERVER}")) {
        group = "server:" + LintContext.serverName(host).orElse("");
      } else if (group.equals("%{GLOBAL}")) {
        group = "";
      }
      return Optional.of(processGroup + "|" + group);
    }

    public boolean embedded() {
      return processGroup.isEmpty();
    }
  }

  private final ImmutableList<App> apps;

  private WsgiApps(ImmutableList<App> apps) {
    this.apps = apps;
  }

  public ImmutableList<App> apps() {
    return apps;
  }

  static WsgiApps resolve(LintContext context) {
    List<App> apps = new ArrayList<>();
    ServerHost main = context.model().mainServer();
    for (ServerHost host : context.hosts()) {
      for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
        Optional<String> script =
            alias.script().contains("$")
                ? Optional.empty()
                : Optional.of(context.resolve(alias.script()));
        String processGroup = "";
        String applicationGroup = "%{RESOURCE}";
        List<WsgiSettings> layers = new ArrayList<>();
        if (!host.equals(main)) {
          layers.add(main.settings().defaults().wsgi());
        }
        layers.add(host.settings().defaults().wsgi());
        for (SectionKind kind : SectionKind.values()) {
          for (LintContext.HostSection s : context.sectionsSeenBy(host)) {
            if (s.section().kind() == kind && applies(s.section(), alias, script, context)) {
              layers.add(s.section().settings().wsgi());
            }
          }
        }
        for (WsgiSettings layer : layers) {
          processGroup = layer.processGroup().orElse(processGroup);
          applicationGroup = layer.applicationGroup().orElse(applicationGroup);
        }
        processGroup = alias.processGroup().orElse(processGroup);
        applicationGroup = alias.applicationGroup().orElse(applicationGroup);
        String raw = processGroup;
        if (processGroup.equals("%{GLOBAL}")) {
          processGroup = "";
        }
        apps.add(new App(host, alias, script, processGroup, applicationGroup, raw));
      }
    }
    return new WsgiApps(ImmutableList.copyOf(apps));
  }

  private static boolean applies(
      PathSection section, WsgiScriptAlias alias, Optional<String> script, LintContext context) {
    switch (section.kind()) {
      case DIRECTORY, FILES -> {
        if (script.isEmpty() || section.isRegex()) {
          return section.isRegex()
              && script.isPresent()
              && section.regex().get().find(script.get()) != null;
        }
        if (section.kind() == SectionKind.FILES) {
          return script.get().endsWith("/" + section.pattern());
        }
        return Paths.isUnder(script.get(), context.resolve(section.pattern()));
      }
      case DIRECTORY_MATCH, FILES_MATCH -> {
        return script.isPresent() && section.regex().get().find(script.get()) != null;
      }
      case LOCATION, LOCATION_MATCH -> {
        if (alias.isMatch()) {
          return section.pattern().equals("/");
        }
        if (section.isRegex()) {
          return section.regex().get().find(alias.urlPattern()) != null;
        }
        return Paths.isUnder(alias.urlPattern(), section.pattern());
      }
    }
    return false;
  }
}
