package org.wsgi4j.rewrite;

import java.util.regex.Matcher;
import org.wsgi4j.source.SourceSpan;

/**
 * mod_rewrite's {@code do_expand}, single pass: {@code $N} from the rule's match, {@code %N} from
 * the last matched condition, {@code %{VAR}}, {@code ${map:key|default}}, and {@code \} escaping
 * the next character. Remembers whether any {@code ?} in the result came from an expansion rather
 * than the written text, because httpd 2.4.60+ refuses that (CVE-2024-38474).
 */
final class Expansion {
  /** The expanded text and whether an expansion contributed a {@code ?}. */
  record Result(String text, boolean questionMarkFromExpansion) {}

  private final Matcher rule;
  private final Matcher condition;
  private final RewriteVariables variables;
  private final RewriteMaps maps;
  private final BackReferenceEscaping escaping;

  /** What {@code %{LA-U:...}} and {@code %{LA-F:...}} look up (mod_rewrite's ctx->uri). */
  private final String lookaheadPath;

  /** The directive being expanded, for the trace of a look-ahead; null when none can happen. */
  private final SourceSpan origin;

  Expansion(Matcher rule, Matcher condition, RewriteVariables variables, RewriteMaps maps) {
    this(rule, condition, variables, maps, BackReferenceEscaping.NONE, "", null);
  }

  Expansion(
      Matcher rule,
      Matcher condition,
      RewriteVariables variables,
      RewriteMaps maps,
      BackReferenceEscaping escaping) {
    this(rule, condition, variables, maps, escaping, "", null);
  }

  Expansion(
      Matcher rule,
      Matcher condition,
      RewriteVariables variables,
      RewriteMaps maps,
      BackReferenceEscaping escaping,
      String lookaheadPath,
      SourceSpan origin) {
    this.lookaheadPath = lookaheadPath;
    this.origin = origin;
    this.rule = rule;
    this.condition = condition;
    this.variables = variables;
    this.maps = maps;
    this.escaping = escaping;
  }

  Result expand(String template) {
    if (isLiteral(template)) {
      return new Result(template, false);
    }
    StringBuilder out = new StringBuilder(template.length() + 16);
    boolean expandedQuestionMark = false;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '\\') {
        if (i + 1 < template.length()) {
          out.append(template.charAt(i + 1));
          i += 2;
        } else {
          out.append(c);
          i++;
        }
        continue;
      }
      if ((c == '$' || c == '%') && i + 1 < template.length()) {
        char next = template.charAt(i + 1);
        String value = null;
        int end = i + 2;
        if (Character.isDigit(next)) {
          value = escaping.escape(group(c == '$' ? rule : condition, next - '0'));
        } else if (next == '{') {
          int close = closingBrace(template, i + 2);
          if (close > 0) {
            String inner = template.substring(i + 2, close);
            value = c == '%' ? variable(inner) : map(inner);
            end = close + 1;
          }
        }
        if (value != null) {
          expandedQuestionMark |= value.indexOf('?') >= 0;
          out.append(value);
          i = end;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return new Result(out.toString(), expandedQuestionMark);
  }

  /** Nothing to expand or unescape: the text is its own expansion. */
  private static boolean isLiteral(String template) {
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '\\' || c == '$' || c == '%') {
        return false;
      }
    }
    return true;
  }

  /**
   * mod_rewrite's {@code find_closing_curly}: braces nest, so {@code ${m:%{VAR}}} works. Also how
   * {@link RewriteInputs} reads a template, so it sees the references expansion will expand.
   */
  static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String group(Matcher matcher, int index) {
    if (matcher == null || index > matcher.groupCount()) {
      return "";
    }
    String value = matcher.group(index);
    return value == null ? "" : value;
  }

  private String variable(String name) {
    if (name.regionMatches(true, 0, "HTTP:", 0, 5)) {
      return variables.header(name.substring(5));
    }
    if (name.regionMatches(true, 0, "ENV:", 0, 4)) {
      return variables.environment(name.substring(4)).orElse("");
    }
    if (name.regionMatches(true, 0, "SSL:", 0, 4)) {
      return "";
    }
    if (name.length() > 5
        && (name.regionMatches(true, 0, "LA-U:", 0, 5)
            || name.regionMatches(true, 0, "LA-F:", 0, 5))) {
      if (lookaheadPath.isEmpty() || origin == null) {
        return "";
      }
      boolean file = Character.toUpperCase(name.charAt(3)) == 'F';
      return variables.lookahead(file, lookaheadPath, name.substring(5), origin);
    }
    return variables.variable(upperCase(name));
  }

  /** The name in upper case; itself when it already is (the usual way names are written). */
  private static String upperCase(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 0x80 || (c >= 'a' && c <= 'z')) {
        return name.toUpperCase(java.util.Locale.ROOT);
      }
    }
    return name;
  }

  /** {@code ${map:key|default}}: key and default are themselves expanded. */
  private String map(String inner) {
    int colon = inner.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String mapName = inner.substring(0, colon);
    String rest = inner.substring(colon + 1);
    int bar = rest.indexOf('|');
    String key = expand(bar >= 0 ? rest.substring(0, bar) : rest).text();
    String fallback = bar >= 0 ? expand(rest.substring(bar + 1)).text() : "";
    return maps.lookup(mapName, key).orElse(fallback);
  }
}
