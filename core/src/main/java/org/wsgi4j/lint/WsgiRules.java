package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.model.DirectorySettings;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.model.MethodLimit;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.RewriteFlag;
import org.wsgi4j.model.RewriteRule;
import org.wsgi4j.model.SectionKind;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.WsgiScriptAlias;
import org.wsgi4j.source.SourceSpan;

/** Rules about WSGI applications, daemon process groups and interpreters (W301-W315, I404). */
final class WsgiRules {
  private static final Pattern SETS_SETTINGS =
      Pattern.compile(
          "environ\\s*\\[\\s*['\"]DJANGO_SETTINGS_MODULE['\"]\\s*\\]\\s*=(?!=)"
              + "|setdefault\\s*\\(\\s*['\"]DJANGO_SETTINGS_MODULE['\"]"
              + "|putenv\\s*\\(\\s*['\"]DJANGO_SETTINGS_MODULE['\"]");
  private static final Pattern SETDEFAULT_SETTINGS =
      Pattern.compile("setdefault\\s*\\(\\s*['\"]DJANGO_SETTINGS_MODULE['\"]");
  private static final Pattern READS_OS_ENVIRON =
      Pattern.compile(
          "os\\.environ\\s*(?:\\[|\\.get\\s*\\()\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]"
              + "|os\\.getenv\\s*\\(\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]");
  private static final Pattern ENV_GROUP = Pattern.compile("%\\{ENV:([^}]+)\\}");
  private static final Pattern BACKREF_ONLY = Pattern.compile("(?:\\$[0-9]|%[0-9])+");

  private WsgiRules() {}

  static List<LintFinding> daemonUnused(LintContext context) {
    Set<String> used = new HashSet<>();
    for (ServerHost host : context.hosts()) {
      for (DirectorySettings settings : allSettings(context, host)) {
        settings.wsgi().processGroup().ifPresent(used::add);
      }
      for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
        alias.processGroup().ifPresent(used::add);
      }
    }
    if (used.stream().anyMatch(name -> name.contains("%{") && !name.equals("%{GLOBAL}"))) {
      return new ArrayList<>(); // chosen per request: any daemon may be the one
    }
    List<LintFinding> found = new ArrayList<>();
    for (DaemonProcessGroup group : context.model().processGroups()) {
      if (!used.contains(group.name())) {
        found.add(
            LintFinding.of(
                LintCode.W301,
                group.origin(),
                "WSGIDaemonProcess "
                    + group.name()
                    + " is never used: no WSGIProcessGroup or process-group= names it, so its"
                    + " processes start and idle while the scripts run elsewhere"));
      }
    }
    return found;
  }

  static List<LintFinding> sharedSettings(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    Map<String, WsgiApps.App> firstByInterpreter = new HashMap<>();
    for (WsgiApps.App app : context.wsgiApps().apps()) {
      Optional<String> key = app.interpreter();
      if (key.isEmpty() || !setsSettings(context, app)) {
        continue;
      }
      WsgiApps.App first = firstByInterpreter.putIfAbsent(key.get(), app);
      if (first != null && !first.script().equals(app.script())) {
        found.add(
            LintFinding.of(
                LintCode.W302,
                app.alias().origin(),
                app.script().get()
                    + " and "
                    + first.script().get()
                    + " both set DJANGO_SETTINGS_MODULE but run in one interpreter ("
                    + describe(app)
                    + "): whichever loads first decides the settings of both; give each its"
                    + " own WSGIDaemonProcess or application group"));
      }
    }
    return found;
  }

  static List<LintFinding> setdefaultShared(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    ImmutableList<WsgiApps.App> apps = context.wsgiApps().apps();
    for (WsgiApps.App app : apps) {
      if (app.script().isEmpty() || !matches(context, app, SETDEFAULT_SETTINGS)) {
        continue;
      }
      for (WsgiApps.App other : apps) {
        boolean sameProcess = other.processGroup().equals(app.processGroup());
        boolean sameInterpreter =
            other.interpreter().isPresent() && other.interpreter().equals(app.interpreter());
        if (sameProcess
            && !sameInterpreter
            && other.script().isPresent()
            && !other.script().equals(app.script())
            && setsSettings(context, other)) {
          found.add(
              LintFinding.of(
                  LintCode.W303,
                  app.alias().origin(),
                  app.script().get()
                      + " uses os.environ.setdefault('DJANGO_SETTINGS_MODULE', ...) in a process"
                      + " shared with "
                      + other.script().get()
                      + ": os.environ is process-wide, so the interpreter loaded second keeps"
                      + " the first one's settings; assign os.environ[...] directly or use one"
                      + " daemon process group per site"));
          break;
        }
      }
    }
    return found;
  }

  static List<LintFinding> maximumRequests(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (DaemonProcessGroup group : context.model().processGroups()) {
      if (group.maximumRequests().isPresent()
          && group.maximumRequests().getAsInt() > 0
          && !group.options().containsKey("graceful-timeout")) {
        found.add(
            LintFinding.of(
                LintCode.W304,
                group.origin(),
                "WSGIDaemonProcess "
                    + group.name()
                    + " sets maximum-requests="
                    + group.maximumRequests().getAsInt()
                    + " without graceful-timeout: at the limit the process stops at once and"
                    + " requests still running after shutdown-timeout (5 s) are cut off; add"
                    + " graceful-timeout so it waits for an idle moment"));
      }
    }
    return found;
  }

  static List<LintFinding> threadsWithoutGil(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (DaemonProcessGroup group : context.model().processGroups()) {
      if (group.threads() > 1) {
        found.add(
            LintFinding.of(
                LintCode.I406,
                group.origin(),
                "WSGIDaemonProcess "
                    + group.name()
                    + " runs "
                    + group.threads()
                    + " threads"
                    + (group.options().containsKey("threads") ? "" : " (the default)")
                    + ": on wsgi4j the application runs on Jython, which has no GIL, so they"
                    + " execute Python code truly in parallel; code that was only safe because"
                    + " CPython's GIL serialised it (shared dicts and lists changed per request,"
                    + " lazily built globals) can race; make sure the application is thread-safe"
                    + " or use threads=1"));
      }
    }
    return found;
  }

  static List<LintFinding> processGroupNotAccessible(LintContext context) {
    Map<String, Optional<String>> daemonHost = new HashMap<>();
    for (LintContext.Visit visit : context.directives("WSGIDaemonProcess")) {
      if (!visit.directive().args().isEmpty()) {
        ServerHost host = context.hostOf(visit);
        daemonHost.put(
            visit.directive().value(0),
            host.isVirtualHost() ? LintContext.serverName(host) : Optional.empty());
      }
    }
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.Visit visit : context.directives("WSGIProcessGroup")) {
      if (visit.directive().args().isEmpty()) {
        continue;
      }
      String name = visit.directive().value(0);
      Optional<String> definedIn = daemonHost.getOrDefault(name, Optional.empty());
      ServerHost host = context.hostOf(visit);
      if (definedIn.isPresent() && !LintContext.serverName(host).equals(definedIn)) {
        found.add(
            LintFinding.of(
                LintCode.W305,
                visit.directive().span(),
                "WSGIProcessGroup "
                    + name
                    + " names a daemon defined in the virtual host "
                    + definedIn.get()
                    + ": mod_wsgi refuses it from "
                    + LintContext.serverName(host).orElse("the main server")
                    + " with 500 (WSGI process group not accessible); define the daemon at"
                    + " server level to share it"));
      }
    }
    return found;
  }

  static List<LintFinding> runsEmbedded(LintContext context) {
    Set<ServerHost> hostsWithDaemons = new HashSet<>();
    for (LintContext.Visit visit : context.directives("WSGIDaemonProcess")) {
      hostsWithDaemons.add(context.hostOf(visit));
    }
    List<LintFinding> found = new ArrayList<>();
    for (WsgiApps.App app : context.wsgiApps().apps()) {
      if (app.rawProcessGroup().isEmpty() && hostsWithDaemons.contains(app.host())) {
        found.add(
            LintFinding.of(
                LintCode.W306,
                app.alias().origin(),
                "WSGI script "
                    + app.alias().script()
                    + " runs embedded in the httpd worker processes although this host defines a"
                    + " WSGIDaemonProcess: add WSGIProcessGroup or process-group=, or write"
                    + " WSGIProcessGroup %{GLOBAL} if embedded mode is meant"));
      }
    }
    return found;
  }

  static List<LintFinding> applicationGroupFromRequest(LintContext context) {
    Set<String> fromRequest = requestDerivedVariables(context);
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.Visit visit : context.directives("WSGIApplicationGroup")) {
      if (!visit.directive().args().isEmpty()) {
        checkGroup(visit.directive().value(0), visit.directive().span(), fromRequest, found);
      }
    }
    for (ServerHost host : context.hosts()) {
      for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
        alias
            .applicationGroup()
            .ifPresent(group -> checkGroup(group, alias.origin(), fromRequest, found));
      }
    }
    return found;
  }

  private static void checkGroup(
      String group, SourceSpan span, Set<String> fromRequest, List<LintFinding> found) {
    Matcher env = ENV_GROUP.matcher(group);
    while (env.find()) {
      if (fromRequest.contains(env.group(1))) {
        found.add(
            LintFinding.of(
                LintCode.W307,
                span,
                "Application group "
                    + group
                    + " takes "
                    + env.group(1)
                    + " from the request: every distinct value creates another Python"
                    + " interpreter that is never freed, so clients can exhaust memory; map the"
                    + " value onto a fixed set of groups"));
        return;
      }
    }
  }

  /** Environment variables whose value is copied from a regex capture of the request. */
  private static Set<String> requestDerivedVariables(LintContext context) {
    Set<String> names = new HashSet<>();
    for (ServerHost host : context.hosts()) {
      List<DirectorySettings> all = allSettings(context, host);
      List<RewriteRule> rules = new ArrayList<>(host.settings().rewrite().rules());
      for (DirectorySettings settings : all) {
        rules.addAll(settings.rewrite().rules());
        for (EnvRule rule : settings.environment()) {
          if (rule instanceof EnvRule.SetIf setIf) {
            for (String assignment : setIf.assignments()) {
              int equals = assignment.indexOf('=');
              if (equals > 0 && assignment.substring(equals).contains("$")) {
                names.add(assignment.substring(0, equals).replaceFirst("^!", ""));
              }
            }
          }
        }
      }
      for (RewriteRule rule : rules) {
        for (String env : rule.flags().get(RewriteFlag.ENV)) {
          int colon = env.indexOf(':');
          if (colon > 0 && (env.indexOf('$', colon) > 0 || env.indexOf('%', colon) > 0)) {
            names.add(env.substring(0, colon));
          }
        }
      }
    }
    return names;
  }

  static List<LintFinding> passAuthorization(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.Visit visit : context.directives("WSGIPassAuthorization")) {
      if (visit.directive().rawArgs().strip().equalsIgnoreCase("on")
          && basicAuthIn(context, context.hostOf(visit))) {
        found.add(passAuthorizationFinding(visit.directive().span()));
      }
    }
    for (ServerHost host : context.hosts()) {
      for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
        if (alias.passAuthorization().orElse(false) && basicAuthIn(context, host)) {
          found.add(passAuthorizationFinding(alias.origin()));
        }
      }
    }
    return found;
  }

  private static LintFinding passAuthorizationFinding(SourceSpan span) {
    return LintFinding.of(
        LintCode.W308,
        span,
        "WSGIPassAuthorization On where httpd itself does Basic authentication: the"
            + " application receives every user's password in HTTP_AUTHORIZATION; use"
            + " REMOTE_USER instead, or let the application do all of the authentication");
  }

  private static boolean basicAuthIn(LintContext context, ServerHost host) {
    return context.sectionsSeenBy(host).stream()
        .anyMatch(
            s ->
                s.section().settings().auth().type().orElse("").equalsIgnoreCase("basic")
                    || s.limits().stream()
                        .anyMatch(
                            l -> l.settings().auth().type().orElse("").equalsIgnoreCase("basic")));
  }

  static List<LintFinding> scriptInDocumentRoot(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (WsgiApps.App app : context.wsgiApps().apps()) {
      Optional<String> root = documentRoot(context, app.host());
      if (app.script().isEmpty() || root.isEmpty() || mapsEverything(app.host())) {
        continue;
      }
      if (Paths.isUnder(app.script().get(), root.get())) {
        found.add(
            LintFinding.of(
                LintCode.W309,
                app.alias().origin(),
                "WSGI script "
                    + app.script().get()
                    + " lies under DocumentRoot "
                    + root.get()
                    + ": it can be requested as a static file and its source (with any secrets)"
                    + " downloaded; keep scripts outside DocumentRoot"));
      }
    }
    return found;
  }

  static List<LintFinding> documentRootHasScripts(LintContext context) {
    boolean wsgiHandler =
        context.directives().stream()
            .anyMatch(
                v ->
                    (v.is("AddHandler") || v.is("SetHandler"))
                        && v.directive()
                            .rawArgs()
                            .toLowerCase(Locale.ROOT)
                            .contains("wsgi-script"));
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.Visit visit : context.directives("DocumentRoot")) {
      ServerHost host = context.hostOf(visit);
      if (visit.directive().args().isEmpty() || mapsEverything(host)) {
        continue;
      }
      String root = context.resolve(visit.directive().value(0));
      List<String> scripts = new ArrayList<>();
      for (String name : context.files().list(root)) {
        if (name.endsWith(".py") || (name.endsWith(".wsgi") && !wsgiHandler)) {
          scripts.add(name);
        }
      }
      if (!scripts.isEmpty()) {
        found.add(
            LintFinding.of(
                LintCode.W310,
                visit.directive().span(),
                "DocumentRoot "
                    + root
                    + " holds "
                    + String.join(", ", scripts)
                    + ": nothing runs them there, so httpd serves their source as plain files;"
                    + " move them out of DocumentRoot"));
      }
    }
    return found;
  }

  static List<LintFinding> indexesOnScriptDirectory(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      PathSection section = s.section();
      if (section.kind() != SectionKind.DIRECTORY
          || section.isRegex()
          || !enablesIndexes(section.settings().options())) {
        continue;
      }
      String directory = context.resolve(section.pattern());
      for (WsgiApps.App app : context.wsgiApps().apps()) {
        if (app.script().isPresent()
            && Paths.isUnder(Paths.parent(app.script().get()), directory)) {
          found.add(
              LintFinding.of(
                  LintCode.W311,
                  section.origin(),
                  "Options Indexes on "
                      + section.pattern()
                      + ", which holds the WSGI script "
                      + app.script().get()
                      + ": directory listings reveal script and backup file names; use"
                      + " Options -Indexes"));
          break;
        }
      }
    }
    return found;
  }

  /** Options words of one directive: all relative (+/-) or all absolute, as httpd demands. */
  private static boolean enablesIndexes(List<String> options) {
    boolean on = false;
    for (String option : options) {
      String o = option.toLowerCase(Locale.ROOT);
      if (o.equals("indexes") || o.equals("+indexes") || o.equals("all")) {
        on = true;
      } else if (o.equals("-indexes") || o.equals("none")) {
        on = false;
      }
    }
    return on;
  }

  static List<LintFinding> aliasTrailingSlash(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (ServerHost host : context.hosts()) {
      for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
        String url = alias.urlPattern();
        if (!alias.isMatch()
            && url.length() > 1
            && url.endsWith("/")
            && !alias.script().endsWith("/")) {
          found.add(
              LintFinding.of(
                  LintCode.W312,
                  alias.origin(),
                  "WSGIScriptAlias "
                      + url
                      + " ends in '/': a request for "
                      + url.substring(0, url.length() - 1)
                      + " is not mapped to the script and gets 404; write the URL without the"
                      + " trailing slash"));
        }
      }
    }
    return found;
  }

  static List<LintFinding> aliasShadowed(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (ServerHost host : context.hosts()) {
      List<WsgiScriptAlias> earlier = new ArrayList<>();
      for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
        for (WsgiScriptAlias before : earlier) {
          if (!alias.isMatch() && shadows(before, alias.urlPattern())) {
            found.add(
                LintFinding.of(
                    LintCode.W313,
                    alias.origin(),
                    "WSGIScriptAlias "
                        + alias.urlPattern()
                        + " is never used: the earlier alias "
                        + before.urlPattern()
                        + " (line "
                        + before.origin().line()
                        + ") matches every URL it would; put the longer URL first"));
            break;
          }
        }
        earlier.add(alias);
      }
    }
    return found;
  }

  private static boolean shadows(WsgiScriptAlias before, String url) {
    return !before.isMatch() && Paths.isUnder(url, before.urlPattern());
  }

  static List<LintFinding> aliasMatchUnanchored(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (ServerHost host : context.hosts()) {
      for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
        if (alias.isMatch() && !Paths.withoutInlineFlags(alias.urlPattern()).startsWith("^")) {
          found.add(
              LintFinding.of(
                  LintCode.W314,
                  alias.origin(),
                  "WSGIScriptAliasMatch "
                      + alias.urlPattern()
                      + " is not anchored with '^': it also matches deeper in the URL (e.g. under"
                      + " another application's prefix), and the part before the match is lost"
                      + " from SCRIPT_NAME"));
        }
      }
    }
    return found;
  }

  static List<LintFinding> scriptChosenByUrl(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (ServerHost host : context.hosts()) {
      for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
        String script = alias.script();
        String last = script.substring(script.lastIndexOf('/') + 1);
        if (alias.isMatch() && BACKREF_ONLY.matcher(last).matches()) {
          found.add(
              LintFinding.of(
                  LintCode.W315,
                  alias.origin(),
                  "The script file name is the URL capture "
                      + last
                      + ": a request can run any file in "
                      + Paths.parent(script)
                      + " as Python (trac.wsgi.bak, settings.py, ...); put a fixed extension"
                      + " after the capture, e.g. "
                      + last
                      + ".wsgi, and keep the capture free of '.'"));
        }
      }
    }
    return found;
  }

  static List<LintFinding> setEnvNotInOsEnviron(LintContext context) {
    Map<String, String> readByScript = new LinkedHashMap<>();
    for (WsgiApps.App app : context.wsgiApps().apps()) {
      if (app.script().isEmpty()) {
        continue;
      }
      Optional<String> text = context.files().readText(app.script().get());
      if (text.isEmpty()) {
        continue;
      }
      Matcher reads = READS_OS_ENVIRON.matcher(text.get());
      while (reads.find()) {
        String name = reads.group(1) != null ? reads.group(1) : reads.group(2);
        readByScript.putIfAbsent(name, app.script().get());
      }
    }
    List<LintFinding> found = new ArrayList<>();
    for (ServerHost host : context.hosts()) {
      for (DirectorySettings settings : allSettings(context, host)) {
        for (EnvRule rule : settings.environment()) {
          if (rule instanceof EnvRule.Set set && readByScript.containsKey(set.name())) {
            found.add(
                LintFinding.of(
                    LintCode.I404,
                    set.origin(),
                    "SetEnv "
                        + set.name()
                        + " reaches the WSGI environ of each request, not os.environ, which "
                        + readByScript.get(set.name())
                        + " reads: pass it from environ in application() or set it in the"
                        + " script"));
          }
        }
      }
    }
    return ImmutableList.copyOf(found.stream().distinct().toList());
  }

  // ---- helpers ----

  static List<DirectorySettings> allSettings(LintContext context, ServerHost host) {
    List<DirectorySettings> all = new ArrayList<>();
    all.add(host.settings().defaults());
    for (LintContext.HostSection s : context.sections()) {
      if (s.host().equals(host)) {
        all.add(s.section().settings());
        for (MethodLimit limit : s.limits()) {
          all.add(limit.settings());
        }
      }
    }
    return all;
  }

  static Optional<String> documentRoot(LintContext context, ServerHost host) {
    return host.settings()
        .documentRoot()
        .or(() -> context.model().mainServer().settings().documentRoot());
  }

  /** A WSGIScriptAlias of "/" sends every URL to the application: no static file is served. */
  private static boolean mapsEverything(ServerHost host) {
    return host.settings().scriptAliases().stream()
        .anyMatch(a -> !a.isMatch() && a.urlPattern().equals("/"));
  }

  private static boolean setsSettings(LintContext context, WsgiApps.App app) {
    return matches(context, app, SETS_SETTINGS);
  }

  private static boolean matches(LintContext context, WsgiApps.App app, Pattern pattern) {
    return app.script()
        .flatMap(script -> context.files().readText(script))
        .map(text -> pattern.matcher(text).find())
        .orElse(false);
  }

  private static String describe(WsgiApps.App app) {
    String process = app.embedded() ? "embedded mode" : "daemon " + app.processGroup();
    return process + ", application group " + app.applicationGroup();
  }
}
