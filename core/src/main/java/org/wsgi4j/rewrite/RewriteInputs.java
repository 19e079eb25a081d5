package org.wsgi4j.rewrite;

import com.google.common.collect.ImmutableSet;
import java.util.Locale;
import org.wsgi4j.model.RewriteCondition;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.model.RewriteRule;

/**
 * What a rewrite program reads besides its rules. A server-context program that reads nothing but
 * the request's URL has the same outcome for the same URI, query string, scheme, server name and
 * port, whatever else the request carries, so a router may remember that outcome.
 */
public final class RewriteInputs {
  /**
   * The {@code %{VAR}} names (upper case) whose server-context value is the URI, the query string,
   * the scheme, the server name or port, a per-server constant, or always the same text: see {@link
   * RewriteVariables#variable}. Request headers, the client, the method, the time and the
   * environment are not among them.
   */
  private static final ImmutableSet<String> URL_VARIABLES =
      ImmutableSet.of(
          "REQUEST_URI",
          "QUERY_STRING",
          "SCRIPT_FILENAME",
          "REQUEST_FILENAME",
          "DOCUMENT_ROOT",
          "CONTEXT_DOCUMENT_ROOT",
          "CONTEXT_PREFIX",
          "SERVER_NAME",
          "SERVER_PORT",
          "HTTPS",
          "REQUEST_SCHEME",
          "SERVER_SOFTWARE",
          "API_VERSION",
          "IS_SUBREQ",
          "REMOTE_USER",
          "REMOTE_IDENT",
          "AUTH_TYPE",
          "PATH_INFO",
          "SERVER_ADMIN");

  private RewriteInputs() {}

  /**
   * True when running {@code program} in server context (not in a sub-request) depends on nothing
   * but the URI, the query string, the scheme, the server name and port: every condition compares
   * strings or numbers (no file test, no look-up), and every test string, substitution and flag
   * value refers only to back-references and the variables above (no {@code ${map:...}}, no
   * environment, header or time). Conservative: an escaped reference ({@code \%{TIME}}) counts as
   * one too.
   */
  public static boolean urlOnly(RewriteProgram program) {
    for (RewriteRule rule : program.rules()) {
      if (!urlOnly(rule.substitution())) {
        return false;
      }
      for (String value : rule.flags().values()) {
        if (!urlOnly(value)) {
          return false;
        }
      }
      for (RewriteCondition condition : rule.conditions()) {
        if (!comparesText(condition.kind())
            || condition.testString().equals("expr")
            || !urlOnly(condition.testString())) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean comparesText(RewriteCondition.Kind kind) {
    return switch (kind) {
      case REGEX,
          LEXICALLY_LOWER,
          LEXICALLY_GREATER,
          LEXICALLY_EQUAL,
          LEXICALLY_LOWER_OR_EQUAL,
          LEXICALLY_GREATER_OR_EQUAL,
          INTEGER_EQUAL,
          INTEGER_GREATER,
          INTEGER_GREATER_OR_EQUAL,
          INTEGER_LOWER,
          INTEGER_LOWER_OR_EQUAL,
          INTEGER_NOT_EQUAL ->
          true;
      default -> false;
    };
  }

  /** No map reference, and every {@code %{...}} names a variable of {@link #URL_VARIABLES}. */
  static boolean urlOnly(String template) {
    if (template.contains("${")) {
      return false;
    }
    for (int at = template.indexOf("%{"); at >= 0; at = template.indexOf("%{", at + 1)) {
      int close = Expansion.closingBrace(template, at + 2);
      if (close < 0) {
        continue;
      }
      String name = template.substring(at + 2, close).toUpperCase(Locale.ROOT);
      if (!URL_VARIABLES.contains(name)) {
        return false;
      }
    }
    return true;
  }
}
