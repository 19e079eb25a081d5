package org.wsgi4j.lint;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsgi4j.model.DirectorySettings;
import org.wsgi4j.model.MethodLimit;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.SectionKind;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.source.SourceSpan;
import org.wsgi4j.syntax.ConfFile;
import org.wsgi4j.syntax.ConfNode;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;

/**
 * Which sections' Order/Allow/Deny {@code --fix} rewrites to Require, and why the others are left
 * alone. A section is rewritten only when {@link AccessProof} shows that no request of any host it
 * applies in is decided differently, together with every other section rewritten at the same time.
 * Sections whose proofs interact are tried together (the 2.2 pair {@code <Directory />} Deny from
 * all plus {@code <Directory /var/www>} Allow from all is only equivalent when both are rewritten).
 */
final class AccessFixes {
  private static final ImmutableSet<String> ACCESS_COMPAT =
      ImmutableSet.of("order", "allow", "deny", "satisfy");
  private static final ImmutableSet<String> ACCESS_DIRECTIVES =
      ImmutableSet.of("order", "allow", "deny", "satisfy", "require", "authtype", "authmerging");
  private static final ImmutableSet<String> MODELLED_SECTIONS =
      ImmutableSet.of(
          "virtualhost",
          "directory",
          "directorymatch",
          "files",
          "filesmatch",
          "location",
          "locationmatch",
          "limit",
          "limitexcept",
          "requireall",
          "requireany",
          "requirenone");
  private static final int MAX_JOINT = 6;

  /**
   * What happens to one section's Order/Allow/Deny.
   *
   * @param fix the proven rewrite, if any
   * @param reason why there is none (empty when there is a fix)
   */
  record Outcome(Optional<LintFix> fix, String reason) {}

  private final LintContext context;
  private final Map<SourceSpan, Outcome> outcomes = new LinkedHashMap<>();

  /** A rewrite candidate: one physical section and what it would become. */
  private record Candidate(SourceSpan origin, RequireForm form, LintFix fix) {}

  /** One host's view: the main server alone, or the main server plus one virtual host. */
  private record HostView(ServerHost host, ImmutableList<AccessProof.Part> parts, String refusal) {}

  private AccessFixes(LintContext context) {
    this.context = context;
  }

  /** The outcome for every section with Order/Allow/Deny/Satisfy, keyed by its opening line. */
  static ImmutableMap<SourceSpan, Outcome> plan(LintContext context) {
    AccessFixes fixes = new AccessFixes(context);
    fixes.run();
    return ImmutableMap.copyOf(fixes.outcomes);
  }

  private void run() {
    Map<SourceSpan, Candidate> candidates = new LinkedHashMap<>();
    for (LintContext.HostSection s : context.sections()) {
      PathSection section = s.section();
      if (!section.settings().accessCompat().isSet() || outcomes.containsKey(section.origin())) {
        continue;
      }
      Optional<String> refusal = structuralRefusal(section);
      if (refusal.isPresent()) {
        outcomes.put(section.origin(), new Outcome(Optional.empty(), refusal.get()));
        continue;
      }
      Optional<Candidate> candidate = candidate(section);
      if (candidate.isEmpty()) {
        outcomes.put(
            section.origin(),
            new Outcome(
                Optional.empty(),
                "its lines cannot be rewritten in place (a directive shares its line, spans"
                    + " files, or sits in a conditional section)"));
        continue;
      }
      candidates.put(section.origin(), candidate.get());
    }
    if (candidates.isEmpty()) {
      return;
    }
    Optional<String> global = globalRefusal();
    if (global.isPresent()) {
      candidates
          .keySet()
          .forEach(k -> outcomes.put(k, new Outcome(Optional.empty(), global.get())));
      return;
    }
    List<HostView> views = new ArrayList<>();
    views.add(view(context.model().mainServer()));
    for (ServerHost host : context.model().virtualHosts()) {
      views.add(view(host));
    }
    for (List<SourceSpan> component : components(candidates.keySet(), views)) {
      solve(component, candidates, views);
    }
  }

  // ---- candidates ------------------------------------------------------------------------------

  private Optional<String> structuralRefusal(PathSection section) {
    DirectorySettings s = section.settings();
    if (context.loadDiagnostics().stream().anyMatch(d -> d.isError())) {
      return Optional.of("the configuration has errors");
    }
    if (s.authorization().isPresent()) {
      return Optional.of(
          "the section also has Require lines, and both must pass (see W340); merge them by hand");
    }
    if (s.accessCompat().satisfy().map(v -> v.equalsIgnoreCase("any")).orElse(false)) {
      return Optional.of("Satisfy Any has no plain Require equivalent here; see W341");
    }
    if (s.auth().merging().isPresent()) {
      return Optional.of("the section sets AuthMerging");
    }
    if (s.methodLimits().stream().anyMatch(l -> AccessProof.relevant(l.settings()))) {
      return Optional.of("the section has <Limit> blocks with access rules");
    }
    if (!s.accessCompat().order().isPresent()
        && s.accessCompat().allow().isEmpty()
        && s.accessCompat().deny().isEmpty()) {
      return Optional.of("Satisfy alone has no Require form");
    }
    if (RequireForm.of(s.accessCompat()).isEmpty()) {
      return Optional.of("'env=!VAR' has no positive Require form");
    }
    return Optional.empty();
  }

  private Optional<Candidate> candidate(PathSection section) {
    SourceSpan origin = section.origin();
    ConfFile tree = context.syntaxTrees().get(origin.file().toAbsolutePath().normalize());
    if (tree == null) {
      return Optional.empty();
    }
    Optional<Section> raw = find(tree.nodes(), origin);
    Optional<String> text = context.files().readText(origin.file().toString());
    if (raw.isEmpty() || text.isEmpty()) {
      return Optional.empty();
    }
    List<Directive> access = new ArrayList<>();
    for (ConfNode node : raw.get().body()) {
      if (node instanceof Directive d && ACCESS_COMPAT.contains(lower(d.name()))) {
        access.add(d);
      } else if (node instanceof Section nested
          && !nested.name().equalsIgnoreCase("Files")
          && !nested.name().equalsIgnoreCase("FilesMatch")
          && containsAccessCompat(nested.body())) {
        return Optional.empty(); // e.g. inside <IfModule> or <IfDefine>
      }
    }
    if (access.isEmpty()) {
      return Optional.empty();
    }
    List<String> lines = Splitter.on('\n').splitToList(text.get());
    for (Directive d : access) {
      if (d.rawArgs().contains("${")
          || !d.span().file().equals(origin.file())
          || !onOwnLines(d, lines)) {
        return Optional.empty();
      }
    }
    RequireForm form = RequireForm.of(section.settings().accessCompat()).orElseThrow();
    String sectionIndent = indent(lines.get(origin.line() - 1));
    String firstIndent = indent(lines.get(access.get(0).span().line() - 1));
    String unit =
        firstIndent.length() > sectionIndent.length() && firstIndent.startsWith(sectionIndent)
            ? firstIndent.substring(sectionIndent.length())
            : firstIndent.contains("\t") ? "\t" : "    ";
    ImmutableList.Builder<TextEdit> edits = ImmutableList.builder();
    for (int i = 0; i < access.size(); i++) {
      Directive d = access.get(i);
      ImmutableList.Builder<String> replacement = ImmutableList.builder();
      if (i == 0) {
        for (RequireForm.Line line : form.lines()) {
          replacement.add(firstIndent + unit.repeat(line.depth()) + line.text());
        }
      }
      edits.add(
          new TextEdit(origin.file(), d.span().line(), endLine(d, lines), replacement.build()));
    }
    List<String> names = new ArrayList<>();
    for (Directive d : access) {
      if (!names.contains(d.name())) {
        names.add(d.name());
      }
    }
    LintFix fix =
        new LintFix(
            LintCode.I403,
            access.get(0).span(),
            "<"
                + section.kind().directiveName()
                + " "
                + section.pattern()
                + ">: "
                + String.join("/", names)
                + " -> "
                + form.summary(),
            edits.build());
    return Optional.of(new Candidate(origin, form, fix));
  }

  private static boolean containsAccessCompat(List<ConfNode> nodes) {
    for (ConfNode node : nodes) {
      if (node instanceof Directive d && ACCESS_COMPAT.contains(lower(d.name()))) {
        return true;
      }
      if (node instanceof Section s && containsAccessCompat(s.body())) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Section> find(List<ConfNode> nodes, SourceSpan origin) {
    for (ConfNode node : nodes) {
      if (node instanceof Section s) {
        if (s.openSpan().equals(origin)) {
          return Optional.of(s);
        }
        Optional<Section> inner = find(s.body(), origin);
        if (inner.isPresent()) {
          return inner;
        }
      }
    }
    return Optional.empty();
  }

  /** Whether only blanks precede the directive on its first line and follow it on its last. */
  private static boolean onOwnLines(Directive d, List<String> lines) {
    int first = d.span().line();
    int last = d.span().end().line();
    if (last > lines.size() || first < 1) {
      return false;
    }
    String head = lines.get(first - 1);
    if (!head.substring(0, Math.min(head.length(), d.span().column() - 1)).isBlank()) {
      return false;
    }
    String tail = stripCr(lines.get(last - 1));
    int end = d.span().end().column() - 1;
    return end >= tail.length() || tail.substring(Math.max(0, end)).isBlank();
  }

  private static int endLine(Directive d, List<String> lines) {
    int last = d.span().end().line();
    // A span that ends at column 1 of the next line covers the previous line's terminator only.
    if (last > d.span().line() && d.span().end().column() == 1) {
      last--;
    }
    return Math.min(last, lines.size());
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static String indent(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return line.substring(0, i);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Access rules the model does not hold (inside {@code <If>}, {@code <Proxy>} ...). */
  private Optional<String> globalRefusal() {
    for (LintContext.Visit visit : context.directives()) {
      String name = lower(visit.directive().name());
      if (name.equals("allowoverridelist")) {
        return Optional.of(
            "AllowOverrideList at " + where(visit.directive().span()) + " lets .htaccess files in");
      }
      if (!ACCESS_DIRECTIVES.contains(name)) {
        continue;
      }
      for (Section ancestor : visit.ancestors()) {
        if (!MODELLED_SECTIONS.contains(lower(ancestor.name()))) {
          return Optional.of(
              "access rules inside <"
                  + ancestor.name()
                  + "> at "
                  + where(ancestor.openSpan())
                  + " are not part of the proof");
        }
      }
    }
    return Optional.empty();
  }

  // ---- host views ------------------------------------------------------------------------------

  private HostView view(ServerHost host) {
    ServerHost main = context.model().mainServer();
    List<AccessProof.Part> parts = new ArrayList<>();
    String refusal = "";
    List<DirectorySettings> all = new ArrayList<>();
    addTopLevel(parts, main, 0);
    all.add(main.settings().defaults());
    if (host.isVirtualHost()) {
      addTopLevel(parts, host, 1);
      all.add(host.settings().defaults());
    }
    List<PathSection> sections = new ArrayList<>(main.settings().sections());
    if (host.isVirtualHost()) {
      sections.addAll(host.settings().sections());
    }
    for (int i = 0; i < sections.size(); i++) {
      PathSection section = sections.get(i);
      addSection(parts, section, topOrder(section, i), all);
      int j = 0;
      for (PathSection nested : section.nested()) {
        List<Integer> order = new ArrayList<>(List.of(3, 1));
        order.addAll(topOrder(section, i));
        order.add(j++);
        addSection(parts, nested, order, all);
      }
    }
    for (DirectorySettings settings : all) {
      boolean overrides =
          settings.allowOverride().stream().anyMatch(w -> !w.equalsIgnoreCase("None"));
      if (overrides) {
        refusal = "AllowOverride lets .htaccess files add access rules in this host";
      }
      for (MethodLimit limit : settings.methodLimits()) {
        if (AccessProof.relevant(limit.settings())) {
          refusal = "a <Limit> block with access rules applies in this host";
        }
      }
    }
    return new HostView(host, ImmutableList.copyOf(parts), refusal);
  }

  private void addTopLevel(List<AccessProof.Part> parts, ServerHost host, int index) {
    DirectorySettings defaults = host.settings().defaults();
    if (AccessProof.relevant(defaults)) {
      String label =
          host.isVirtualHost()
              ? "the top level of the <VirtualHost> at " + where(host.origin())
              : "the main server's top level";
      parts.add(
          new AccessProof.Part(
              label,
              defaults,
              ImmutableList.of(0, 0, index),
              Optional.empty(),
              Optional.empty(),
              true,
              false));
    }
  }

  private static void addSection(
      List<AccessProof.Part> parts,
      PathSection section,
      List<Integer> order,
      List<DirectorySettings> all) {
    all.add(section.settings());
    if (!AccessProof.relevant(section.settings())) {
      return;
    }
    boolean literal = section.regex().isEmpty() && !Paths.hasWildcard(section.pattern());
    Optional<String> directory =
        literal && section.kind() == SectionKind.DIRECTORY
            ? Optional.of(section.pattern())
            : Optional.empty();
    Optional<String> location =
        literal && section.kind() == SectionKind.LOCATION && !section.pattern().contains("//")
            ? Optional.of(section.pattern())
            : Optional.empty();
    parts.add(
        new AccessProof.Part(
            "<"
                + section.kind().directiveName()
                + " "
                + section.pattern()
                + "> ("
                + where(section.origin())
                + ")",
            section.settings(),
            ImmutableList.copyOf(order),
            directory,
            location,
            false,
            false));
  }

  /** httpd's merge groups: Directory by depth, regex directories, Files, then Location. */
  private static List<Integer> topOrder(PathSection section, int index) {
    return switch (section.kind()) {
      case DIRECTORY ->
          section.regex().isEmpty()
              ? List.of(1, depth(section.pattern()), index)
              : List.of(2, 0, index);
      case DIRECTORY_MATCH -> List.of(2, 0, index);
      case FILES, FILES_MATCH -> List.of(3, 0, index);
      case LOCATION, LOCATION_MATCH -> List.of(4, 0, index);
    };
  }

  private static int depth(String pattern) {
    return (int) pattern.chars().filter(c -> c == '/').count() + (pattern.endsWith("/") ? 0 : 1);
  }

  private static String where(SourceSpan span) {
    return span.file().getFileName() + ":" + span.line();
  }

  // ---- solving ---------------------------------------------------------------------------------

  private static String key(AccessProof.Part part) {
    return part.label();
  }

  /** The candidates whose rewrites may affect each other's proofs, grouped. */
  private List<List<SourceSpan>> components(Set<SourceSpan> candidates, List<HostView> views) {
    Map<SourceSpan, Set<SourceSpan>> edges = new LinkedHashMap<>();
    candidates.forEach(c -> edges.put(c, new LinkedHashSet<>()));
    for (HostView view : views) {
      List<AccessProof.Part> present = new ArrayList<>();
      List<SourceSpan> spans = new ArrayList<>();
      for (AccessProof.Part part : view.parts()) {
        SourceSpan span = spanOf(part, view);
        if (span != null && candidates.contains(span)) {
          present.add(part);
          spans.add(span);
        }
      }
      for (int i = 0; i < present.size(); i++) {
        for (int j = i + 1; j < present.size(); j++) {
          if (!AccessProof.disjoint(present.get(i), present.get(j))) {
            edges.get(spans.get(i)).add(spans.get(j));
            edges.get(spans.get(j)).add(spans.get(i));
          }
        }
      }
    }
    List<List<SourceSpan>> out = new ArrayList<>();
    Set<SourceSpan> seen = new LinkedHashSet<>();
    for (SourceSpan start : candidates) {
      if (seen.contains(start)) {
        continue;
      }
      List<SourceSpan> component = new ArrayList<>();
      List<SourceSpan> queue = new ArrayList<>(List.of(start));
      seen.add(start);
      while (!queue.isEmpty()) {
        SourceSpan next = queue.remove(0);
        component.add(next);
        for (SourceSpan other : edges.get(next)) {
          if (seen.add(other)) {
            queue.add(other);
          }
        }
      }
      out.add(component);
    }
    return out;
  }

  /** The section a part stands for, or null for a host's top level. */
  private SourceSpan spanOf(AccessProof.Part part, HostView view) {
    return spanByLabel(view).get(key(part));
  }

  private final Map<ServerHost, Map<String, SourceSpan>> labels = new LinkedHashMap<>();

  private Map<String, SourceSpan> spanByLabel(HostView view) {
    return labels.computeIfAbsent(
        view.host(),
        h -> {
          Map<String, SourceSpan> map = new LinkedHashMap<>();
          for (LintContext.HostSection s : context.sectionsSeenBy(h)) {
            map.put(
                "<"
                    + s.section().kind().directiveName()
                    + " "
                    + s.section().pattern()
                    + "> ("
                    + where(s.section().origin())
                    + ")",
                s.section().origin());
          }
          return map;
        });
  }

  private void solve(
      List<SourceSpan> component, Map<SourceSpan, Candidate> candidates, List<HostView> views) {
    List<Set<SourceSpan>> tries = new ArrayList<>();
    if (component.size() <= MAX_JOINT) {
      int n = component.size();
      List<Integer> masks = new ArrayList<>();
      for (int mask = (1 << n) - 1; mask > 0; mask--) {
        masks.add(mask);
      }
      masks.sort((a, b) -> Integer.compare(Integer.bitCount(b), Integer.bitCount(a)));
      for (int mask : masks) {
        Set<SourceSpan> subset = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
          if ((mask & (1 << i)) != 0) {
            subset.add(component.get(i));
          }
        }
        tries.add(subset);
      }
    } else {
      component.forEach(c -> tries.add(Set.of(c)));
    }
    Set<SourceSpan> accepted = new LinkedHashSet<>();
    Map<SourceSpan, String> reasons = new LinkedHashMap<>();
    for (Set<SourceSpan> subset : tries) {
      if (component.size() <= MAX_JOINT && !accepted.isEmpty()) {
        break;
      }
      if (subset.stream().anyMatch(accepted::contains)) {
        continue;
      }
      Set<SourceSpan> together = new LinkedHashSet<>(accepted);
      together.addAll(subset);
      Optional<String> failure = proveAll(together, views);
      if (failure.isEmpty()) {
        accepted.addAll(subset);
      } else if (subset.size() == 1) {
        reasons.put(subset.iterator().next(), failure.get());
      }
    }
    for (SourceSpan span : component) {
      if (accepted.contains(span)) {
        outcomes.put(span, new Outcome(Optional.of(candidates.get(span).fix()), ""));
      } else {
        String reason = reasons.get(span);
        if (reason == null) {
          reason = proveAll(Set.of(span), views).orElse("its rewrite conflicts with another one");
        }
        outcomes.put(span, new Outcome(Optional.empty(), reason));
      }
    }
  }

  /** Empty when rewriting {@code rewritten} together is proven in every host, else why not. */
  private Optional<String> proveAll(Set<SourceSpan> rewritten, List<HostView> views) {
    for (HostView view : views) {
      Map<String, SourceSpan> spans = spanByLabel(view);
      List<AccessProof.Part> marked = new ArrayList<>();
      boolean any = false;
      for (AccessProof.Part part : view.parts()) {
        SourceSpan span = spans.get(key(part));
        boolean mine = span != null && rewritten.contains(span);
        any |= mine;
        marked.add(
            new AccessProof.Part(
                part.label(),
                part.settings(),
                part.order(),
                part.literalDirectory(),
                part.literalLocation(),
                part.always(),
                mine));
      }
      if (!any) {
        continue;
      }
      if (!view.refusal().isEmpty()) {
        return Optional.of(view.refusal());
      }
      List<AccessProof.Part> near = new ArrayList<>();
      for (AccessProof.Part part : marked) {
        boolean meets =
            part.always()
                || part.rewritten()
                || marked.stream().anyMatch(p -> p.rewritten() && !AccessProof.disjoint(p, part));
        if (meets) {
          near.add(part);
        }
      }
      AccessProof.Verdict verdict = AccessProof.prove(near);
      if (!verdict.proven()) {
        return Optional.of(verdict.reason());
      }
    }
    return Optional.empty();
  }
}
