package org.wsgi4j.rewrite;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import org.wsgi4j.files.FileSystemView;
import org.wsgi4j.model.RewriteCondition;
import org.wsgi4j.model.RewriteFlag;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.model.RewriteRule;
import org.wsgi4j.text.CNumbers;

/**
 * Runs a server-context mod_rewrite program over one request. Pure: the program, the request and
 * the variables in, an outcome out; no state survives between calls.
 *
 * <p>Order as in mod_rewrite: each rule's pattern is matched first (against the current URI, which
 * earlier rules may have changed), then its conditions; [C] chains, [S] skips, [N] restarts, [L]
 * and [END] stop, [F]/[G] answer, [R] redirects once the rules are done.
 */
public final class RewriteEngine {
  /** mod_rewrite's default limit on [N] rounds. */
  private static final int MAX_ROUNDS = 32000;

  private RewriteEngine() {}

  public static RewriteOutcome run(
      RewriteProgram program,
      RewriteRequest request,
      RewriteVariables variables,
      RewriteMaps maps,
      FileSystemView files) {
    Run run = new Run(request, variables, maps, files);
    return run.execute(program.rules());
  }

  private static final class Run {
    private final RewriteRequest request;
    private final RewriteVariables variables;
    private final RewriteMaps maps;
    private final FileSystemView files;
    private final List<String> environment = new ArrayList<>();
    private final List<Supplier<String>> steps = new ArrayList<>();
    private String uri;
    private String query;
    private boolean substituted;
    private boolean passThrough;
    private String literal = "";
    private Integer redirectStatus;
    private boolean ended;
    private final List<FlagValue> cookies = new ArrayList<>();

    /** Headers read by the deciding conditions of the rules that applied (for Vary). */
    private final List<String> vary = new ArrayList<>();

    private Optional<FlagValue> forcedType = Optional.empty();
    private Optional<FlagValue> forcedHandler = Optional.empty();

    Run(
        RewriteRequest request,
        RewriteVariables variables,
        RewriteMaps maps,
        FileSystemView files) {
      this.request = request;
      this.variables = variables;
      this.maps = maps;
      this.files = files;
      this.uri = request.uri();
      this.query = request.query();
    }

    RewriteOutcome execute(List<RewriteRule> rules) {
      int rounds = 0;
      int i = 0;
      while (i < rules.size()) {
        RewriteRule rule = rules.get(i);
        if (request.subrequest()
            && (rule.has(RewriteFlag.NO_SUBREQUEST) || rule.has(RewriteFlag.REDIRECT))) {
          // mod_rewrite ignores [NS] and [R] rules in sub-requests.
          i++;
          continue;
        }
        Matcher match = rule.pattern().find(uri);
        boolean found = match != null;
        boolean applies = found != rule.negated();
        Matcher ruleGroups = found && !rule.negated() ? match : null;
        Matcher conditionGroups = null;
        if (applies && hasExpr(rule)) {
          // ap_expr is not evaluated (the configuration was refused for serving at load); never
          // guess a condition's value.
          return status(500, "RewriteCond expr is not supported");
        }
        if (applies) {
          ConditionsResult conditions = conditions(rule, ruleGroups);
          applies = conditions.holds();
          conditionGroups = conditions.lastMatch();
          if (applies) {
            vary.addAll(conditions.vary());
          }
        }
        String subject = uri;
        if (!applies) {
          if (request.explain()) {
            steps.add(() -> "rule " + describe(rule) + ": no match on '" + subject + "'");
          }
          i = rule.has(RewriteFlag.CHAIN) ? skipChain(rules, i) : i + 1;
          continue;
        }
        steps.add(() -> "rule " + describe(rule) + ": matched '" + subject + "'");
        Optional<RewriteOutcome> stop = apply(rule, ruleGroups, conditionGroups);
        if (stop.isPresent()) {
          return stop.get();
        }
        if (rule.has(RewriteFlag.END)) {
          ended = true;
          break;
        }
        if (rule.has(RewriteFlag.LAST) || rule.has(RewriteFlag.PASS_THROUGH)) {
          break;
        }
        if (rule.has(RewriteFlag.NEXT)) {
          if (++rounds >= limit(rule)) {
            return status(500, "[N] looped more than " + limit(rule) + " times");
          }
          i = 0;
          continue;
        }
        i += 1 + skipCount(rule);
      }
      return finish();
    }

    private static boolean hasExpr(RewriteRule rule) {
      for (RewriteCondition condition : rule.conditions()) {
        if (condition.testString().equals("expr")) {
          return true;
        }
      }
      return false;
    }

    /**
     * @param vary the headers that the conditions which decided read: not those of a false [OR]
     *     condition, nor of one with [NV]
     */
    private record ConditionsResult(boolean holds, Matcher lastMatch, List<String> vary) {}

    /**
     * Conditions in order; [OR] joins a condition with the next (mod_rewrite's quirks kept), and
     * the headers each deciding condition read are collected for Vary as apply_rewrite_rule does.
     */
    private ConditionsResult conditions(RewriteRule rule, Matcher ruleGroups) {
      Matcher last = null;
      List<RewriteCondition> conditions = rule.conditions();
      boolean holds = true;
      List<String> vary = List.of();
      // Whatever an earlier substitution read is not this rule's.
      variables.drainHeadersRead();
      for (int c = 0; c < conditions.size(); c++) {
        RewriteCondition condition = conditions.get(c);
        String value =
            new Expansion(
                    ruleGroups,
                    last,
                    variables,
                    maps,
                    BackReferenceEscaping.NONE,
                    lookaheadPath(),
                    condition.origin())
                .expand(condition.testString())
                .text();
        ConditionCheck.Outcome outcome = ConditionCheck.check(condition, value, files, variables);
        List<String> varyThis = variables.drainHeadersRead();
        if (condition.noVary()) {
          varyThis = List.of();
        }
        if (request.explain()) {
          steps.add(
              () ->
                  "cond '"
                      + condition.testString()
                      + "' -> '"
                      + value
                      + "' "
                      + (outcome.holds() ? "true" : "false"));
        }
        if (outcome.groups() != null) {
          last = outcome.groups();
        }
        if (condition.orNext()) {
          if (outcome.holds()) {
            // Skip the rest of this [OR] chain.
            while (c < conditions.size() && conditions.get(c).orNext()) {
              c++;
            }
            holds = true;
            vary = withVary(vary, varyThis);
            continue;
          }
          // A false [OR] condition defers to the next one; if it was the last, the rule applies.
          holds = true;
          continue;
        }
        if (!outcome.holds()) {
          holds = false;
          break;
        }
        vary = withVary(vary, varyThis);
      }
      return new ConditionsResult(holds, last, vary);
    }

    private static List<String> withVary(List<String> vary, List<String> more) {
      if (more.isEmpty()) {
        return vary;
      }
      List<String> all = new ArrayList<>(vary);
      all.addAll(more);
      return all;
    }

    private Optional<RewriteOutcome> apply(
        RewriteRule rule, Matcher ruleGroups, Matcher conditionGroups) {
      Expansion expansion =
          new Expansion(
              ruleGroups,
              conditionGroups,
              variables,
              maps,
              BackReferenceEscaping.of(rule),
              lookaheadPath(),
              rule.origin());
      for (String assignment : rule.flags().get(RewriteFlag.ENV)) {
        String expanded = expansion.expand(assignment).text();
        String change;
        if (expanded.startsWith("!")) {
          change = "!" + expanded.substring(1);
        } else {
          int colon = expanded.indexOf(':');
          change =
              colon < 0
                  ? expanded + "="
                  : expanded.substring(0, colon) + "=" + expanded.substring(colon + 1);
        }
        environment.add(change);
        variables.environmentChanged(change);
      }
      // [CO] values are expanded without [B] escaping, as mod_rewrite does.
      Expansion plain = new Expansion(ruleGroups, conditionGroups, variables, maps);
      for (String cookie : rule.flags().get(RewriteFlag.COOKIE)) {
        cookies.add(new FlagValue(plain.expand(cookie).text(), rule.origin()));
      }
      if (rule.substitution().equals("-")) {
        forceTypeAndHandler(rule, expansion);
      }
      if (rule.has(RewriteFlag.FORBIDDEN)) {
        return Optional.of(status(403, "[F]"));
      }
      if (rule.has(RewriteFlag.GONE)) {
        return Optional.of(status(410, "[G]"));
      }
      Optional<Integer> redirect = redirectCode(rule);
      if (redirect.isPresent() && (redirect.get() < 300 || redirect.get() > 399)) {
        return Optional.of(status(redirect.get(), "[R=" + redirect.get() + "]"));
      }
      if (rule.substitution().equals("-")) {
        return Optional.empty();
      }
      Expansion.Result result = expansion.expand(rule.substitution());
      if (result.questionMarkFromExpansion() && !rule.has(RewriteFlag.UNSAFE_ALLOW_3F)) {
        // httpd 2.4.60+ (CVE-2024-38474): a '?' that came from a back-reference must not split
        // the path from the query.
        return Optional.of(status(403, "'?' produced by an expansion (UnsafeAllow3F not set)"));
      }
      String target = result.text();
      if (!request.perDirectory() && !target.startsWith("/") && !isAbsoluteUrl(target)) {
        // A relative substitution in server context gets a leading '/'.
        target = "/" + target;
      }
      splitQuery(rule, target);
      substituted = true;
      literal = rule.substitution();
      passThrough = rule.has(RewriteFlag.PASS_THROUGH);
      if (redirect.isPresent() || isAbsoluteUrl(uri)) {
        redirectStatus = redirect.orElse(302);
        if (isAbsoluteUrl(uri) || rule.has(RewriteFlag.LAST)) {
          // An absolute URL ends processing at once; [R] without [L] lets later rules run.
          return Optional.of(redirectOutcome(rule));
        }
      } else {
        forceTypeAndHandler(rule, expansion);
      }
      return Optional.empty();
    }

    /**
     * The URL a look-ahead asks about: the current URI in server context; per directory the
     * relative path below RewriteBase (or the directory's URL).
     */
    private String lookaheadPath() {
      if (uri.startsWith("/") || !request.perDirectory()) {
        return uri;
      }
      return request.relativeBase() + uri;
    }

    /** [T=...] and [H=...]: remembered for the response when the rule did not redirect. */
    private void forceTypeAndHandler(RewriteRule rule, Expansion expansion) {
      for (String type : rule.flags().get(RewriteFlag.TYPE)) {
        String expanded = expansion.expand(type).text().toLowerCase(Locale.ROOT);
        if (!expanded.isEmpty()) {
          forcedType = Optional.of(new FlagValue(expanded, rule.origin()));
        }
      }
      for (String handler : rule.flags().get(RewriteFlag.HANDLER)) {
        String expanded = expansion.expand(handler).text().toLowerCase(Locale.ROOT);
        if (!expanded.isEmpty()) {
          forcedHandler = Optional.of(new FlagValue(expanded, rule.origin()));
        }
      }
    }

    private void splitQuery(RewriteRule rule, String target) {
      int mark = rule.has(RewriteFlag.QS_LAST) ? target.lastIndexOf('?') : target.indexOf('?');
      if (mark < 0) {
        uri = target;
        if (rule.has(RewriteFlag.QS_DISCARD)) {
          query = "";
        }
        return;
      }
      uri = target.substring(0, mark);
      String newQuery = target.substring(mark + 1);
      if (rule.has(RewriteFlag.QS_APPEND)
          && !rule.has(RewriteFlag.QS_DISCARD)
          && !request.query().isEmpty()) {
        query = newQuery.isEmpty() ? query : newQuery + "&" + query;
      } else {
        query = newQuery;
      }
    }

    private Optional<Integer> redirectCode(RewriteRule rule) {
      if (!rule.has(RewriteFlag.REDIRECT)) {
        return Optional.empty();
      }
      String value = rule.flags().get(RewriteFlag.REDIRECT).get(0).toLowerCase(Locale.ROOT);
      return Optional.of(
          switch (value) {
            case "", "temp" -> 302;
            case "permanent" -> 301;
            case "seeother" -> 303;
            default -> Integer.parseInt(value);
          });
    }

    private RewriteOutcome finish() {
      if (redirectStatus == null
          && substituted
          && !query.equals(request.query())
          && query.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
        return status(403, "Rewritten query string contains control characters or spaces");
      }
      if (redirectStatus != null) {
        return new RewriteOutcome(
            RewriteOutcome.Kind.REDIRECT,
            uri,
            query,
            true,
            false,
            literal,
            redirectStatus,
            Optional.of(location(false)),
            ImmutableList.copyOf(environment),
            ImmutableList.copyOf(steps),
            ended,
            ImmutableList.copyOf(cookies),
            forcedType,
            forcedHandler,
            ImmutableList.copyOf(vary));
      }
      return new RewriteOutcome(
          substituted ? RewriteOutcome.Kind.REWRITTEN : RewriteOutcome.Kind.UNCHANGED,
          uri,
          query,
          substituted,
          passThrough,
          literal,
          0,
          Optional.empty(),
          ImmutableList.copyOf(environment),
          ImmutableList.copyOf(steps),
          ended,
          ImmutableList.copyOf(cookies),
          forcedType,
          forcedHandler,
          ImmutableList.copyOf(vary));
    }

    private RewriteOutcome redirectOutcome(RewriteRule rule) {
      return new RewriteOutcome(
          RewriteOutcome.Kind.REDIRECT,
          uri,
          query,
          true,
          false,
          literal,
          redirectStatus,
          Optional.of(location(rule.has(RewriteFlag.NO_ESCAPE))),
          ImmutableList.copyOf(environment),
          ImmutableList.copyOf(steps),
          ended,
          ImmutableList.copyOf(cookies),
          forcedType,
          forcedHandler,
          ImmutableList.copyOf(vary));
    }

    private String location(boolean noEscape) {
      String base;
      String path;
      if (isAbsoluteUrl(uri)) {
        base = "";
        path = uri;
      } else {
        boolean defaultPort =
            (request.scheme().equals("http") && request.serverPort() == 80)
                || (request.scheme().equals("https") && request.serverPort() == 443);
        base =
            request.scheme()
                + "://"
                + request.serverName()
                + (defaultPort ? "" : ":" + request.serverPort());
        String absolute = uri.startsWith("/") ? uri : request.relativeBase() + uri;
        path = noEscape ? absolute : UrlEscaping.escapePath(absolute);
      }
      // The query is escaped too, unless it is the original one unchanged (so [QSA] escapes the
      // original part a second time, as httpd does).
      String written =
          query.equals(request.query()) || noEscape ? query : UrlEscaping.escapeQuery(query);
      return base + path + (written.isEmpty() ? "" : "?" + written);
    }

    private RewriteOutcome status(int code, String why) {
      steps.add(() -> "-> " + code + " " + why);
      return new RewriteOutcome(
          RewriteOutcome.Kind.STATUS,
          uri,
          query,
          substituted,
          false,
          literal,
          code,
          Optional.empty(),
          ImmutableList.copyOf(environment),
          ImmutableList.copyOf(steps),
          ended,
          ImmutableList.copyOf(cookies),
          forcedType,
          forcedHandler,
          ImmutableList.copyOf(vary));
    }

    private static int skipChain(List<RewriteRule> rules, int index) {
      int i = index;
      while (i < rules.size() && rules.get(i).has(RewriteFlag.CHAIN)) {
        i++;
      }
      return i + 1;
    }

    private static int skipCount(RewriteRule rule) {
      if (!rule.has(RewriteFlag.SKIP)) {
        return 0;
      }
      return (int) Math.max(0, CNumbers.atol(rule.flags().get(RewriteFlag.SKIP).get(0)));
    }

    private static int limit(RewriteRule rule) {
      String value = rule.flags().get(RewriteFlag.NEXT).get(0);
      long parsed = CNumbers.atol(value);
      return value.isEmpty() || parsed <= 0 ? MAX_ROUNDS : (int) parsed;
    }

    private static String describe(RewriteRule rule) {
      return (rule.negated() ? "!" : "")
          + rule.pattern().source()
          + " "
          + rule.substitution()
          + (rule.flagsText().isEmpty() ? "" : " " + rule.flagsText());
    }
  }

  static boolean isAbsoluteUrl(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String scheme :
        new String[] {
          "http://",
          "https://",
          "ftp://",
          "ws://",
          "wss://",
          "mailto:",
          "ldap://",
          "news:",
          "nntp://",
          "gopher://"
        }) {
      if (lower.startsWith(scheme)) {
        return true;
      }
    }
    return false;
  }
}
