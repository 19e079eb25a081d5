package org.wsgi4j.compile;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsgi4j.model.DirectorySettings;
import org.wsgi4j.model.MethodLimit;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.RewriteCondition;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.model.RewriteRule;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.source.DiagnosticCode;

/**
 * Checks between directives that httpd leaves to run time: a process group that is selected but
 * never defined, and rewrite back-references that can never hold anything. httpd starts with these,
 * so they are warnings.
 */
final class CrossReferences {
  private static final Pattern CONDITION_REFERENCE = Pattern.compile("(?<!\\\\)%([0-9])");
  private static final Pattern RULE_REFERENCE = Pattern.compile("(?<!\\\\)\\$([0-9])");

  private CrossReferences() {}

  static void check(ServerConfig model, CompileSession session) {
    List<ServerHost> hosts = new ArrayList<>();
    hosts.add(model.mainServer());
    hosts.addAll(model.virtualHosts());
    for (ServerHost host : hosts) {
      checkRewrite(host.settings().rewrite(), session);
      for (DirectorySettings settings : allSettings(host)) {
        checkRewrite(settings.rewrite(), session);
        settings
            .wsgi()
            .processGroup()
            .filter(CrossReferences::isLiteralGroup)
            .filter(name -> model.processGroup(name).isEmpty())
            .ifPresent(
                name ->
                    session.report(
                        DiagnosticCode.W201,
                        host.origin(),
                        "WSGIProcessGroup "
                            + name
                            + " names no WSGIDaemonProcess: mod_wsgi answers 500 (No WSGI daemon"
                            + " process called '"
                            + name
                            + "' has been configured)"));
      }
      host.settings().scriptAliases().stream()
          .filter(alias -> alias.processGroup().filter(CrossReferences::isLiteralGroup).isPresent())
          .filter(alias -> model.processGroup(alias.processGroup().get()).isEmpty())
          .forEach(
              alias ->
                  session.report(
                      DiagnosticCode.W201,
                      alias.origin(),
                      "process-group="
                          + alias.processGroup().get()
                          + " names no WSGIDaemonProcess"));
    }
  }

  private static boolean isLiteralGroup(String name) {
    return !name.isEmpty() && !name.startsWith("%{");
  }

  private static List<DirectorySettings> allSettings(ServerHost host) {
    List<DirectorySettings> all = new ArrayList<>();
    all.add(host.settings().defaults());
    collect(host.settings().sections(), all);
    return all;
  }

  private static void collect(ImmutableList<PathSection> sections, List<DirectorySettings> all) {
    for (PathSection section : sections) {
      all.add(section.settings());
      for (MethodLimit limit : section.settings().methodLimits()) {
        all.add(limit.settings());
      }
      collect(section.nested(), all);
    }
  }

  private static void checkRewrite(RewriteProgram program, CompileSession session) {
    for (RewriteRule rule : program.rules()) {
      int conditionGroups = lastConditionGroups(rule);
      String uses = rule.substitution() + " " + rule.flagsText();
      Matcher percent = CONDITION_REFERENCE.matcher(uses);
      while (percent.find()) {
        int group = Integer.parseInt(percent.group(1));
        if (group > 0 && group > conditionGroups) {
          session.report(
              DiagnosticCode.W202,
              rule.origin(),
              "%"
                  + group
                  + " refers to a RewriteCond group that does not exist (the last condition has "
                  + conditionGroups
                  + "): it is always empty");
        }
      }
      Matcher dollar = RULE_REFERENCE.matcher(uses);
      while (dollar.find()) {
        int group = Integer.parseInt(dollar.group(1));
        if (group > 0 && (group > rule.pattern().groupCount() || rule.negated())) {
          session.report(
              DiagnosticCode.W202,
              rule.origin(),
              "$"
                  + group
                  + " refers to a group the rule's pattern does not have: it is always empty");
        }
      }
    }
  }

  /** %N refers to the last matched condition; the best case is the most groups any one has. */
  private static int lastConditionGroups(RewriteRule rule) {
    int most = 0;
    for (RewriteCondition condition : rule.conditions()) {
      if (condition.regex().isPresent() && !condition.negated()) {
        most = Math.max(most, condition.regex().get().groupCount());
      }
    }
    return most;
  }
}
