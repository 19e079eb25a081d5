package org.wsgi4j.config;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsgi4j.directive.DirectiveCatalogue;
import org.wsgi4j.directive.DirectiveChecker;
import org.wsgi4j.directive.DirectiveSpec;
import org.wsgi4j.directive.ModuleSpec;
import org.wsgi4j.source.DiagnosticCode;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.source.SourceSpan;
import org.wsgi4j.syntax.Arg;
import org.wsgi4j.syntax.Closure;
import org.wsgi4j.syntax.ConditionalSections;
import org.wsgi4j.syntax.ConfFile;
import org.wsgi4j.syntax.ConfNode;
import org.wsgi4j.syntax.ConfParser;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;
import org.wsgi4j.syntax.StrayCloseTag;

/**
 * Reads a configuration the way httpd does at start-up: line by line, in order, following Include,
 * evaluating conditional sections as they come, substituting variables, loading modules, and
 * checking every directive's name, context and argument count. Reports every problem httpd would
 * refuse to start for (httpd stops at the first; this carries on) and yields the configuration as
 * httpd acts on it.
 */
public final class ConfigReader {
  /** httpd's limit on nested includes. */
  private static final int MAX_INCLUDE_DEPTH = 128;

  private final DirectiveCatalogue catalogue;
  private final ReadOptions options;
  private final Diagnostics diagnostics;
  private final Map<String, String> variables = new HashMap<>();
  private final Set<String> loadedModuleFiles = new LinkedHashSet<>();
  private final Deque<Path> includeChain = new ArrayDeque<>();

  /** The Include directives that led to the file being read, outermost last. */
  private final Deque<SourceSpan> includedFrom = new ArrayDeque<>();

  private final List<Path> filesRead = new ArrayList<>();

  /** Parsed files, shared by the survey pass and the real one so each file is parsed once. */
  private final Map<Path, ConfFile> parsed;

  private Path serverRoot;

  /** Directives accepted before their module was loaded: checked once reading is done. */
  private final List<Map.Entry<DirectiveSpec, SourceSpan>> provisional = new ArrayList<>();

  /** Whether a conditional section asked about modules or directives (IfModule, IfDirective). */
  private boolean askedAboutModules;

  private boolean sawLoadModule;

  private ConfigReader(
      DirectiveCatalogue catalogue,
      ReadOptions options,
      Diagnostics diagnostics,
      Path serverRoot,
      boolean assumeAllModules,
      Map<Path, ConfFile> parsed) {
    this.parsed = parsed;
    this.catalogue = catalogue;
    this.options = options;
    this.diagnostics = diagnostics;
    this.serverRoot = serverRoot;
    for (String define : options.defines()) {
      variables.put(define, null);
    }
    for (ModuleSpec module : catalogue.modules()) {
      if (module.isBuiltIn() || assumeAllModules) {
        loadedModuleFiles.add(module.sourceFile());
      }
    }
  }

  /**
   * Reads {@code mainFile}. A configuration that loads no module itself (a fragment such as one
   * virtual host) is read as if every known module were loaded.
   */
  public static ExpandedConfig read(
      Path mainFile, ReadOptions options, DirectiveCatalogue catalogue, Diagnostics diagnostics) {
    Path main = mainFile.toAbsolutePath().normalize();
    Path root =
        options.serverRoot().map(p -> p.toAbsolutePath().normalize()).orElse(main.getParent());
    return readWith(root, main, options, catalogue, diagnostics, reader -> reader.readMain(main));
  }

  /**
   * Reads a configuration given as a syntax tree (made in code rather than read from a file), with
   * the same rules: {@code serverRoot} resolves its relative paths and Includes.
   */
  public static ExpandedConfig readTree(
      ConfFile tree,
      Path serverRoot,
      ReadOptions options,
      DirectiveCatalogue catalogue,
      Diagnostics diagnostics) {
    Path root = serverRoot.toAbsolutePath().normalize();
    return readWith(
        root, tree.path(), options, catalogue, diagnostics, reader -> reader.readFile(tree));
  }

  /**
   * One pass in httpd's own terms: LoadModule acts while the files are read, conditional sections
   * see the modules loaded so far, and a directive whose module is not loaded yet is accepted
   * provisionally (httpd looks directives up only once everything is read) and refused at the end
   * if its module never came. A configuration that loads no module at all is a fragment and reads
   * as if every module were loaded: that needs a second pass only if a condition asked about a
   * module on the way.
   */
  private static ExpandedConfig readWith(
      Path root,
      Path main,
      ReadOptions options,
      DirectiveCatalogue catalogue,
      Diagnostics diagnostics,
      java.util.function.Function<ConfigReader, ImmutableList<ConfNode>> reading) {
    Map<Path, ConfFile> cache = new HashMap<>();
    Diagnostics first = new Diagnostics();
    ConfigReader reader = new ConfigReader(catalogue, options, first, root, false, cache);
    ImmutableList<ConfNode> nodes = reading.apply(reader);
    if (reader.sawLoadModule) {
      reader.reportModulesNeverLoaded();
      reader.checkMpmLoaded(main);
      first.all().forEach(diagnostics::report);
      return reader.result(nodes, false);
    }
    if (!reader.askedAboutModules) {
      first.all().forEach(diagnostics::report);
      catalogue.modules().forEach(m -> reader.loadedModuleFiles.add(m.sourceFile()));
      return reader.result(nodes, true);
    }
    ConfigReader fragment = new ConfigReader(catalogue, options, diagnostics, root, true, cache);
    return fragment.result(reading.apply(fragment), true);
  }

  private ExpandedConfig result(ImmutableList<ConfNode> nodes, boolean allModules) {
    return new ExpandedConfig(
        nodes,
        ImmutableList.copyOf(filesRead),
        ImmutableSet.copyOf(loadedModuleFiles),
        allModules,
        serverRoot);
  }

  private ImmutableList<ConfNode> readMain(Path main) {
    Optional<ConfFile> file = parseFile(main, SourceSpan.at(main, 1, 1), false);
    return file.map(f -> readFile(f)).orElse(ImmutableList.of());
  }

  private void checkMpmLoaded(Path main) {
    boolean mpm =
        loadedModuleFiles.contains("event.c")
            || loadedModuleFiles.contains("prefork.c")
            || loadedModuleFiles.contains("worker.c");
    if (!mpm) {
      diagnostics.report(
          DiagnosticCode.E104,
          SourceSpan.at(main, 1, 1),
          "AH00534: apache2: Configuration error: No MPM loaded.");
    }
  }

  private ImmutableList<ConfNode> readFile(ConfFile file) {
    includeChain.push(file.path());
    filesRead.add(file.path());
    List<ConfNode> out = new ArrayList<>();
    walk(file.nodes(), Frame.top(), out);
    includeChain.pop();
    return ImmutableList.copyOf(out);
  }

  private Optional<ConfFile> parseFile(Path path, SourceSpan includedAt, boolean optional) {
    ConfFile cached = parsed.get(path);
    if (cached != null) {
      return Optional.of(cached);
    }
    try {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      ConfFile file = ConfParser.parse(path, text, diagnostics);
      parsed.put(path, file);
      return Optional.of(file);
    } catch (NoSuchFileException e) {
      if (!optional) {
        diagnostics.report(
            DiagnosticCode.E006,
            includedAt,
            "Could not open configuration file " + path + ": No such file or directory");
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      diagnostics.report(
          DiagnosticCode.E006,
          includedAt,
          "Could not open configuration file " + path + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  // ---- walking ------------------------------------------------------------------------------

  private void walk(List<ConfNode> nodes, Frame frame, List<ConfNode> out) {
    for (ConfNode node : nodes) {
      if (node instanceof Directive directive) {
        directive(directive, frame, out);
      } else if (node instanceof Section section) {
        section(section, frame, out);
      } else if (node instanceof StrayCloseTag stray) {
        if (stray.missingGt()) {
          diagnostics.report(
              DiagnosticCode.E004,
              stray.span(),
              "</" + stray.name() + "> directive missing closing '>'");
        } else {
          diagnostics.report(
              DiagnosticCode.E003,
              stray.span(),
              "</" + stray.name() + "> without matching <" + stray.name() + "> section");
        }
      }
    }
  }

  private void directive(Directive written, Frame frame, List<ConfNode> out) {
    Directive directive = Substituter.directive(written, this::lookupVariable, this::undefined);
    Optional<DirectiveSpec> found = lookup(directive.name(), directive.span());
    if (found.isEmpty()) {
      diagnostics.report(DiagnosticCode.E101, directive.span(), invalidCommand(directive.name()));
      return;
    }
    DirectiveSpec spec = found.get();
    if (!DirectiveChecker.check(
        spec,
        frame.context(),
        frame.enclosingSection(),
        values(directive.args()),
        directive.span(),
        diagnostics)) {
      return;
    }
    Directive canonical =
        new Directive(
            spec.name(),
            directive.args(),
            directive.rawArgs(),
            directive.nameSpan(),
            directive.span());
    switch (spec.name().toLowerCase(Locale.ROOT)) {
      case "define" -> define(canonical);
      case "undefine" -> variables.remove(canonical.value(0));
      case "include" -> include(canonical, frame, out, false);
      case "includeoptional" -> include(canonical, frame, out, true);
      case "loadmodule" -> {
        loadModule(canonical);
        out.add(canonical);
      }
      case "serverroot" -> {
        serverRoot = Path.of(canonical.value(0)).toAbsolutePath().normalize();
        out.add(canonical);
      }
      default -> out.add(canonical);
    }
  }

  private void section(Section written, Frame frame, List<ConfNode> out) {
    Section section = Substituter.section(written, this::lookupVariable, this::undefined);
    Optional<DirectiveSpec> found = lookup("<" + section.name(), section.openSpan());
    if (found.isEmpty()) {
      diagnostics.report(
          DiagnosticCode.E101, section.openSpan(), invalidCommand("<" + section.name()));
      return;
    }
    DirectiveSpec spec = found.get();
    String name = spec.name().substring(1);
    if (!DirectiveChecker.check(
        spec,
        frame.context(),
        frame.enclosingSection(),
        values(section.args()),
        section.openSpan(),
        diagnostics)) {
      return;
    }
    if (section.missingGt()) {
      diagnostics.report(
          DiagnosticCode.E004, section.openSpan(), "<" + name + "> directive missing closing '>'");
      return;
    }
    if (ConditionalSections.isConditional(name)) {
      conditional(section, name, frame, out);
      return;
    }
    if (section.args().isEmpty() && SectionArguments.required(name)) {
      diagnostics.report(
          DiagnosticCode.E010,
          section.openSpan(),
          "<" + name + "> directive requires additional arguments");
    }
    List<ConfNode> body = new ArrayList<>();
    walk(section.body(), frame.enter(name), body);
    reportClosure(section, name, true);
    out.add(
        new Section(
            name,
            section.args(),
            section.rawHead(),
            false,
            ImmutableList.copyOf(body),
            section.openSpan(),
            section.closure()));
  }

  private void conditional(Section section, String name, Frame frame, List<ConfNode> out) {
    ConditionEvaluator.Outcome outcome = ConditionEvaluator.evaluate(section, conditionFacts());
    if (outcome.invalid()) {
      DiagnosticCode code = section.args().isEmpty() ? DiagnosticCode.E010 : DiagnosticCode.E012;
      diagnostics.report(code, section.openSpan(), outcome.problem());
      return;
    }
    if (outcome.holds()) {
      walk(section.body(), frame, out);
      // A true conditional body may run to the end of the file: httpd accepts that.
      reportClosure(section, name, false);
      return;
    }
    SkippedSection.firstProblem(section)
        .ifPresent(problem -> diagnostics.report(DiagnosticCode.E002, section.openSpan(), problem));
  }

  private void reportClosure(Section section, String name, boolean unclosedIsError) {
    Closure closure = section.closure();
    switch (closure.kind()) {
      case CLOSED -> {
        if (closure.missingGt()) {
          diagnostics.report(
              DiagnosticCode.E004, closure.at(), "</" + name + "> directive missing closing '>'");
        }
      }
      case MISMATCHED ->
          diagnostics.report(
              DiagnosticCode.E002,
              closure.at(),
              "Expected </" + name + "> but saw </" + closure.sawName().orElse("") + ">");
      case UNCLOSED -> {
        if (unclosedIsError) {
          diagnostics.report(
              DiagnosticCode.E001, section.openSpan(), "<" + name + "> was not closed.");
        }
      }
    }
  }

  // ---- directives with effects on reading ---------------------------------------------------

  private void define(Directive define) {
    String name = define.value(0);
    if (name.indexOf(':') >= 0) {
      diagnostics.report(DiagnosticCode.E009, define.span(), "Variable name must not contain ':'");
      return;
    }
    variables.put(name, define.args().size() > 1 ? define.value(1) : null);
  }

  private void include(Directive include, Frame frame, List<ConfNode> out, boolean optional) {
    IncludeFiles.Resolution resolution =
        IncludeFiles.resolve(serverRoot, include.value(0), optional);
    if (resolution.failed()) {
      diagnostics.report(DiagnosticCode.E007, include.span(), resolution.problem());
      return;
    }
    for (Path path : resolution.files()) {
      Path normalized = path.toAbsolutePath().normalize();
      if (includeChain.contains(normalized) || includeChain.size() >= MAX_INCLUDE_DEPTH) {
        // httpd follows the cycle until its depth limit and reports it from the outermost
        // Include, so that is where the error goes; the message names the file that closes it.
        SourceSpan outermost = includedFrom.isEmpty() ? include.span() : includedFrom.getLast();
        diagnostics.report(
            DiagnosticCode.E008,
            outermost,
            "Exceeded maximum include depth of "
                + MAX_INCLUDE_DEPTH
                + ", There appears to be a recursion: "
                + include.span()
                + " includes "
                + normalized
                + " again");
        continue;
      }
      Optional<ConfFile> file = parseFile(normalized, include.span(), optional);
      if (file.isEmpty()) {
        continue;
      }
      includeChain.push(normalized);
      includedFrom.push(include.span());
      filesRead.add(normalized);
      walk(file.get().nodes(), frame, out);
      includedFrom.pop();
      includeChain.pop();
    }
  }

  private void loadModule(Directive load) {
    sawLoadModule = true;
    String id = load.value(0);
    Path file = serverRoot.resolve(load.value(1)).normalize();
    Optional<ModuleSpec> module = catalogue.module(id);
    boolean exists = Files.exists(file);
    String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
    if (module.isEmpty() || module.get().isBuiltIn()) {
      if (!exists) {
        diagnostics.report(
            DiagnosticCode.E104,
            load.span(),
            "Cannot load "
                + file
                + " into server: "
                + file
                + ": cannot open shared object file: No such file or directory");
      } else {
        diagnostics.report(
            DiagnosticCode.E104,
            load.span(),
            "Can't locate API module structure `" + id + "' in file " + file);
      }
      return;
    }
    if (!module.get().sharedObject().orElse("").equals(fileName)) {
      diagnostics.report(
          DiagnosticCode.E104,
          load.span(),
          "Can't locate API module structure `" + id + "' in file " + file);
      return;
    }
    if (!exists) {
      diagnostics.report(
          DiagnosticCode.W109,
          load.span(),
          "Cannot load "
              + file
              + " into server: no such file (httpd would refuse to start here; wsgi4j loads no"
              + " native code and reads it as "
              + id
              + ")");
    }
    loadedModuleFiles.add(module.get().sourceFile());
  }

  private static List<String> values(List<Arg> args) {
    return args.stream().map(Arg::value).toList();
  }

  // ---- lookups ------------------------------------------------------------------------------

  private Optional<DirectiveSpec> lookup(String name, SourceSpan at) {
    Optional<DirectiveSpec> spec = catalogue.find(name);
    if (spec.isPresent()
        && spec.get().moduleFiles().stream().noneMatch(loadedModuleFiles::contains)) {
      provisional.add(Map.entry(spec.get(), at));
    }
    return spec;
  }

  private void reportModulesNeverLoaded() {
    for (Map.Entry<DirectiveSpec, SourceSpan> entry : provisional) {
      if (entry.getKey().moduleFiles().stream().noneMatch(loadedModuleFiles::contains)) {
        diagnostics.report(
            DiagnosticCode.E101, entry.getValue(), invalidCommand(entry.getKey().name()));
      }
    }
  }

  /** Whether a directive is known at this point of reading (for {@code <IfDirective>}). */
  private boolean knownNow(String name) {
    return catalogue
        .find(name)
        .filter(spec -> spec.moduleFiles().stream().anyMatch(loadedModuleFiles::contains))
        .isPresent();
  }

  private static String invalidCommand(String name) {
    return "Invalid command '"
        + name
        + "', perhaps misspelled or defined by a module not included in the server configuration";
  }

  private String lookupVariable(String name) {
    // "Define NAME" without a value (like -D NAME) makes NAME true for <IfDefine> but gives
    // ${NAME} nothing to substitute; the process environment is the fallback.
    String value = variables.get(name);
    return value != null ? value : options.environment().get(name);
  }

  private void undefined(String name, SourceSpan at) {
    diagnostics.report(DiagnosticCode.W011, at, "Config variable ${" + name + "} is not defined");
  }

  private ConditionEvaluator.Facts conditionFacts() {
    return new ConditionEvaluator.Facts() {
      @Override
      public boolean moduleLoaded(String idOrSourceFile) {
        askedAboutModules = true;
        return catalogue
            .module(idOrSourceFile)
            .map(m -> loadedModuleFiles.contains(m.sourceFile()))
            .orElse(false);
      }

      @Override
      public boolean defined(String name) {
        return variables.containsKey(name);
      }

      @Override
      public boolean directiveKnown(String name) {
        askedAboutModules = true;
        return knownNow(name);
      }

      @Override
      public Path serverRoot() {
        return serverRoot;
      }

      @Override
      public String httpdVersion() {
        return options.httpdVersion();
      }
    };
  }
}
