package org.wsgi4j.lint;

import com.google.common.collect.ImmutableSet;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsgi4j.auth.HashFormat;
import org.wsgi4j.auth.HtdigestFile;
import org.wsgi4j.auth.HtpasswdFile;
import org.wsgi4j.model.AliasMapping;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.DirectorySettings;
import org.wsgi4j.model.HostRule;
import org.wsgi4j.model.MethodLimit;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.SectionKind;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.WsgiScriptAlias;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.SourceSpan;

/** Rules about authentication and access control (W330-W341, I401-I403). */
final class AuthRules {
  private static final ImmutableSet<String> USER_PROVIDERS =
      ImmutableSet.of("valid-user", "user", "group", "file-group", "file-owner", "ldap-user");

  private AuthRules() {}

  // ---- facts about sections ----

  private static List<AuthzRule.Require> requires(DirectorySettings settings) {
    List<AuthzRule.Require> all = new ArrayList<>();
    settings.authorization().ifPresent(rule -> collect(rule, all));
    for (MethodLimit limit : settings.methodLimits()) {
      limit.settings().authorization().ifPresent(rule -> collect(rule, all));
    }
    return all;
  }

  private static void collect(AuthzRule rule, List<AuthzRule.Require> out) {
    if (rule instanceof AuthzRule.Require require) {
      out.add(require);
    } else if (rule instanceof AuthzRule.Container container) {
      for (AuthzRule child : container.children()) {
        collect(child, out);
      }
    }
  }

  private static boolean isUserRequire(AuthzRule.Require require) {
    return !require.negated()
        && USER_PROVIDERS.contains(require.provider().toLowerCase(Locale.ROOT));
  }

  private static boolean demandsLogin(DirectorySettings settings) {
    return requires(settings).stream().anyMatch(AuthRules::isUserRequire);
  }

  private static Optional<String> authType(DirectorySettings settings) {
    return settings
        .auth()
        .type()
        .filter(t -> !t.equalsIgnoreCase("None"))
        .map(t -> t.toLowerCase(Locale.ROOT));
  }

  private static boolean hasAuth(DirectorySettings settings) {
    return authType(settings).isPresent() || demandsLogin(settings);
  }

  private static List<DirectorySettings> seenBy(LintContext context, ServerHost host) {
    List<DirectorySettings> all = new ArrayList<>();
    all.add(context.model().mainServer().settings().defaults());
    all.add(host.settings().defaults());
    for (LintContext.HostSection s : context.sectionsSeenBy(host)) {
      all.add(s.section().settings());
      for (MethodLimit limit : s.limits()) {
        all.add(limit.settings());
      }
    }
    return all;
  }

  // ---- rules ----

  static List<LintFinding> endAnchored(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      PathSection section = s.section();
      String source = section.pattern();
      if (section.kind() == SectionKind.LOCATION_MATCH
          && hasAuth(section.settings())
          && source.endsWith("$")
          && !source.endsWith("\\$")
          && !source.endsWith("/?$")
          && !source.endsWith(")?$")
          && !source.endsWith(".*$")) {
        found.add(
            LintFinding.of(
                LintCode.W330,
                section.origin(),
                "<LocationMatch "
                    + source
                    + "> ends in '$': the same page under a trailing slash or with path info"
                    + " after it is not protected; end the pattern with (/.*)?$ or drop the"
                    + " '$'"));
      }
    }
    return found;
  }

  static List<LintFinding> locationTrailingSlash(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      PathSection section = s.section();
      String path = section.pattern();
      if (section.kind() == SectionKind.LOCATION
          && path.length() > 1
          && path.endsWith("/")
          && hasAuth(section.settings())) {
        found.add(
            LintFinding.of(
                LintCode.W331,
                section.origin(),
                "<Location "
                    + path
                    + "> does not cover "
                    + path.substring(0, path.length() - 1)
                    + " itself, which the application may answer just the same; write <Location "
                    + path.substring(0, path.length() - 1)
                    + ">"));
      }
    }
    return found;
  }

  static List<LintFinding> unanchored(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      PathSection section = s.section();
      if (section.kind() == SectionKind.LOCATION_MATCH
          && hasAuth(section.settings())
          && !Paths.withoutInlineFlags(section.pattern()).startsWith("^")) {
        found.add(
            LintFinding.of(
                LintCode.I401,
                section.origin(),
                "<LocationMatch "
                    + section.pattern()
                    + "> has no '^': it also matches below any other prefix (/x/...), so what"
                    + " it protects is wider than it reads; anchor it with '^'"));
      }
    }
    return found;
  }

  static List<LintFinding> authTypeWithoutRequire(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      DirectorySettings settings = s.section().settings();
      if (authType(settings).isEmpty() || !requires(settings).isEmpty()) {
        continue;
      }
      boolean anyLogin = seenBy(context, s.host()).stream().anyMatch(AuthRules::demandsLogin);
      if (!anyLogin) {
        found.add(
            LintFinding.of(
                LintCode.W332,
                s.section().origin(),
                "AuthType "
                    + settings.auth().type().get()
                    + " with no Require valid-user/user/group: httpd 2.4 grants access without"
                    + " asking anyone to log in; add Require valid-user"));
      }
    }
    return found;
  }

  static List<LintFinding> requireWithoutAuthType(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      if (!demandsLogin(s.section().settings())) {
        continue;
      }
      boolean anyType = seenBy(context, s.host()).stream().anyMatch(d -> authType(d).isPresent());
      if (!anyType) {
        found.add(
            LintFinding.of(
                LintCode.W333,
                s.section().origin(),
                "Require of a user or group with no AuthType in effect: every request here"
                    + " gets 500 (AuthType not set); add AuthType Basic, AuthName and"
                    + " AuthUserFile"));
      }
    }
    return found;
  }

  static List<LintFinding> authNameMissing(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      Optional<String> type = authType(s.section().settings());
      if (type.isEmpty() || !(type.get().equals("basic") || type.get().equals("digest"))) {
        continue;
      }
      boolean anyRealm =
          seenBy(context, s.host()).stream().anyMatch(d -> d.auth().realm().isPresent());
      if (!anyRealm) {
        found.add(
            LintFinding.of(
                LintCode.W334,
                s.section().origin(),
                "AuthType "
                    + s.section().settings().auth().type().get()
                    + " without AuthName: requests that need a login get 500 (need AuthName);"
                    + " add AuthName \"realm\""));
      }
    }
    return found;
  }

  static List<LintFinding> userFileUnset(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      DirectorySettings settings = s.section().settings();
      Optional<String> type = authType(settings);
      boolean digest = type.equals(Optional.of("digest"));
      if (!type.equals(Optional.of("basic")) && !digest) {
        continue;
      }
      List<DirectorySettings> seen = seenBy(context, s.host());
      boolean fileProvider =
          digest
              ? digestProviders(settings, seen).isEmpty()
                  || digestProviders(settings, seen).contains("file")
              : seen.stream()
                  .allMatch(
                      d ->
                          d.auth().basicProviders().isEmpty()
                              || d.auth().basicProviders().contains("file"));
      boolean anyLogin = seen.stream().anyMatch(AuthRules::demandsLogin);
      boolean anyFile = seen.stream().anyMatch(d -> d.auth().userFile().isPresent());
      if (fileProvider && anyLogin && !anyFile) {
        found.add(
            LintFinding.of(
                LintCode.W335,
                s.section().origin(),
                (digest ? "Digest" : "Basic")
                    + " authentication with the file provider but no AuthUserFile: every login"
                    + " attempt gets 500 (AuthUserFile not specified)"));
      }
    }
    return found;
  }

  /**
   * AuthDigestProvider in force: the section's own when it has any mod_auth_digest directive, else
   * that of the last such section the host has (the module replaces, never merges).
   */
  private static List<String> digestProviders(
      DirectorySettings section, List<DirectorySettings> seen) {
    if (section.auth().digest().isPresent()) {
      return section.auth().digest().get().providers();
    }
    List<String> providers = List.of();
    for (DirectorySettings d : seen) {
      if (d.auth().digest().isPresent()) {
        providers = d.auth().digest().get().providers();
      }
    }
    return providers;
  }

  static List<LintFinding> allGrantedWithAuth(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      s.section()
          .settings()
          .authorization()
          .ifPresent(rule -> grantedInAny(rule, s.section(), found));
    }
    return found;
  }

  private static void grantedInAny(AuthzRule rule, PathSection section, List<LintFinding> found) {
    if (!(rule instanceof AuthzRule.Container container)) {
      return;
    }
    if (container.combination() == AuthzRule.Combination.ANY) {
      Optional<AuthzRule.Require> granted =
          container.children().stream()
              .filter(c -> c instanceof AuthzRule.Require)
              .map(c -> (AuthzRule.Require) c)
              .filter(
                  r ->
                      !r.negated()
                          && r.provider().equalsIgnoreCase("all")
                          && r.arguments().stream().anyMatch(a -> a.equalsIgnoreCase("granted")))
              .findFirst();
      boolean login =
          container.children().stream()
              .anyMatch(c -> c instanceof AuthzRule.Require r && isUserRequire(r));
      if (granted.isPresent() && login) {
        found.add(
            LintFinding.of(
                LintCode.W336,
                granted.get().origin(),
                "Require all granted among alternatives (RequireAny) that also ask for a login:"
                    + " any request is granted, so nobody is ever asked to authenticate"));
      }
    }
    for (AuthzRule child : container.children()) {
      grantedInAny(child, section, found);
    }
  }

  private record UserFile(LintContext.Visit visit, String path) {}

  private static List<UserFile> userFiles(LintContext context, boolean groupFilesToo) {
    List<UserFile> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (LintContext.Visit visit : context.directives()) {
      boolean wanted = visit.is("AuthUserFile") || (groupFilesToo && visit.is("AuthGroupFile"));
      if (wanted && !visit.directive().args().isEmpty()) {
        String path = context.resolve(visit.directive().value(0));
        if (seen.add(visit.directive().name() + path)) {
          all.add(new UserFile(visit, path));
        }
      }
    }
    return all;
  }

  static List<LintFinding> plaintext(LintContext context) {
    return hashes(context, true);
  }

  static List<LintFinding> weakHash(LintContext context) {
    return hashes(context, false);
  }

  private static List<LintFinding> hashes(LintContext context, boolean plaintext) {
    List<LintFinding> found = new ArrayList<>();
    for (UserFile file : userFiles(context, false)) {
      Optional<String> text = context.files().readText(file.path());
      if (text.isEmpty() || HtdigestFile.looksLikeHtdigest(text.get())) {
        // A Digest user file stores MD5(user:realm:password); its realm is no password.
        continue;
      }
      List<String> users = new ArrayList<>();
      for (HtpasswdFile.Entry entry : HtpasswdFile.parse(text.get()).entries()) {
        HashFormat format = entry.format();
        boolean match =
            plaintext
                ? format == HashFormat.PLAINTEXT || format == HashFormat.EMPTY
                : format == HashFormat.SHA1 || format == HashFormat.DES_CRYPT;
        if (match) {
          users.add(entry.user() + " (line " + entry.lineNumber() + ")");
        }
      }
      if (users.isEmpty()) {
        continue;
      }
      String message =
          plaintext
              ? "stores a plaintext or empty password for "
                  + String.join(", ", users)
                  + ": httpd on Unix treats it as a crypt() hash, so the user cannot log in, and"
                  + " the password is readable; rehash with htpasswd -B"
              : "uses a weak hash (unsalted SHA-1 or 8-character DES crypt) for "
                  + String.join(", ", users)
                  + ": fast to crack if the file leaks; rehash with htpasswd -B";
      found.add(
          LintFinding.of(
              plaintext ? LintCode.W337 : LintCode.W338,
              file.visit().directive().span(),
              file.path() + " " + message));
    }
    return found;
  }

  static List<LintFinding> fileInDocumentRoot(LintContext context) {
    boolean htDenied =
        context.sections().stream()
            .anyMatch(
                s ->
                    (s.section().kind() == SectionKind.FILES
                            || s.section().kind() == SectionKind.FILES_MATCH)
                        && s.section().pattern().contains(".ht"));
    List<LintFinding> found = new ArrayList<>();
    for (UserFile file : userFiles(context, true)) {
      ServerHost host = context.hostOf(file.visit());
      Optional<String> root = WsgiRules.documentRoot(context, host);
      String name = file.path().substring(file.path().lastIndexOf('/') + 1);
      if (root.isEmpty() || (htDenied && name.startsWith(".ht"))) {
        continue;
      }
      if (Paths.isUnder(file.path(), root.get())) {
        found.add(
            LintFinding.of(
                LintCode.W339,
                file.visit().directive().span(),
                file.path()
                    + " lies under DocumentRoot "
                    + root.get()
                    + ": anyone can download it and crack the hashes offline; move it out"));
      }
    }
    return found;
  }

  static List<LintFinding> worldReadable(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (UserFile file : userFiles(context, false)) {
      Optional<ImmutableSet<PosixFilePermission>> permissions =
          context.files().permissions(file.path());
      if (permissions.isPresent() && permissions.get().contains(PosixFilePermission.OTHERS_READ)) {
        found.add(
            LintFinding.of(
                LintCode.I402,
                file.visit().directive().span(),
                file.path()
                    + " is readable by every local user, who can copy the hashes and crack them"
                    + " offline; chmod o-r and let only the server's group read it"));
      }
    }
    return found;
  }

  static List<LintFinding> mixedAccess(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      DirectorySettings settings = s.section().settings();
      boolean compat =
          settings.accessCompat().order().isPresent()
              || !settings.accessCompat().allow().isEmpty()
              || !settings.accessCompat().deny().isEmpty();
      if (compat && settings.authorization().isPresent()) {
        found.add(
            LintFinding.of(
                LintCode.W340,
                s.section().origin(),
                "Order/Allow/Deny and Require in one section: both must pass (Satisfy All),"
                    + " which is rarely what either line means alone; express it with Require"
                    + " only (e.g. Require ip ... inside <RequireAll>/<RequireAny>)"));
      }
    }
    return found;
  }

  static List<LintFinding> satisfyAnyAllowAll(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      DirectorySettings settings = s.section().settings();
      boolean any =
          settings.accessCompat().satisfy().map(v -> v.equalsIgnoreCase("any")).orElse(false);
      if (!any) {
        continue;
      }
      boolean allowAll =
          seenBy(context, s.host()).stream()
              .anyMatch(
                  d ->
                      d.accessCompat().allow().stream().anyMatch(r -> r.kind() == HostRule.Kind.ALL)
                          && d.accessCompat().deny().isEmpty());
      if (allowAll) {
        found.add(
            LintFinding.of(
                LintCode.W341,
                s.section().origin(),
                "Satisfy Any with Allow from all in effect: the host check always passes, so"
                    + " the password is never asked for; remove Allow from all or use Satisfy"
                    + " All"));
      }
    }
    return found;
  }

  /** A URL space that serves content: a literal or regex alias with where it was written. */
  private record Served(String what, String url, Optional<ApacheRegex> regex, SourceSpan origin) {
    boolean caseInsensitive() {
      return regex.map(r -> r.caseInsensitive() || r.source().contains("(?i)")).orElse(false);
    }
  }

  private static List<Served> served(LintContext context, ServerHost host) {
    List<Served> all = new ArrayList<>();
    List<ServerHost> hosts = new ArrayList<>();
    hosts.add(context.model().mainServer());
    if (host.isVirtualHost()) {
      hosts.add(host);
    }
    for (ServerHost h : hosts) {
      for (WsgiScriptAlias alias : h.settings().scriptAliases()) {
        all.add(
            new Served(
                alias.isMatch() ? "WSGIScriptAliasMatch" : "WSGIScriptAlias",
                alias.urlPattern(),
                alias.regex(),
                alias.origin()));
      }
      for (AliasMapping alias : h.settings().aliases()) {
        all.add(
            new Served(
                alias.regex().isPresent() ? "AliasMatch" : "Alias",
                alias.urlPattern(),
                alias.regex(),
                alias.origin()));
      }
    }
    return all;
  }

  /** The literal path a Location or an anchored LocationMatch starts with, e.g. "/admin". */
  private static Optional<String> literalStem(PathSection section) {
    String pattern = section.pattern();
    if (section.kind() == SectionKind.LOCATION && section.regex().isEmpty()) {
      return Paths.hasWildcard(pattern) ? Optional.empty() : Optional.of(pattern);
    }
    if (!pattern.startsWith("^/")) {
      return Optional.empty();
    }
    String body = pattern.substring(1);
    StringBuilder stem = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean quantified = i + 1 < body.length() && "*+?{".indexOf(body.charAt(i + 1)) >= 0;
      if ("\\.[](){}*+?|^$".indexOf(c) >= 0 || quantified) {
        break;
      }
      stem.append(c);
    }
    return stem.length() > 1 ? Optional.of(stem.toString()) : Optional.empty();
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  static List<LintFinding> caseMismatch(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (LintContext.HostSection s : context.sections()) {
      PathSection section = s.section();
      boolean location =
          section.kind() == SectionKind.LOCATION || section.kind() == SectionKind.LOCATION_MATCH;
      boolean caseInsensitive =
          section
              .regex()
              .map(r -> r.caseInsensitive() || r.source().contains("(?i)"))
              .orElse(false);
      if (!location || caseInsensitive || !hasAuth(section.settings())) {
        continue;
      }
      Optional<String> stem = literalStem(section);
      if (stem.isEmpty() || stem.get().chars().noneMatch(Character::isLetter)) {
        continue;
      }
      String path = stem.get();
      String header =
          "<" + section.kind().directiveName() + " " + section.pattern() + "> protects ";
      for (Served served : served(context, s.host())) {
        String where =
            served.what() + " " + served.url() + " (line " + served.origin().line() + ")";
        if (served.regex().isEmpty()) {
          String url = served.url();
          boolean sameIgnoringCase =
              Paths.isUnder(lower(path), lower(url)) || Paths.isUnder(lower(url), lower(path));
          boolean sameExactly = Paths.isUnder(path, url) || Paths.isUnder(url, path);
          if (sameIgnoringCase && !sameExactly) {
            found.add(
                LintFinding.of(
                    LintCode.W342,
                    section.origin(),
                    header
                        + path
                        + ", which differs only in case from "
                        + where
                        + ": httpd compares URLs case-sensitively, so the application is served"
                        + " under "
                        + url
                        + " without this protection; spell the section as the alias does"));
            break;
          }
        } else if (served.caseInsensitive()) {
          java.util.regex.Pattern pattern = served.regex().get().pattern();
          String other = variant(path);
          if (pattern.matcher(path).find() && pattern.matcher(other).find()) {
            found.add(
                LintFinding.of(
                    LintCode.W342,
                    section.origin(),
                    header
                        + path
                        + " case-sensitively, but "
                        + where
                        + " serves the application under any spelling: "
                        + other
                        + " reaches it without a login; make the section case-insensitive"
                        + " (<LocationMatch \"(?i)^"
                        + path
                        + "\">) or protect the script with <Directory>/<Files>"));
            break;
          }
        }
      }
    }
    return found;
  }

  /** The path with the case of its letters swapped, e.g. "/Admin" -> "/aDMIN". */
  private static String variant(String path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return out.toString();
  }

  static List<LintFinding> accessCompatDeprecated(LintContext context) {
    // One finding per block, on its first access_compat line (Satisfy included).
    Map<Object, LintContext.Visit> first = new LinkedHashMap<>();
    Set<Object> hostRules = new HashSet<>();
    for (LintContext.Visit visit : context.directives()) {
      String name = visit.directive().name().toLowerCase(Locale.ROOT);
      boolean hostRule = name.equals("order") || name.equals("allow") || name.equals("deny");
      if (!hostRule && !name.equals("satisfy")) {
        continue;
      }
      Object group =
          visit.parent().map(s -> (Object) s.openSpan()).orElse("top:" + visit.virtualHost());
      first.putIfAbsent(group, visit);
      if (hostRule) {
        hostRules.add(group);
      }
    }
    List<LintFinding> found = new ArrayList<>();
    for (Map.Entry<Object, LintContext.Visit> entry : first.entrySet()) {
      if (!hostRules.contains(entry.getKey())) {
        continue;
      }
      LintContext.Visit visit = entry.getValue();
      AccessFixes.Outcome outcome =
          visit.parent().map(p -> context.accessFixes().get(p.openSpan())).orElse(null);
      String note;
      if (outcome == null) {
        note = "no automatic fix outside a Directory, Files or Location section";
      } else if (outcome.fix().isPresent()) {
        note = "wsgi4j lint --fix rewrites it: " + outcome.fix().get().description();
      } else {
        note = "no automatic fix: " + outcome.reason();
      }
      found.add(
          LintFinding.of(
              LintCode.I403,
              visit.directive().span(),
              "Order/Allow/Deny is httpd 2.2 syntax kept alive by mod_access_compat; write"
                  + " Require all granted, Require all denied or Require ip/host instead ("
                  + note
                  + ")"));
    }
    return found;
  }
}
