package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.wsgi4j.model.AccessCompat;
import org.wsgi4j.model.AuthSettings;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.DirectorySettings;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.model.HostRule;
import org.wsgi4j.model.MethodLimit;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.model.SectionKind;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.WsgiSettings;

/**
 * httpd's section merge for one request: host defaults, then {@code <Directory>} by path depth,
 * then DirectoryMatch, Files and FilesMatch, then Location and LocationMatch in configuration order
 * (the main server's sections before the virtual host's in each group). Later wins per directive,
 * except that access_compat is replaced wholesale by any section that has Order/Allow/Deny, and
 * authorization follows AuthMerging.
 */
final class DirectoryWalk {
  private static final com.google.common.base.Splitter SLASH =
      com.google.common.base.Splitter.on('/').omitEmptyStrings();

  private DirectoryWalk() {}

  static EffectiveSettings merge(
      ServerHost main,
      ServerHost host,
      String uri,
      Optional<String> filename,
      String method,
      Trace.Recorder trace) {
    Merger merger = new Merger(method);
    merger.apply(main.settings().defaults());
    if (host.isVirtualHost()) {
      merger.apply(host.settings().defaults());
    }
    List<PathSection> all = new ArrayList<>(main.settings().sections());
    if (host.isVirtualHost()) {
      all.addAll(host.settings().sections());
    }
    if (filename.isPresent()) {
      String directory = directoryOf(filename.get());
      String base = baseName(filename.get());
      List<PathSection> directories = new ArrayList<>();
      for (PathSection section : all) {
        if (section.kind() == SectionKind.DIRECTORY
            && section.regex().isEmpty()
            && directoryMatches(section.pattern(), directory)) {
          directories.add(section);
        }
      }
      directories.sort(Comparator.comparingInt(s -> depth(s.pattern())));
      List<PathSection> files = new ArrayList<>();
      for (PathSection section : directories) {
        trace.add(
            "section",
            "<Directory " + section.pattern() + "> applies to " + filename.get(),
            section.origin());
        String prefix =
            section.pattern().endsWith("/") ? section.pattern() : section.pattern() + "/";
        merger.apply(section.settings(), Optional.of(prefix));
        files.addAll(section.nested());
      }
      for (PathSection section : all) {
        boolean regexDirectory =
            section.kind() == SectionKind.DIRECTORY_MATCH
                || (section.kind() == SectionKind.DIRECTORY && section.regex().isPresent());
        if (regexDirectory && section.regex().get().pattern().matcher(directory).find()) {
          trace.add(
              "section", "<DirectoryMatch " + section.pattern() + "> applies", section.origin());
          merger.apply(section.settings());
          files.addAll(section.nested());
        }
      }
      List<PathSection> fileSections = new ArrayList<>();
      for (PathSection section : all) {
        if (section.kind() == SectionKind.FILES || section.kind() == SectionKind.FILES_MATCH) {
          fileSections.add(section);
        }
      }
      fileSections.addAll(files);
      for (PathSection section : fileSections) {
        boolean matches =
            section.regex().isPresent()
                ? section.regex().get().pattern().matcher(base).find()
                : Wildcards.fnmatch(section.pattern(), base, false);
        if (matches
            && (section.kind() == SectionKind.FILES || section.kind() == SectionKind.FILES_MATCH)) {
          trace.add(
              "section",
              "<"
                  + section.kind().directiveName()
                  + " "
                  + section.pattern()
                  + "> applies to "
                  + base,
              section.origin());
          merger.apply(section.settings());
        }
      }
    }
    // httpd merges the matching Location sections with each other first and then onto the result
    // so far; for mod_env that means only the last Location's UnsetEnv removes inherited values.
    merger.startGroup();
    for (PathSection section : all) {
      boolean location =
          section.kind() == SectionKind.LOCATION || section.kind() == SectionKind.LOCATION_MATCH;
      if (!location) {
        continue;
      }
      boolean matches =
          section.regex().isPresent()
              ? section.regex().get().pattern().matcher(uri).find()
              : locationMatches(section.pattern(), uri);
      if (matches) {
        trace.add(
            "section",
            "<" + section.kind().directiveName() + " " + section.pattern() + "> applies to " + uri,
            section.origin());
        merger.apply(section.settings());
      }
    }
    merger.endGroup();
    return merger.build();
  }

  /** {@code <Location /p>}: a prefix at a segment boundary; wildcards do not cross '/'. */
  static boolean locationMatches(String pattern, String uri) {
    String merged = pattern.replaceAll("/+", "/");
    if (Wildcards.hasWildcard(merged)) {
      // Wildcard locations match the whole path or a leading part of it at a '/' boundary.
      for (int end = uri.length(); end > 0; end = uri.lastIndexOf('/', end - 1)) {
        if (Wildcards.fnmatch(merged, uri.substring(0, end), true)) {
          return true;
        }
        if (end <= 0) {
          break;
        }
      }
      return false;
    }
    if (merged.equals("/")) {
      return true;
    }
    if (!uri.startsWith(merged)) {
      return false;
    }
    return merged.endsWith("/")
        || uri.length() == merged.length()
        || uri.charAt(merged.length()) == '/';
  }

  static boolean directoryMatches(String pattern, String directory) {
    String prefix = pattern.endsWith("/") ? pattern : pattern + "/";
    if (Wildcards.hasWildcard(prefix)) {
      List<String> wanted = SLASH.splitToList(prefix);
      List<String> actual = SLASH.splitToList(directory);
      if (actual.size() < wanted.size()) {
        return false;
      }
      for (int i = 0; i < wanted.size(); i++) {
        if (!Wildcards.fnmatch(wanted.get(i), actual.get(i), true)) {
          return false;
        }
      }
      return true;
    }
    return directory.startsWith(prefix) || directory.equals(prefix);
  }

  private static int depth(String pattern) {
    return (int) pattern.chars().filter(c -> c == '/').count() + (pattern.endsWith("/") ? 0 : 1);
  }

  static String directoryOf(String filename) {
    int slash = filename.lastIndexOf('/');
    return slash < 0 ? "/" : filename.substring(0, slash + 1);
  }

  private static String baseName(String filename) {
    return filename.substring(filename.lastIndexOf('/') + 1);
  }

  /** Accumulates the merge; one per request. */
  private static final class Merger {
    private final String method;
    private WsgiSettings wsgi = WsgiSettings.unset();
    private AuthSettings auth = AuthSettings.unset();
    private boolean accessConfigured;
    private String order = "deny,allow";
    private ImmutableList<HostRule> allow = ImmutableList.of();
    private ImmutableList<HostRule> deny = ImmutableList.of();
    private String satisfy = "all";
    private Optional<AuthzRule> authorization = Optional.empty();

    /** SetEnvIf and PassEnv rules, which accumulate. */
    private final List<EnvRule> environment = new ArrayList<>();

    /** mod_env's merged SetEnv table and the UnsetEnv names of the last merged section. */
    private EnvTable env = new EnvTable();

    /** While a group of sections is merged among itself, its own table; null otherwise. */
    private EnvTable group;

    void startGroup() {
      group = new EnvTable();
    }

    void endGroup() {
      env = env.merge(group);
      group = null;
    }

    private RewriteProgram rewrite = RewriteProgram.empty();
    private boolean anyAuthorization;
    private Optional<String> rewriteDirectory = Optional.empty();
    private ImmutableList<String> options = ImmutableList.of();

    Merger(String method) {
      this.method = method;
    }

    void apply(DirectorySettings settings) {
      apply(settings, Optional.empty());
    }

    void apply(DirectorySettings settings, Optional<String> directory) {
      wsgi = mergeWsgi(wsgi, settings.wsgi());
      AuthSettings a = settings.auth();
      auth =
          new AuthSettings(
              a.type().or(auth::type),
              a.realm().or(auth::realm),
              a.userFile().or(auth::userFile),
              a.groupFile().or(auth::groupFile),
              a.basicProviders().isEmpty() ? auth.basicProviders() : a.basicProviders(),
              a.merging().or(auth::merging));
      AccessCompat compat = settings.accessCompat();
      if (compat.isSet()) {
        // mod_access_compat does not merge: a section with any of Order, Allow, Deny or Satisfy
        // replaces the inherited state, unset parts taking their defaults (CVE-2004-0811).
        accessConfigured =
            compat.order().isPresent() || !compat.allow().isEmpty() || !compat.deny().isEmpty();
        order = compat.order().orElse("deny,allow");
        allow = compat.allow();
        deny = compat.deny();
        satisfy = compat.satisfy().orElse("all");
      }
      if (settings.authorization().isPresent()) {
        anyAuthorization = true;
        String merging = settings.auth().merging().orElse("off").toLowerCase(java.util.Locale.ROOT);
        AuthzRule section = settings.authorization().get();
        if (authorization.isPresent() && (merging.equals("and") || merging.equals("or"))) {
          AuthzRule.Combination combination =
              merging.equals("and") ? AuthzRule.Combination.ALL : AuthzRule.Combination.ANY;
          authorization =
              Optional.of(
                  new AuthzRule.Container(
                      combination,
                      false,
                      ImmutableList.of(authorization.get(), section),
                      section.origin()));
        } else {
          authorization = Optional.of(section);
        }
      }
      EnvTable section = EnvTable.of(settings.environment());
      if (group != null) {
        group = group.merge(section);
      } else {
        env = env.merge(section);
      }
      for (EnvRule rule : settings.environment()) {
        if (rule instanceof EnvRule.SetIf || rule instanceof EnvRule.Pass) {
          environment.add(rule);
        }
      }
      if (!settings.rewrite().isEmpty()) {
        rewrite = settings.rewrite();
        rewriteDirectory = directory;
      }
      if (!settings.options().isEmpty()) {
        options = settings.options();
      }
      for (MethodLimit limit : settings.methodLimits()) {
        if (limit.settings().authorization().isPresent()) {
          anyAuthorization = true;
        }
        // <Limit GET> also covers HEAD, as in httpd.
        String effective = method.equals("HEAD") ? "GET" : method;
        boolean listed = limit.methods().contains(effective);
        if (listed != limit.except()) {
          apply(limit.settings());
        }
      }
    }

    private static WsgiSettings mergeWsgi(WsgiSettings base, WsgiSettings next) {
      return new WsgiSettings(
          next.processGroup().or(base::processGroup),
          next.applicationGroup().or(base::applicationGroup),
          next.callableObject().or(base::callableObject),
          next.passAuthorization().or(base::passAuthorization),
          next.scriptReloading().or(base::scriptReloading),
          next.chunkedRequest().or(base::chunkedRequest),
          next.restrictProcess().or(base::restrictProcess));
    }

    EffectiveSettings build() {
      return new EffectiveSettings(
          wsgi,
          auth,
          accessConfigured,
          order,
          allow,
          deny,
          satisfy,
          authorization,
          anyAuthorization,
          ImmutableList.<EnvRule>builder().addAll(environment).addAll(env.asRules()).build(),
          rewrite,
          rewriteDirectory,
          options);
    }
  }
}
