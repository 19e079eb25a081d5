package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.config.ExpandedConfig;
import org.wsgi4j.model.MethodLimit;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.syntax.ConfFile;
import org.wsgi4j.syntax.ConfNode;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;

/**
 * Everything a rule may look at: the typed model, the expanded tree (Includes inlined, variables
 * substituted, false conditionals dropped), each file's own syntax tree (comments included), the
 * loader's diagnostics, and the file system.
 */
public final class LintContext {

  /**
   * A directive of the expanded tree with the sections around it, outermost first.
   *
   * @param directive the directive, with canonical name
   * @param ancestors the enclosing sections, outermost first
   */
  public record Visit(Directive directive, ImmutableList<Section> ancestors) {
    /** The innermost enclosing section, if any. */
    public Optional<Section> parent() {
      return ancestors.isEmpty()
          ? Optional.empty()
          : Optional.of(ancestors.get(ancestors.size() - 1));
    }

    public boolean is(String name) {
      return directive.name().equalsIgnoreCase(name);
    }

    /** The enclosing VirtualHost section, if any. */
    public Optional<Section> virtualHost() {
      return ancestors.stream().filter(s -> s.name().equalsIgnoreCase("VirtualHost")).findFirst();
    }
  }

  /**
   * A path section with the sections it is nested in.
   *
   * @param host the server or virtual host it belongs to
   * @param section the section
   * @param limits the Limit/LimitExcept blocks inside it
   */
  public record HostSection(
      ServerHost host, PathSection section, ImmutableList<MethodLimit> limits) {}

  private final ServerConfig model;
  private final ExpandedConfig expanded;
  private final ImmutableMap<Path, ConfFile> syntaxTrees;
  private final ImmutableList<Diagnostic> loadDiagnostics;
  private final LintFiles files;
  private ImmutableList<Visit> visits;
  private WsgiApps wsgiApps;
  private ImmutableMap<org.wsgi4j.source.SourceSpan, AccessFixes.Outcome> accessFixes;

  public LintContext(
      ServerConfig model,
      ExpandedConfig expanded,
      ImmutableMap<Path, ConfFile> syntaxTrees,
      ImmutableList<Diagnostic> loadDiagnostics,
      LintFiles files) {
    this.model = Objects.requireNonNull(model, "model");
    this.expanded = Objects.requireNonNull(expanded, "expanded");
    this.syntaxTrees = Objects.requireNonNull(syntaxTrees, "syntaxTrees");
    this.loadDiagnostics = Objects.requireNonNull(loadDiagnostics, "loadDiagnostics");
    this.files = Objects.requireNonNull(files, "files");
  }

  public ServerConfig model() {
    return model;
  }

  public ExpandedConfig expanded() {
    return expanded;
  }

  public ImmutableMap<Path, ConfFile> syntaxTrees() {
    return syntaxTrees;
  }

  public ImmutableList<Diagnostic> loadDiagnostics() {
    return loadDiagnostics;
  }

  public LintFiles files() {
    return files;
  }

  /** The main server first, then every virtual host in order. */
  public ImmutableList<ServerHost> hosts() {
    return ImmutableList.<ServerHost>builder()
        .add(model.mainServer())
        .addAll(model.virtualHosts())
        .build();
  }

  /** Every path section of every host, nested ones included, in configuration order. */
  public ImmutableList<HostSection> sections() {
    ImmutableList.Builder<HostSection> all = ImmutableList.builder();
    for (ServerHost host : hosts()) {
      addSections(host, host.settings().sections(), all);
    }
    return all.build();
  }

  private static void addSections(
      ServerHost host, List<PathSection> sections, ImmutableList.Builder<HostSection> all) {
    for (PathSection section : sections) {
      all.add(new HostSection(host, section, section.settings().methodLimits()));
      addSections(host, section.nested(), all);
    }
  }

  /** The sections that apply in {@code host}: the main server's, then the host's own. */
  public ImmutableList<HostSection> sectionsSeenBy(ServerHost host) {
    return sections().stream()
        .filter(
            s ->
                s.host().equals(host)
                    || (s.host().equals(model.mainServer()) && host.isVirtualHost()))
        .collect(ImmutableList.toImmutableList());
  }

  /** Every directive of the expanded tree, in order, with its enclosing sections. */
  public ImmutableList<Visit> directives() {
    if (visits == null) {
      List<Visit> all = new ArrayList<>();
      walk(expanded.nodes(), ImmutableList.of(), all);
      visits = ImmutableList.copyOf(all);
    }
    return visits;
  }

  /** The directives named {@code name} (case-insensitively). */
  public ImmutableList<Visit> directives(String name) {
    return directives().stream().filter(v -> v.is(name)).collect(ImmutableList.toImmutableList());
  }

  private static void walk(
      List<ConfNode> nodes, ImmutableList<Section> ancestors, List<Visit> out) {
    for (ConfNode node : nodes) {
      if (node instanceof Directive directive) {
        out.add(new Visit(directive, ancestors));
      } else if (node instanceof Section section) {
        walk(
            section.body(),
            ImmutableList.<Section>builder().addAll(ancestors).add(section).build(),
            out);
      }
    }
  }

  /** The host whose block holds this directive (the main server outside any VirtualHost). */
  public ServerHost hostOf(Visit visit) {
    Optional<Section> vhost = visit.virtualHost();
    if (vhost.isPresent()) {
      for (ServerHost host : model.virtualHosts()) {
        if (host.origin().equals(vhost.get().openSpan())) {
          return host;
        }
      }
    }
    return model.mainServer();
  }

  /** A path as httpd resolves it: relative to ServerRoot unless absolute. */
  public String resolve(String path) {
    try {
      return expanded.serverRoot().resolve(path).normalize().toString();
    } catch (InvalidPathException e) {
      return path;
    }
  }

  /**
   * For each section with Order/Allow/Deny (keyed by its opening line): the proven Require rewrite,
   * or why none is offered.
   */
  ImmutableMap<org.wsgi4j.source.SourceSpan, AccessFixes.Outcome> accessFixes() {
    if (accessFixes == null) {
      accessFixes = AccessFixes.plan(this);
    }
    return accessFixes;
  }

  /** Where each WSGI script runs: process group and application group. */
  public WsgiApps wsgiApps() {
    if (wsgiApps == null) {
      wsgiApps = WsgiApps.resolve(this);
    }
    return wsgiApps;
  }

  /** The name httpd uses to pick a virtual host, lower-cased; empty without ServerName. */
  public static Optional<String> serverName(ServerHost host) {
    return host.serverName().map(n -> hostPart(n).toLowerCase(Locale.ROOT));
  }

  /** "scheme://name:port" or "name:port" reduced to the name. */
  static String hostPart(String name) {
    String n = name;
    int scheme = n.indexOf("://");
    if (scheme >= 0) {
      n = n.substring(scheme + 3);
    }
    if (n.startsWith("[")) {
      int close = n.indexOf(']');
      return close > 0 ? n.substring(0, close + 1) : n;
    }
    int colon = n.lastIndexOf(':');
    return colon > 0 ? n.substring(0, colon) : n;
  }
}
