package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.model.DirectorySettings;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.RewriteFlag;
import org.wsgi4j.model.RewriteRule;
import org.wsgi4j.model.SectionKind;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.VhostAddress;
import org.wsgi4j.source.SourceSpan;

/** Rules about hosts, protocol settings and file-system sections (W350-W356, I405). */
final class HostRules {
  private static final ImmutableList<String> FILE_SYSTEM_ROOTS =
      ImmutableList.of("/var/", "/srv/", "/home/", "/usr/", "/opt/", "/etc/", "/tmp/");

  private HostRules() {}

  static List<LintFinding> traceEnable(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.Visit visit : context.directives("TraceEnable")) {
      String value = visit.directive().rawArgs().strip().toLowerCase(Locale.ROOT);
      if (value.equals("on") || value.equals("extended")) {
        found.add(
            LintFinding.of(
                LintCode.W350,
                visit.directive().span(),
                "TraceEnable "
                    + visit.directive().rawArgs().strip()
                    + " echoes requests back, cookies and auth headers included (cross-site"
                    + " tracing); write TraceEnable Off"));
      }
    }
    return found;
  }

  static List<LintFinding> encodedSlashes(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.Visit visit : context.directives("AllowEncodedSlashes")) {
      if (visit.directive().rawArgs().strip().equalsIgnoreCase("on")) {
        found.add(
            LintFinding.of(
                LintCode.W351,
                visit.directive().span(),
                "AllowEncodedSlashes On decodes %2F to '/' before <Location> and alias"
                    + " matching, so /a%2Fb and /a/b are the same path to httpd but not to every"
                    + " application; use NoDecode"));
      }
    }
    return found;
  }

  static List<LintFinding> directoryMissing(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      PathSection section = s.section();
      String pattern = section.pattern();
      if (section.kind() != SectionKind.DIRECTORY
          || section.isRegex()
          || Paths.hasWildcard(pattern)
          || pattern.contains("${")
          || !pattern.startsWith("/")) {
        continue;
      }
      String path = context.resolve(pattern);
      if (!context.files().exists(path)) {
        found.add(
            LintFinding.of(
                LintCode.W352,
                section.origin(),
                "<Directory "
                    + pattern
                    + "> names a path that does not exist, so its settings apply to nothing"
                    + (looksLikeUrl(s.host(), pattern)
                        ? "; it is a URL of this host: use <Location>"
                        : "; check for a typo")));
      }
    }
    return found;
  }

  private static boolean looksLikeUrl(ServerHost host, String pattern) {
    return host.settings().scriptAliases().stream()
        .anyMatch(
            a ->
                !a.isMatch()
                    && !a.urlPattern().equals("/")
                    && Paths.isUnder(pattern, a.urlPattern()));
  }

  static List<LintFinding> locationIsFilePath(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      PathSection section = s.section();
      String pattern = section.pattern();
      if (section.kind() == SectionKind.LOCATION
          && FILE_SYSTEM_ROOTS.stream().anyMatch(pattern::startsWith)
          && context.files().exists(pattern)) {
        found.add(
            LintFinding.of(
                LintCode.W353,
                section.origin(),
                "<Location "
                    + pattern
                    + "> is compared with URLs, but this is a file-system path; use <Directory "
                    + pattern
                    + ">"));
      }
    }
    return found;
  }

  static List<LintFinding> duplicateNames(LintContext context) {
    return names(context, false);
  }

  static List<LintFinding> unreachable(LintContext context) {
    return names(context, true);
  }

  private static List<LintFinding> names(LintContext context, boolean unreachable) {
    List<LintFinding> found = new ArrayList<>();
    List<ServerHost> earlier = new ArrayList<>();
    for (ServerHost host : context.model().virtualHosts()) {
      List<String> names = names(host);
      List<String> taken = new ArrayList<>();
      Optional<ServerHost> firstOwner = Optional.empty();
      for (String name : names) {
        for (ServerHost before : earlier) {
          if (overlaps(before, host) && names(before).contains(name)) {
            taken.add(name);
            firstOwner = firstOwner.isPresent() ? firstOwner : Optional.of(before);
            break;
          }
        }
      }
      boolean all = !names.isEmpty() && taken.size() == names.size();
      if (unreachable && all) {
        found.add(
            LintFinding.of(
                LintCode.W355,
                host.origin(),
                "This virtual host is never chosen: the one at line "
                    + firstOwner.get().origin().line()
                    + " on the same address already answers to "
                    + String.join(", ", names)));
      } else if (!unreachable && !all) {
        for (String name : taken) {
          found.add(
              LintFinding.of(
                  LintCode.W354,
                  host.origin(),
                  name
                      + " is also a ServerName/ServerAlias of an earlier virtual host on the same"
                      + " address, which gets those requests; this one never does"));
        }
      }
      earlier.add(host);
    }
    return found;
  }

  private static List<String> names(ServerHost host) {
    List<String> names = new ArrayList<>();
    LintContext.serverName(host).ifPresent(names::add);
    for (String alias : host.serverAliases()) {
      String name = LintContext.hostPart(alias).toLowerCase(Locale.ROOT);
      if (!Paths.hasWildcard(name) && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean overlaps(ServerHost a, ServerHost b) {
    for (VhostAddress x : a.addresses()) {
      for (VhostAddress y : b.addresses()) {
        boolean sameHost = x.host().equalsIgnoreCase(y.host());
        boolean samePort = x.port().isEmpty() || y.port().isEmpty() || x.port().equals(y.port());
        if (sameHost && samePort) {
          return true;
        }
      }
    }
    return false;
  }

  static List<LintFinding> withoutServerName(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    ImmutableList<ServerHost> vhosts = context.model().virtualHosts();
    for (int i = 0; i < vhosts.size(); i++) {
      ServerHost host = vhosts.get(i);
      if (host.serverName().isPresent()) {
        continue;
      }
      boolean shared = false;
      for (ServerHost other : vhosts) {
        shared |= !other.equals(host) && overlaps(other, host);
      }
      if (shared) {
        found.add(
            LintFinding.of(
                LintCode.I405,
                host.origin(),
                "This virtual host shares its address with others but has no ServerName: it"
                    + " inherits the main server's name and is chosen only "
                    + (isFirstOnAddress(vhosts, i) ? "as the default" : "by accident, if ever")
                    + "; give it a ServerName"));
      }
    }
    return found;
  }

  private static boolean isFirstOnAddress(List<ServerHost> vhosts, int index) {
    for (int j = 0; j < index; j++) {
      if (overlaps(vhosts.get(j), vhosts.get(index))) {
        return false;
      }
    }
    return true;
  }

  static List<LintFinding> httpPrefix(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    List<DirectorySettings> all = new ArrayList<>();
    List<RewriteRule> rules = new ArrayList<>();
    for (ServerHost host : context.hosts()) {
      all.add(host.settings().defaults());
      rules.addAll(host.settings().rewrite().rules());
    }
    for (LintContext.HostSection s : context.sections()) {
      all.add(s.section().settings());
    }
    for (DirectorySettings settings : all) {
      rules.addAll(settings.rewrite().rules());
      for (EnvRule rule : settings.environment()) {
        if (rule instanceof EnvRule.Set set) {
          check(set.name(), set.origin(), found);
        } else if (rule instanceof EnvRule.SetIf setIf) {
          for (String assignment : setIf.assignments()) {
            int equals = assignment.indexOf('=');
            check(equals > 0 ? assignment.substring(0, equals) : assignment, setIf.origin(), found);
          }
        }
      }
    }
    for (RewriteRule rule : rules) {
      for (String env : rule.flags().get(RewriteFlag.ENV)) {
        int colon = env.indexOf(':');
        check(colon > 0 ? env.substring(0, colon) : env, rule.origin(), found);
      }
    }
    return ImmutableList.copyOf(found.stream().distinct().toList());
  }

  private static void check(String name, SourceSpan span, List<LintFinding> found) {
    String n = name.startsWith("!") ? name.substring(1) : name;
    if (n.toUpperCase(Locale.ROOT).startsWith("HTTP_")) {
      found.add(
          LintFinding.of(
              LintCode.W356,
              span,
              "The configuration sets "
                  + n
                  + ", a name in the HTTP_* space that client headers fill: a client can send"
                  + " the header and the application cannot tell the two apart (CVE-2018-1283);"
                  + " pick a name without HTTP_"));
    }
  }
}
