package org.wsgi4j.compile;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableListMultimap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.model.RewriteCondition;
import org.wsgi4j.model.RewriteFlag;
import org.wsgi4j.model.RewriteMapDefinition;
import org.wsgi4j.model.RewriteRule;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.syntax.Directive;

/** Handlers for mod_rewrite, with the checks mod_rewrite makes when it reads its directives. */
final class RewriteDirectives {
  private static final Splitter COMMAS = Splitter.on(',');

  private RewriteDirectives() {}

  static void register(Map<String, DirectiveHandler> handlers) {
    handlers.put(
        "rewriteengine",
        (d, scope, s) ->
            scope.directory().rewrite.engine = Optional.of(d.value(0).equalsIgnoreCase("on")));
    handlers.put(
        "rewritebase", (d, scope, s) -> scope.directory().rewrite.base = Optional.of(d.value(0)));
    handlers.put("rewriteoptions", RewriteDirectives::options);
    handlers.put("rewritemap", RewriteDirectives::map);
    handlers.put("rewritecond", RewriteDirectives::condition);
    handlers.put("rewriterule", RewriteDirectives::rule);
  }

  /** The words httpd 2.4's RewriteOptions accepts (MaxRedirects=N is accepted and ignored). */
  private static final java.util.Set<String> OPTION_WORDS =
      java.util.Set.of(
          "inherit",
          "inheritbefore",
          "inheritdown",
          "inheritdownbefore",
          "ignoreinherit",
          "allownoslash",
          "allowanyuri",
          "mergebase",
          "ignorecontextinfo",
          "legacyprefixdocroot");

  private static void options(Directive directive, Scope scope, CompileSession session) {
    List<String> words = new java.util.ArrayList<>();
    for (var arg : directive.args()) {
      String word = arg.value();
      String lower = word.toLowerCase(Locale.ROOT);
      if (!OPTION_WORDS.contains(lower) && !lower.startsWith("maxredirects=")) {
        // httpd refuses to start (LongURLOptimization, gone from 2.4, included).
        session.error(directive.span(), "RewriteOptions: unknown option '" + word + "'");
        return;
      }
      words.add(word);
    }
    scope.directory().rewrite.options.addAll(words);
  }

  private static void map(Directive directive, Scope scope, CompileSession session) {
    String name = directive.value(0);
    String spec = directive.value(1);
    int colon = spec.indexOf(':');
    String type = colon > 0 ? spec.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    String source = colon > 0 ? spec.substring(colon + 1) : spec;
    boolean fileBacked = type.equals("txt") || type.equals("rnd") || type.equals("dbm");
    boolean known =
        fileBacked
            || type.equals("int")
            || type.equals("prg")
            || type.equals("dbd")
            || type.equals("fastdbd");
    if (!known) {
      // mod_rewrite reads an unknown type as a text map whose file is the whole argument.
      type = "txt";
      source = spec;
      fileBacked = true;
    }
    if (fileBacked) {
      Path file = session.resolve(source);
      if (!Files.exists(file)) {
        session.error(directive.span(), "RewriteMap: file for map " + name + " not found:" + file);
        return;
      }
      source = file.toString();
    }
    scope
        .directory()
        .rewrite
        .maps
        .add(new RewriteMapDefinition(name, type, source, directive.span()));
  }

  private static void condition(Directive directive, Scope scope, CompileSession session) {
    Optional<List<String>> args = RewriteArguments.split(directive.rawArgs());
    if (args.isEmpty()) {
      session.error(
          directive.span(), "RewriteCond: bad argument line '" + directive.rawArgs() + "'");
      return;
    }
    String testString = args.get().get(0);
    if (testString.equals("expr")) {
      // ap_expr conditions are not evaluated by wsgi4j; guessing their value could grant access
      // (CVE-2025-54090 made every one of them true in httpd 2.4.64). Fail closed.
      session.refuse(
          directive.span(),
          "RewriteCond expr is not implemented by wsgi4j; the configuration can be linted but will"
              + " not be served");
    }
    String written = args.get().get(1);
    String flagsText = args.get().size() > 2 ? args.get().get(2) : "";
    boolean noCase = false;
    boolean orNext = false;
    boolean noVary = false;
    if (!flagsText.isEmpty()) {
      if (!flagsText.startsWith("[") || !flagsText.endsWith("]")) {
        session.error(directive.span(), "RewriteCond: bad flag delimiters");
        return;
      }
      for (String flag : COMMAS.split(flagsText.substring(1, flagsText.length() - 1))) {
        String key = flag.trim().toLowerCase(Locale.ROOT);
        switch (key) {
          case "nc", "nocase" -> noCase = true;
          case "or", "ornext" -> orNext = true;
          case "nv", "novary" -> noVary = true;
          case "" -> {}
          default -> {
            session.error(directive.span(), "RewriteCond: unknown flag '" + flag.trim() + "'");
            return;
          }
        }
      }
    }
    boolean negated = written.startsWith("!");
    String condition = negated ? written.substring(1) : written;
    ConditionForm form = ConditionForm.of(condition);
    Optional<ApacheRegex> regex = Optional.empty();
    if (form.kind() == RewriteCondition.Kind.REGEX) {
      regex =
          session.regex(
              form.operand(),
              noCase,
              directive.span(),
              "RewriteCond: cannot compile regular expression '" + form.operand() + "'");
      if (regex.isEmpty()) {
        return;
      }
    }
    scope
        .directory()
        .rewrite
        .pendingConditions
        .add(
            new RewriteCondition(
                testString,
                form.kind(),
                negated,
                form.operand(),
                regex,
                noCase,
                orNext,
                noVary,
                flagsText,
                directive.span()));
  }

  private static void rule(Directive directive, Scope scope, CompileSession session) {
    RewriteBuilder rewrite = scope.directory().rewrite;
    Optional<List<String>> args = RewriteArguments.split(directive.rawArgs());
    if (args.isEmpty()) {
      session.error(
          directive.span(), "RewriteRule: bad argument line '" + directive.rawArgs() + "'");
      rewrite.takeConditions();
      return;
    }
    String written = args.get().get(0);
    String substitution = args.get().get(1);
    String flagsText = args.get().size() > 2 ? args.get().get(2) : "";
    Optional<ImmutableListMultimap<RewriteFlag, String>> flags =
        RewriteFlags.parse(flagsText, directive.span(), session);
    if (flags.isEmpty()) {
      rewrite.takeConditions();
      return;
    }
    boolean negated = written.startsWith("!");
    String pattern = negated ? written.substring(1) : written;
    Optional<ApacheRegex> regex =
        session.regex(
            pattern,
            flags.get().containsKey(RewriteFlag.NO_CASE),
            directive.span(),
            "RewriteRule: cannot compile regular expression '" + pattern + "'");
    if (regex.isEmpty()) {
      rewrite.takeConditions();
      return;
    }
    rewrite.rules.add(
        new RewriteRule(
            negated,
            regex.get(),
            substitution,
            rewrite.takeConditions(),
            flags.get(),
            flagsText,
            directive.span()));
  }
}
