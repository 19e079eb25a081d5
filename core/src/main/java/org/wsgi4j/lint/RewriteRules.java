package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wsgi4j.model.AliasMapping;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.RedirectMapping;
import org.wsgi4j.model.RewriteCondition;
import org.wsgi4j.model.RewriteFlag;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.model.RewriteRule;
import org.wsgi4j.model.SectionKind;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.WsgiScriptAlias;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.SourceSpan;
import org.wsgi4j.syntax.ConfNode;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;

/** Rules about mod_rewrite programs and regular expressions (W320-W327). */
final class RewriteRules {
  private static final ImmutableList<String> PROBES =
      ImmutableList.of("", "/", "x", "/index.html", "/a/b/c.wsgi", "a/b", "/%2F?q=1", "/A-Z_09.~");

  private RewriteRules() {}

  /** A rewrite program with where it sits. */
  private record Program(ServerHost host, Optional<PathSection> section, RewriteProgram program) {}

  private static List<Program> programs(LintContext context) {
    List<Program> all = new ArrayList<>();
    for (ServerHost host : context.hosts()) {
      all.add(new Program(host, Optional.empty(), host.settings().rewrite()));
    }
    for (LintContext.HostSection s : context.sections()) {
      all.add(new Program(s.host(), Optional.of(s.section()), s.section().settings().rewrite()));
    }
    return all;
  }

  static List<LintFinding> engineNotOn(LintContext context) {
    boolean anySectionOn =
        context.sections().stream()
            .anyMatch(s -> s.section().settings().rewrite().engine().orElse(false));
    ServerHost main = context.model().mainServer();
    List<LintFinding> found = new ArrayList<>();
    for (Program p : programs(context)) {
      RewriteProgram program = p.program();
      if (program.rules().isEmpty() || program.engine().isPresent()) {
        continue;
      }
      boolean off;
      if (p.section().isEmpty()) {
        off = p.host().equals(main) || !main.settings().rewrite().engine().orElse(false);
      } else {
        off = !anySectionOn;
      }
      if (off) {
        found.add(
            LintFinding.of(
                LintCode.W320,
                program.rules().get(0).origin(),
                "RewriteRule without RewriteEngine On in "
                    + (p.section().isPresent() ? "this section" : "this server")
                    + ": the rules never run (rules and their engine switch are set per server"
                    + " and per directory, and the server-level switch does not reach"
                    + " <Directory>/<Location>)"));
      }
    }
    return found;
  }

  static List<LintFinding> unreachable(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (Program p : programs(context)) {
      List<RewriteRule> rules = p.program().rules();
      for (int i = 0; i < rules.size(); i++) {
        boolean chained = i > 0 && rules.get(i - 1).has(RewriteFlag.CHAIN);
        if (!chained && isFinalCatchAll(rules.get(i))) {
          RewriteRule catchAll = rules.get(i);
          for (RewriteRule later : rules.subList(i + 1, rules.size())) {
            found.add(
                LintFinding.of(
                    LintCode.W321,
                    later.origin(),
                    "This RewriteRule never runs: the rule at line "
                        + catchAll.origin().line()
                        + " matches every URL with no condition and ends rewriting ["
                        + catchAll.flagsText()
                        + "]"));
          }
          break;
        }
      }
    }
    return found;
  }

  private static boolean isFinalCatchAll(RewriteRule rule) {
    boolean stops =
        rule.has(RewriteFlag.LAST)
            || rule.has(RewriteFlag.END)
            || rule.has(RewriteFlag.FORBIDDEN)
            || rule.has(RewriteFlag.GONE);
    return stops
        && !rule.negated()
        && rule.conditions().isEmpty()
        && !rule.has(RewriteFlag.CHAIN)
        && !rule.has(RewriteFlag.SKIP)
        && !rule.has(RewriteFlag.NEXT)
        && !rule.has(RewriteFlag.NO_SUBREQUEST)
        && matchesEverything(rule.pattern());
  }

  static boolean matchesEverything(ApacheRegex regex) {
    for (String probe : PROBES) {
      if (regex.find(probe) == null) {
        return false;
      }
    }
    return true;
  }

  static List<LintFinding> needsPassThrough(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (ServerHost host : context.hosts()) {
      for (RewriteRule rule : host.settings().rewrite().rules()) {
        String substitution = rule.substitution();
        if (!substitution.startsWith("/")
            || rule.has(RewriteFlag.PASS_THROUGH)
            || rule.has(RewriteFlag.REDIRECT)
            || rule.has(RewriteFlag.FORBIDDEN)
            || rule.has(RewriteFlag.GONE)
            || rule.has(RewriteFlag.PROXY)) {
          continue;
        }
        String literal = literalPrefix(substitution);
        String first = "/" + firstSegment(literal);
        if (!first.equals("/") && context.files().exists(first)) {
          continue; // a file-system path: mod_rewrite uses it as the file name, as meant
        }
        target(host, literal)
            .ifPresent(
                target ->
                    found.add(
                        LintFinding.of(
                            LintCode.W322,
                            rule.origin(),
                            "This server-context rule rewrites to "
                                + substitution
                                + ", under "
                                + target
                                + ", without [PT]: the result is taken as a file path, so the"
                                + " alias is never applied and the request gets 404; add [PT]")));
      }
    }
    return found;
  }

  private static Optional<String> target(ServerHost host, String literal) {
    for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
      if (!alias.isMatch() && Paths.isUnder(literal, alias.urlPattern())) {
        return Optional.of("WSGIScriptAlias " + alias.urlPattern());
      }
      if (alias.isMatch() && literal.length() > 1 && alias.regex().get().find(literal) != null) {
        return Optional.of("WSGIScriptAliasMatch " + alias.urlPattern());
      }
    }
    for (AliasMapping alias : host.settings().aliases()) {
      if (alias.regex().isEmpty()
          && !alias.urlPattern().equals("/")
          && Paths.isUnder(literal, alias.urlPattern())) {
        return Optional.of("Alias " + alias.urlPattern());
      }
    }
    return Optional.empty();
  }

  private static String literalPrefix(String substitution) {
    int end = substitution.length();
    for (char stop : new char[] {'$', '%', '?'}) {
      int at = substitution.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return substitution.substring(0, end);
  }

  private static String firstSegment(String path) {
    String rest = path.substring(1);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  static List<LintFinding> redirectWithoutLast(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (Program p : programs(context)) {
      List<RewriteRule> rules = p.program().rules();
      for (int i = 0; i < rules.size() - 1; i++) {
        RewriteRule rule = rules.get(i);
        if (rule.has(RewriteFlag.REDIRECT)
            && !rule.has(RewriteFlag.LAST)
            && !rule.has(RewriteFlag.END)
            && !rule.has(RewriteFlag.CHAIN)) {
          found.add(
              LintFinding.of(
                  LintCode.W323,
                  rule.origin(),
                  "[R] without [L]: rewriting goes on and the later rules can still change the"
                      + " redirect target; write [R,L]"));
        }
      }
    }
    return found;
  }

  static List<LintFinding> patternQueryString(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (Program p : programs(context)) {
      for (RewriteRule rule : p.program().rules()) {
        String source = rule.pattern().source();
        if (source.contains("\\?") || source.contains("[?]")) {
          found.add(
              LintFinding.of(
                  LintCode.W324,
                  rule.origin(),
                  "The pattern "
                      + source
                      + " looks for '?', but RewriteRule matches only the URL path, never the"
                      + " query string; test %{QUERY_STRING} in a RewriteCond"));
        }
      }
    }
    return found;
  }

  static List<LintFinding> directoryLeadingSlash(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (Program p : programs(context)) {
      if (p.section().isEmpty()
          || (p.section().get().kind() != SectionKind.DIRECTORY
              && p.section().get().kind() != SectionKind.DIRECTORY_MATCH)) {
        continue;
      }
      for (RewriteRule rule : p.program().rules()) {
        if (rule.pattern().source().startsWith("^/") && !rule.negated()) {
          found.add(
              LintFinding.of(
                  LintCode.W325,
                  rule.origin(),
                  "In <Directory> the rule sees the path relative to the directory, without a"
                      + " leading '/': "
                      + rule.pattern().source()
                      + " never matches; drop the '/' after '^'"));
        }
      }
    }
    return found;
  }

  static List<LintFinding> optionWithoutEffect(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    optionsIn(context.expanded().nodes(), found);
    return found;
  }

  private static void optionsIn(List<ConfNode> nodes, List<LintFinding> found) {
    for (ConfNode node : nodes) {
      if (node instanceof Directive directive
          && directive.name().equalsIgnoreCase("RewriteOptions")) {
        for (var arg : directive.args()) {
          String word = arg.value().toLowerCase(java.util.Locale.ROOT);
          String why =
              switch (word) {
                case "allowanyuri" ->
                    "wsgi4j only routes URL-paths that start with '/', so every rule already runs";
                case "ignorecontextinfo" ->
                    "wsgi4j never maps a relative per-directory result back through an Alias";
                case "legacyprefixdocroot" ->
                    "wsgi4j never reduces an absolute URL to this host to a local path; it redirects";
                default ->
                    word.startsWith("maxredirects=")
                        ? "httpd 2.4 ignores it too; LimitInternalRecursion sets the limit"
                        : "";
              };
          if (!why.isEmpty()) {
            found.add(
                LintFinding.of(
                    LintCode.I407,
                    directive.span(),
                    "RewriteOptions " + arg.value() + " has no effect here: " + why));
          }
        }
      } else if (node instanceof Section section) {
        optionsIn(section.body(), found);
      }
    }
  }

  static List<LintFinding> danglingCondition(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    danglingIn(context.expanded().nodes(), found);
    return found;
  }

  private static void danglingIn(List<ConfNode> nodes, List<LintFinding> found) {
    List<Directive> pending = new ArrayList<>();
    for (ConfNode node : nodes) {
      if (node instanceof Directive directive) {
        if (directive.name().equalsIgnoreCase("RewriteCond")) {
          pending.add(directive);
        } else if (directive.name().equalsIgnoreCase("RewriteRule")) {
          pending.clear();
        }
      } else if (node instanceof Section section) {
        danglingIn(section.body(), found);
      }
    }
    for (Directive condition : pending) {
      found.add(
          LintFinding.of(
              LintCode.W326,
              condition.span(),
              "RewriteCond with no RewriteRule after it in this block: httpd ignores it"));
    }
  }

  static List<LintFinding> catastrophicBacktracking(LintContext context) {
    List<LintFinding> found = new ArrayList<>();
    for (Located located : regexes(context)) {
      Backtracking.nestedQuantifier(located.regex().source())
          .ifPresent(
              group ->
                  found.add(
                      LintFinding.of(
                          LintCode.W327,
                          located.span(),
                          "The regex "
                              + located.regex().source()
                              + " nests unbounded quantifiers in "
                              + group
                              + ": a crafted URL makes matching take exponential time;"
                              + " remove the inner or the outer repetition")));
    }
    return ImmutableList.copyOf(found.stream().distinct().toList());
  }

  private record Located(ApacheRegex regex, SourceSpan span) {}

  private static List<Located> regexes(LintContext context) {
    List<Located> all = new ArrayList<>();
    for (Program p : programs(context)) {
      for (RewriteRule rule : p.program().rules()) {
        all.add(new Located(rule.pattern(), rule.origin()));
        for (RewriteCondition condition : rule.conditions()) {
          condition.regex().ifPresent(r -> all.add(new Located(r, condition.origin())));
        }
      }
    }
    for (LintContext.HostSection s : context.sections()) {
      s.section().regex().ifPresent(r -> all.add(new Located(r, s.section().origin())));
      for (EnvRule rule : s.section().settings().environment()) {
        if (rule instanceof EnvRule.SetIf setIf) {
          all.add(new Located(setIf.regex(), setIf.origin()));
        }
      }
    }
    for (ServerHost host : context.hosts()) {
      for (EnvRule rule : host.settings().defaults().environment()) {
        if (rule instanceof EnvRule.SetIf setIf) {
          all.add(new Located(setIf.regex(), setIf.origin()));
        }
      }
      for (WsgiScriptAlias alias : host.settings().scriptAliases()) {
        alias.regex().ifPresent(r -> all.add(new Located(r, alias.origin())));
      }
      for (AliasMapping alias : host.settings().aliases()) {
        alias.regex().ifPresent(r -> all.add(new Located(r, alias.origin())));
      }
      for (RedirectMapping redirect : host.settings().redirects()) {
        redirect.regex().ifPresent(r -> all.add(new Located(r, redirect.origin())));
      }
    }
    return all;
  }
}
