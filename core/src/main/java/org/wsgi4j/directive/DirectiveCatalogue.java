package org.wsgi4j.directive;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every directive of httpd 2.4's core, of the modules Debian's apache2 package ships, and of
 * mod_wsgi, read from data files generated from a real httpd ({@code tools/catalogue/generate}).
 * Lookups are case-insensitive, as in httpd.
 */
public final class DirectiveCatalogue {
  private static final Splitter TABS = Splitter.on('\t');
  private static final Splitter COMMAS = Splitter.on(',').trimResults().omitEmptyStrings();

  private final ImmutableMap<String, DirectiveSpec> directivesByKey;
  private final ImmutableMap<String, ModuleSpec> modulesByKey;
  private final ImmutableList<ModuleSpec> modules;

  private DirectiveCatalogue(List<DirectiveSpec> directives, List<ModuleSpec> modules) {
    Map<String, DirectiveSpec> byKey = new LinkedHashMap<>();
    for (DirectiveSpec spec : directives) {
      byKey.putIfAbsent(key(spec.name()), spec);
    }
    this.directivesByKey = ImmutableMap.copyOf(byKey);
    Map<String, ModuleSpec> moduleKeys = new LinkedHashMap<>();
    for (ModuleSpec module : modules) {
      moduleKeys.putIfAbsent(module.id(), module);
      moduleKeys.putIfAbsent(module.sourceFile(), module);
    }
    this.modulesByKey = ImmutableMap.copyOf(moduleKeys);
    this.modules = ImmutableList.copyOf(modules);
  }

  private static final class Holder {
    static final DirectiveCatalogue BUILT_IN = load();
  }

  /** The catalogue shipped with wsgi4j. */
  public static DirectiveCatalogue builtIn() {
    return Holder.BUILT_IN;
  }

  public Optional<DirectiveSpec> find(String name) {
    return Optional.ofNullable(directivesByKey.get(key(name)));
  }

  /** A module by its identifier ({@code rewrite_module}) or source file ({@code mod_rewrite.c}). */
  public Optional<ModuleSpec> module(String idOrSourceFile) {
    return Optional.ofNullable(modulesByKey.get(idOrSourceFile));
  }

  public ImmutableList<ModuleSpec> modules() {
    return modules;
  }

  public ImmutableList<DirectiveSpec> directives() {
    return directivesByKey.values().asList();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static DirectiveCatalogue load() {
    ImmutableList.Builder<ModuleSpec> modules = ImmutableList.builder();
    for (List<String> row : rows("modules.tsv")) {
      String so = row.get(2);
      modules.add(
          new ModuleSpec(
              row.get(0), row.get(1), so.equals("-") ? Optional.empty() : Optional.of(so)));
    }
    ImmutableList.Builder<DirectiveSpec> directives = ImmutableList.builder();
    for (List<String> row : rows("directives.tsv")) {
      directives.add(
          new DirectiveSpec(
              row.get(0),
              moduleFiles(row.get(1), row.size() > 6 ? row.get(6) : ""),
              Arity.valueOf(row.get(2)),
              COMMAS
                  .splitToStream(row.get(3))
                  .filter(word -> !word.equals("-"))
                  .map(Context::parse)
                  .collect(ImmutableSet.toImmutableSet()),
              row.get(4).equals("-")
                  ? ImmutableSet.of()
                  : ImmutableSet.copyOf(COMMAS.split(row.get(4))),
              SupportLevel.parse(row.get(5)),
              row.size() > 7 ? row.get(7) : ""));
    }
    return new DirectiveCatalogue(directives.build(), modules.build());
  }

  /**
   * The defining module, plus the others the note names ("also defined by worker.c, prefork.c").
   */
  private static ImmutableSet<String> moduleFiles(String first, String note) {
    ImmutableSet.Builder<String> files = ImmutableSet.<String>builder().add(first);
    java.util.regex.Matcher also =
        java.util.regex.Pattern.compile("also defined by ([A-Za-z0-9_.]+(?:, [A-Za-z0-9_.]+)*)")
            .matcher(note);
    if (also.find()) {
      files.addAll(COMMAS.split(also.group(1)));
    }
    return files.build();
  }

  private static List<List<String>> rows(String resource) {
    ImmutableList.Builder<List<String>> rows = ImmutableList.builder();
    try (InputStream in = DirectiveCatalogue.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing catalogue resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(TABS.splitToList(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows.build();
  }
}
