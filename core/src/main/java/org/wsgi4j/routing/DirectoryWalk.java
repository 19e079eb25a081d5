package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.wsgi4j.model.AccessCompat;
import org.wsgi4j.model.AuthSettings;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.DirectorySettings;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.model.FileEtag;
import org.wsgi4j.model.HostRule;
import org.wsgi4j.model.MethodLimit;
import org.wsgi4j.model.MimeSettings;
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

  /**
   * One server's sections grouped the way the merge visits them, computed once per router: the main
   * server's sections before the virtual host's in each group.
   *
   * @param defaults the host-level settings (main server's, then the virtual host's)
   * @param directories non-regex {@code <Directory>} sections, stably sorted by depth
   * @param regexDirectories {@code <DirectoryMatch>} and {@code <Directory ~>} in order
   * @param files top-level {@code <Files>} and {@code <FilesMatch>} in order
   * @param locations {@code <Location>} and {@code <LocationMatch>} in order
   * @param methodDependent whether any section has {@code <Limit>}/{@code <LimitExcept>}
   * @param fileMerges the merge up to the Location sections by file (and method, when it matters):
   *     a pure function of the configuration and those keys, remembered because a server sees the
   *     same few files (its scripts) on most requests. Bounded by {@link #MAX_FILE_MERGES}, emptied
   *     when full; mutable
   * @param merges the whole merge by file (and method) and the set of Location sections that
   *     matched: also a pure function of the configuration and those keys, so a request whose file
   *     and matching Locations were seen before reuses the result instead of merging again. Used
   *     when there are at most 64 Location sections (the set is a bit mask); bounded like {@code
   *     fileMerges}; mutable
   */
  record Sections(
      ImmutableList<DirectorySettings> defaults,
      ImmutableList<DirectorySection> directories,
      ImmutableList<PathSection> regexDirectories,
      ImmutableList<PathSection> files,
      ImmutableList<LocationSection> locations,
      boolean methodDependent,
      ConcurrentMap<FileKey, FileMerge> fileMerges,
      ConcurrentMap<MergeKey, Merged> merges) {

    static final int MAX_FILE_MERGES = 256;

    /** At most this many Location sections are tracked as a bit mask for {@code merges}. */
    static final int MAX_MASKED_LOCATIONS = Long.SIZE;

    static Sections of(ServerHost main, ServerHost host) {
      ImmutableList.Builder<DirectorySettings> defaults = ImmutableList.builder();
      defaults.add(main.settings().defaults());
      List<PathSection> all = new ArrayList<>(main.settings().sections());
      if (host.isVirtualHost()) {
        defaults.add(host.settings().defaults());
        all.addAll(host.settings().sections());
      }
      List<DirectorySection> directories = new ArrayList<>();
      ImmutableList.Builder<PathSection> regexDirectories = ImmutableList.builder();
      ImmutableList.Builder<PathSection> files = ImmutableList.builder();
      ImmutableList.Builder<LocationSection> locations = ImmutableList.builder();
      for (PathSection section : all) {
        switch (section.kind()) {
          case DIRECTORY -> {
            if (section.regex().isPresent()) {
              regexDirectories.add(section);
            } else {
              directories.add(DirectorySection.of(section));
            }
          }
          case DIRECTORY_MATCH -> regexDirectories.add(section);
          case FILES, FILES_MATCH -> files.add(section);
          case LOCATION, LOCATION_MATCH -> locations.add(LocationSection.of(section));
          default -> {}
        }
      }
      // A stable sort: sections of equal depth keep their configuration order.
      directories.sort(Comparator.comparingInt(d -> depth(d.section().pattern())));
      boolean methodDependent = false;
      for (PathSection section : all) {
        methodDependent |= hasMethodLimits(section);
      }
      for (DirectorySettings settings : defaults.build()) {
        methodDependent |= !settings.methodLimits().isEmpty();
      }
      return new Sections(
          defaults.build(),
          ImmutableList.copyOf(directories),
          regexDirectories.build(),
          files.build(),
          locations.build(),
          methodDependent,
          new ConcurrentHashMap<>(),
          new ConcurrentHashMap<>());
    }

    private static boolean hasMethodLimits(PathSection section) {
      if (!section.settings().methodLimits().isEmpty()) {
        return true;
      }
      for (PathSection nested : section.nested()) {
        if (hasMethodLimits(nested)) {
          return true;
        }
      }
      return false;
    }
  }

  /** What the file part of a merge depends on: the file, and the method when limits exist. */
  record FileKey(String filename, String method) {}

  /** What a whole merge depends on: the file part's key and which Location sections matched. */
  record MergeKey(FileKey file, long locations) {}

  /** A whole merge's result, and the trace steps of its file part. */
  record Merged(EffectiveSettings settings, Trace.Recorder fileTrace) {}

  /** The merge state after the file part, and the trace steps it recorded. */
  record FileMerge(Merger merger, Trace.Recorder trace) {}

  /**
   * A non-regex {@code <Directory>} with its path as a prefix ending in '/'.
   *
   * @param segments the prefix's segments when it has wildcards, else empty
   */
  record DirectorySection(
      PathSection section, String prefix, boolean wildcard, ImmutableList<String> segments) {
    static DirectorySection of(PathSection section) {
      String pattern = section.pattern();
      String prefix = pattern.endsWith("/") ? pattern : pattern + "/";
      boolean wildcard = Wildcards.hasWildcard(prefix);
      return new DirectorySection(
          section,
          prefix,
          wildcard,
          wildcard ? ImmutableList.copyOf(SLASH.splitToList(prefix)) : ImmutableList.of());
    }

    boolean matches(String directory) {
      if (wildcard) {
        return wildcardPrefixMatches(segments, directory);
      }
      return directory.startsWith(prefix);
    }
  }

  /** A {@code <Location>} with its path's slash runs merged, or a {@code <LocationMatch>}. */
  record LocationSection(PathSection section, String merged, boolean wildcard) {
    static LocationSection of(PathSection section) {
      String merged = mergeSlashes(section.pattern());
      return new LocationSection(section, merged, Wildcards.hasWildcard(merged));
    }

    boolean matches(String uri) {
      if (section.regex().isPresent()) {
        return section.regex().get().pattern().matcher(uri).find();
      }
      return mergedLocationMatches(merged, wildcard, uri);
    }
  }

  /**
   * Which Location sections match {@code uri}, as a bit mask (bit i for section i); 0 when there
   * are more than {@link Sections#MAX_MASKED_LOCATIONS} (then {@link #merge} matches them itself).
   */
  static long matchLocations(Sections sections, String uri) {
    List<LocationSection> locations = sections.locations();
    if (locations.size() > Sections.MAX_MASKED_LOCATIONS) {
      return 0;
    }
    long matched = 0;
    for (int i = 0; i < locations.size(); i++) {
      if (locations.get(i).matches(uri)) {
        matched |= 1L << i;
      }
    }
    return matched;
  }

  static EffectiveSettings merge(
      Sections sections,
      String uri,
      Optional<String> filename,
      String method,
      Trace.Recorder trace) {
    return merge(sections, uri, filename, method, trace, matchLocations(sections, uri));
  }

  /**
   * The merge for {@code uri} and {@code filename}, with the Location sections that match {@code
   * uri} already known.
   *
   * @param matched {@link #matchLocations} of {@code uri}
   */
  static EffectiveSettings merge(
      Sections sections,
      String uri,
      Optional<String> filename,
      String method,
      Trace.Recorder trace,
      long matched) {
    FileKey key = new FileKey(filename.orElse(null), sections.methodDependent() ? method : "");
    List<LocationSection> locations = sections.locations();
    if (locations.size() > Sections.MAX_MASKED_LOCATIONS) {
      return mergeAll(sections, fileMerge(sections, key, filename, method), uri, null, trace);
    }
    // Which Location sections apply depends on the URI (the caller may remember that); the merge
    // they lead to, with the file part's, is remembered here.
    MergeKey mergeKey = new MergeKey(key, matched);
    Merged known = sections.merges().get(mergeKey);
    if (known != null) {
      trace.addAll(known.fileTrace());
      for (int i = 0; i < locations.size(); i++) {
        if ((matched & (1L << i)) != 0) {
          traceLocation(trace, locations.get(i).section(), uri);
        }
      }
      return known.settings();
    }
    FileMerge file = fileMerge(sections, key, filename, method);
    EffectiveSettings merged = mergeAll(sections, file, uri, matched, trace);
    if (sections.merges().size() >= Sections.MAX_FILE_MERGES) {
      sections.merges().clear();
    }
    sections.merges().put(mergeKey, new Merged(merged, file.trace()));
    return merged;
  }

  /** The file part from its memo, merging it first when it is not known yet. */
  private static FileMerge fileMerge(
      Sections sections, FileKey key, Optional<String> filename, String method) {
    FileMerge known = sections.fileMerges().get(key);
    if (known == null) {
      Trace.Recorder steps = new Trace.Recorder();
      known = new FileMerge(mergeFile(sections, filename, method, steps), steps);
      if (sections.fileMerges().size() >= Sections.MAX_FILE_MERGES) {
        sections.fileMerges().clear();
      }
      sections.fileMerges().put(key, known);
    }
    return known;
  }

  /**
   * The file part (from its memo), then the Location sections that match {@code uri}.
   *
   * @param matched which Location sections match, as a bit mask; null to match them here
   */
  private static EffectiveSettings mergeAll(
      Sections sections, FileMerge known, String uri, Long matched, Trace.Recorder trace) {
    trace.addAll(known.trace());
    Merger merger = known.merger().copy();
    // httpd merges the matching Location sections with each other first and then onto the result
    // so far; for mod_env that means only the last Location's UnsetEnv removes inherited values.
    merger.startGroup();
    List<LocationSection> locations = sections.locations();
    for (int i = 0; i < locations.size(); i++) {
      LocationSection entry = locations.get(i);
      if (matched != null ? (matched & (1L << i)) != 0 : entry.matches(uri)) {
        PathSection section = entry.section();
        traceLocation(trace, section, uri);
        merger.apply(section.settings());
      }
    }
    merger.endGroup();
    return merger.build();
  }

  private static void traceLocation(Trace.Recorder trace, PathSection section, String uri) {
    trace.add(
        "section",
        () ->
            "<" + section.kind().directiveName() + " " + section.pattern() + "> applies to " + uri,
        section.origin());
  }

  /** The host defaults, then Directory, DirectoryMatch, Files and FilesMatch for the file. */
  private static Merger mergeFile(
      Sections sections, Optional<String> filename, String method, Trace.Recorder trace) {
    Merger merger = new Merger(method);
    for (DirectorySettings defaults : sections.defaults()) {
      merger.apply(defaults);
    }
    if (filename.isPresent()) {
      String file = filename.get();
      String directory = directoryOf(file);
      String base = baseName(file);
      List<PathSection> nested = new ArrayList<>(0);
      for (DirectorySection entry : sections.directories()) {
        if (!entry.matches(directory)) {
          continue;
        }
        PathSection section = entry.section();
        trace.add(
            "section",
            () -> "<Directory " + section.pattern() + "> applies to " + file,
            section.origin());
        merger.apply(section.settings(), Optional.of(entry.prefix()));
        nested.addAll(section.nested());
      }
      for (PathSection section : sections.regexDirectories()) {
        if (section.regex().get().pattern().matcher(directory).find()) {
          trace.add(
              "section",
              () -> "<DirectoryMatch " + section.pattern() + "> applies",
              section.origin());
          merger.apply(section.settings());
          nested.addAll(section.nested());
        }
      }
      applyFiles(merger, sections.files(), base, trace);
      applyFiles(merger, nested, base, trace);
    }
    return merger;
  }

  /** {@code <Files>} and {@code <FilesMatch>} among {@code sections} that match the base name. */
  private static void applyFiles(
      Merger merger, List<PathSection> sections, String base, Trace.Recorder trace) {
    for (PathSection section : sections) {
      if (section.kind() != SectionKind.FILES && section.kind() != SectionKind.FILES_MATCH) {
        continue;
      }
      boolean matches =
          section.regex().isPresent()
              ? section.regex().get().pattern().matcher(base).find()
              : Wildcards.fnmatch(section.pattern(), base, false);
      if (matches) {
        trace.add(
            "section",
            () ->
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

  private static String mergeSlashes(String path) {
    return path.indexOf("//") < 0 ? path : path.replaceAll("/+", "/");
  }

  /** {@code <Location /p>}: a prefix at a segment boundary; wildcards do not cross '/'. */
  private static boolean mergedLocationMatches(String merged, boolean wildcard, String uri) {
    if (wildcard) {
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

  private static boolean wildcardPrefixMatches(List<String> wanted, String directory) {
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
    private static final WsgiSettings NO_WSGI = WsgiSettings.unset();
    private static final AuthSettings NO_AUTH = AuthSettings.unset();

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

    /** mod_mime's merged table, and the group's own while a group is merged (null before). */
    private MimeTable mime = MimeTable.EMPTY;

    private MimeTable mimeGroup;

    /** core's FileETag state, and the group's own while a group is merged (null before). */
    private FileEtag etag = FileEtag.UNSET;

    private FileEtag etagGroup;
    private boolean inGroup;
    private Optional<String> defaultCharset = Optional.empty();
    private Optional<String> forceType = Optional.empty();
    private Optional<String> defaultLanguage = Optional.empty();

    void startGroup() {
      group = new EnvTable();
      inGroup = true;
      mimeGroup = null;
      etagGroup = null;
    }

    void endGroup() {
      env = env.merge(group);
      group = null;
      inGroup = false;
      if (mimeGroup != null) {
        mime = mime.merge(mimeGroup);
        etag = etagGroup.mergedOnto(etag);
      }
    }

    /**
     * mod_mime's and core's metadata: a section's table merged onto what came before (or, inside a
     * group, onto the group's own first section), its settings overriding where set.
     */
    private void applyMime(MimeSettings settings) {
      if (inGroup) {
        MimeTable table = MimeTable.of(settings);
        mimeGroup = mimeGroup == null ? table : mimeGroup.merge(table);
        etagGroup =
            etagGroup == null ? settings.fileEtag() : settings.fileEtag().mergedOnto(etagGroup);
      } else {
        if (!settings.extensionRules().isEmpty()) {
          mime = mime.merge(MimeTable.of(settings));
        }
        // httpd merges core's FileETag state with every section, set or not (None is cleared by
        // any merge that adds a component).
        etag = settings.fileEtag().mergedOnto(etag);
      }
      if (settings.defaultCharset().isPresent()) {
        defaultCharset = settings.defaultCharset();
      }
      if (settings.forceType().isPresent()) {
        forceType = settings.forceType();
      }
      if (settings.defaultLanguage().isPresent()) {
        defaultLanguage = settings.defaultLanguage();
      }
    }

    private RewriteProgram rewrite = RewriteProgram.empty();
    private boolean anyAuthorization;
    private Optional<String> rewriteDirectory = Optional.empty();
    private ImmutableList<String> options = ImmutableList.of();

    Merger(String method) {
      this.method = method;
    }

    /** An independent copy (the state is immutable values apart from the SetEnvIf list). */
    Merger copy() {
      Merger copy = new Merger(method);
      copy.wsgi = wsgi;
      copy.auth = auth;
      copy.accessConfigured = accessConfigured;
      copy.order = order;
      copy.allow = allow;
      copy.deny = deny;
      copy.satisfy = satisfy;
      copy.authorization = authorization;
      copy.environment.addAll(environment);
      copy.env = env;
      copy.group = group;
      copy.rewrite = rewrite;
      copy.anyAuthorization = anyAuthorization;
      copy.rewriteDirectory = rewriteDirectory;
      copy.options = options;
      copy.mime = mime;
      copy.mimeGroup = mimeGroup;
      copy.etag = etag;
      copy.etagGroup = etagGroup;
      copy.inGroup = inGroup;
      copy.defaultCharset = defaultCharset;
      copy.forceType = forceType;
      copy.defaultLanguage = defaultLanguage;
      return copy;
    }

    void apply(DirectorySettings settings) {
      apply(settings, Optional.empty());
    }

    void apply(DirectorySettings settings, Optional<String> directory) {
      applyMime(settings.mime());
      WsgiSettings w = settings.wsgi();
      if (!w.equals(NO_WSGI)) {
        wsgi = wsgi.equals(NO_WSGI) ? w : mergeWsgi(wsgi, w);
      }
      AuthSettings a = settings.auth();
      if (!a.equals(NO_AUTH)) {
        auth =
            auth.equals(NO_AUTH)
                ? a
                : new AuthSettings(
                    a.type().or(auth::type),
                    a.realm().or(auth::realm),
                    a.userFile().or(auth::userFile),
                    a.groupFile().or(auth::groupFile),
                    a.basicProviders().isEmpty() ? auth.basicProviders() : a.basicProviders(),
                    a.merging().or(auth::merging),
                    a.userScript().or(auth::userScript),
                    a.groupScript().or(auth::groupScript),
                    a.accessScript().or(auth::accessScript),
                    a.digest().or(auth::digest));
      }
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
        // mod_rewrite merges each section onto the one before (RewriteOptions Inherit etc.).
        rewrite = RewriteInheritance.merge(rewrite, settings.rewrite());
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
          options,
          new MimeFacts(
              mime.mappings(),
              defaultCharset.filter(charset -> !charset.isEmpty()),
              forceType.filter(type -> !type.equals("none")),
              etag.components(),
              Optional.empty(),
              defaultLanguage));
    }
  }
}
