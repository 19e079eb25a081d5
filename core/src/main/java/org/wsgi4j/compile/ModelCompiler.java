package org.wsgi4j.compile;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.wsgi4j.config.ExpandedConfig;
import org.wsgi4j.directive.DirectiveCatalogue;
import org.wsgi4j.directive.DirectiveSpec;
import org.wsgi4j.directive.SupportLevel;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.MethodLimit;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.SectionKind;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.VhostAddress;
import org.wsgi4j.model.WsgiStartup;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.source.DiagnosticCode;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.source.Severity;
import org.wsgi4j.source.SourceSpan;
import org.wsgi4j.syntax.ConfNode;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;

/**
 * Compiles the configuration httpd acts on into the typed model: one handler per implemented
 * directive, sections into per-path settings, and the value checks httpd's handlers make. A
 * directive that is known but not implemented either has no effect on access and routing (an
 * informational note) or could have one (a warning that blocks serving: fail closed).
 */
public final class ModelCompiler {
  private static final ImmutableMap<String, DirectiveHandler> HANDLERS = handlers();

  private final DirectiveCatalogue catalogue;
  private final CompileSession session;

  private ModelCompiler(DirectiveCatalogue catalogue, CompileSession session) {
    this.catalogue = catalogue;
    this.session = session;
  }

  public static ServerConfig compile(
      ExpandedConfig config, DirectiveCatalogue catalogue, Diagnostics diagnostics) {
    CompileSession session =
        new CompileSession(diagnostics, config.serverRoot(), config.loadedModules());
    ModelCompiler compiler = new ModelCompiler(catalogue, session);
    SourceSpan mainOrigin =
        config.files().isEmpty()
            ? SourceSpan.synthetic()
            : SourceSpan.at(config.files().get(0), 1, 1);
    HostBuilder main = new HostBuilder(ImmutableList.of(), mainOrigin);
    List<ServerHost> virtualHosts = new ArrayList<>();
    compiler.walk(config.nodes(), Scope.hostLevel(main), virtualHosts);
    ServerConfig model =
        new ServerConfig(
            main.build(),
            ImmutableList.copyOf(virtualHosts),
            ImmutableList.copyOf(session.processGroups),
            ImmutableList.copyOf(session.listens),
            config.loadedModules(),
            new WsgiStartup(
                ImmutableList.copyOf(session.importScripts),
                session
                    .pythonPath
                    .map(p -> ImmutableList.copyOf(Splitter.on(':').omitEmptyStrings().split(p)))
                    .orElse(ImmutableList.of()),
                session.pythonHome));
    CrossReferences.check(model, session);
    if (session.firstAccessScript.isPresent() && session.hostnameLookups.isPresent()) {
      session.diagnostics.report(
          new Diagnostic(
              DiagnosticCode.W105,
              Severity.WARNING,
              session.hostnameLookups.get(),
              "HostnameLookups makes httpd pass WSGIAccessScript's allow_access the client's host"
                  + " name (line "
                  + session.firstAccessScript.get().line()
                  + "); wsgi4j has only the address, so the configuration can be linted but will"
                  + " not be served",
              true));
    }
    return model;
  }

  /** Names of the directives that have a handler, for the catalogue consistency test. */
  public static ImmutableSet<String> handledDirectives() {
    return HANDLERS.keySet();
  }

  private void walk(List<ConfNode> nodes, Scope scope, List<ServerHost> virtualHosts) {
    for (ConfNode node : nodes) {
      if (node instanceof Directive directive) {
        directive(directive, scope);
      } else if (node instanceof Section section) {
        section(section, scope, virtualHosts);
      }
    }
  }

  private void directive(Directive directive, Scope scope) {
    Optional<DirectiveSpec> spec = catalogue.find(directive.name());
    if (spec.isEmpty()) {
      return; // the reader has reported it
    }
    String key = directive.name().toLowerCase(Locale.ROOT);
    ValueChecks.check(directive, session);
    switch (spec.get().support()) {
      case IMPLEMENTED -> {
        DirectiveHandler handler = HANDLERS.get(key);
        if (handler != null) {
          handler.apply(directive, scope, session);
        }
      }
      case IGNORED -> {
        ignored(directive);
        if (key.equals("hostnamelookups")
            && !directive.args().isEmpty()
            && !directive.value(0).equalsIgnoreCase("off")) {
          session.hostnameLookups = session.hostnameLookups.or(() -> Optional.of(directive.span()));
        }
      }
      case REFUSED -> refused(directive.name(), directive.span());
    }
  }

  private void ignored(Directive directive) {
    if (session.firstIgnored(directive.name())) {
      session.diagnostics.report(
          new Diagnostic(
              DiagnosticCode.I106,
              Severity.INFO,
              directive.span(),
              directive.name()
                  + " has no effect on access or routing; wsgi4j ignores it (reported once)",
              false));
    }
  }

  private void refused(String name, SourceSpan at) {
    session.diagnostics.report(
        new Diagnostic(
            DiagnosticCode.W105,
            Severity.WARNING,
            at,
            name
                + " is not implemented by wsgi4j and could change access or routing; the"
                + " configuration can be linted but will not be served",
            true));
  }

  private void section(Section section, Scope scope, List<ServerHost> virtualHosts) {
    Optional<DirectiveSpec> spec = catalogue.find("<" + section.name());
    String name = section.name().toLowerCase(Locale.ROOT);
    if (spec.isPresent() && spec.get().support() == SupportLevel.REFUSED) {
      ValueChecks.checkSection(section, session);
      refused("<" + section.name() + ">", section.openSpan());
      return;
    }
    switch (name) {
      case "virtualhost" -> virtualHost(section, virtualHosts);
      case "directory" -> pathSection(section, scope, SectionKind.DIRECTORY, virtualHosts);
      case "directorymatch" ->
          pathSection(section, scope, SectionKind.DIRECTORY_MATCH, virtualHosts);
      case "location" -> pathSection(section, scope, SectionKind.LOCATION, virtualHosts);
      case "locationmatch" -> pathSection(section, scope, SectionKind.LOCATION_MATCH, virtualHosts);
      case "files" -> pathSection(section, scope, SectionKind.FILES, virtualHosts);
      case "filesmatch" -> pathSection(section, scope, SectionKind.FILES_MATCH, virtualHosts);
      case "limit", "limitexcept" -> methodLimit(section, scope, virtualHosts);
      case "requireall", "requireany", "requirenone" ->
          AuthzContainers.compile(section, session).ifPresent(scope.directory()::addRequire);
      default -> refused("<" + section.name() + ">", section.openSpan());
    }
  }

  private void virtualHost(Section section, List<ServerHost> virtualHosts) {
    ImmutableList.Builder<VhostAddress> addresses = ImmutableList.builder();
    for (var arg : section.args()) {
      addresses.add(VhostAddresses.parse(arg.value()));
    }
    HostBuilder host = new HostBuilder(addresses.build(), section.openSpan());
    Optional<String> name = serverNameOf(section);
    session.currentVirtualHostName = name;
    session.insideVirtualHost = true;
    walk(section.body(), Scope.hostLevel(host), virtualHosts);
    session.insideVirtualHost = false;
    session.currentVirtualHostName = Optional.empty();
    virtualHosts.add(host.build());
  }

  /** mod_wsgi scopes daemon groups by the ServerName of the defining host, wherever it appears. */
  private static Optional<String> serverNameOf(Section virtualHost) {
    for (ConfNode node : virtualHost.body()) {
      if (node instanceof Directive d
          && d.name().equalsIgnoreCase("ServerName")
          && !d.args().isEmpty()) {
        return Optional.of(d.value(0));
      }
    }
    return Optional.empty();
  }

  private void pathSection(
      Section section, Scope scope, SectionKind kind, List<ServerHost> virtualHosts) {
    String displayName = "<" + kind.directiveName() + ">";
    boolean tilde =
        !kind.isRegex() && !section.args().isEmpty() && section.args().get(0).value().equals("~");
    int expected = tilde ? 2 : 1;
    if (section.args().size() > expected) {
      session.error(
          section.openSpan(), "Multiple " + displayName + " arguments not (yet) supported.");
      return;
    }
    if (section.args().size() < expected) {
      return; // the reader reported the missing argument
    }
    String pattern = section.args().get(expected - 1).value();
    Optional<ApacheRegex> regex = Optional.empty();
    if (kind.isRegex() || tilde) {
      boolean caseInsensitive = false;
      regex =
          session.regex(
              pattern, caseInsensitive, section.openSpan(), "Regex could not be compiled");
      if (regex.isEmpty()) {
        return;
      }
    }
    DirectoryBuilder settings = new DirectoryBuilder();
    List<PathSection> nested = new ArrayList<>();
    walk(section.body(), scope.inSection(settings, nested), virtualHosts);
    PathSection built =
        new PathSection(
            kind,
            pattern,
            regex,
            settings.build(),
            ImmutableList.copyOf(nested),
            section.openSpan());
    scope.nestedSections().add(built);
  }

  private void methodLimit(Section section, Scope scope, List<ServerHost> virtualHosts) {
    ImmutableSet.Builder<String> methods = ImmutableSet.builder();
    for (var arg : section.args()) {
      methods.add(arg.value().toUpperCase(Locale.ROOT));
    }
    DirectoryBuilder settings = new DirectoryBuilder();
    walk(section.body(), scope.inSection(settings, new ArrayList<>()), virtualHosts);
    scope
        .directory()
        .methodLimits
        .add(
            new MethodLimit(
                section.name().equalsIgnoreCase("LimitExcept"),
                methods.build(),
                settings.build(),
                section.openSpan()));
  }

  private static ImmutableMap<String, DirectiveHandler> handlers() {
    Map<String, DirectiveHandler> handlers = new HashMap<>();
    CoreDirectives.register(handlers);
    MimeDirectives.register(handlers);
    RewriteDirectives.register(handlers);
    AccessDirectives.register(handlers);
    EnvDirectives.register(handlers);
    AliasDirectives.register(handlers);
    WsgiDirectives.register(handlers);
    return ImmutableMap.copyOf(handlers);
  }

  static OptionalInt parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      return port >= 1 && port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  static ImmutableList<AuthzRule> none() {
    return ImmutableList.of();
  }
}
