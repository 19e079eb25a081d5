package org.wsgi4j.routing;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import org.wsgi4j.model.EnvRule;

/** mod_setenvif: match a request attribute, then set or unset variables. */
final class EnvironmentRules {
  private EnvironmentRules() {}

  static void setIf(
      EnvRule.SetIf rule, RequestView request, String uri, Map<String, String> environment) {
    String value =
        switch (rule.attribute().toLowerCase(Locale.ROOT)) {
          case "remote_addr" -> request.remoteAddress();
          case "server_addr" -> request.localAddress();
          case "request_method" -> request.method();
          case "request_protocol" -> request.protocol();
          case "request_uri" -> uri;
          case "remote_host" -> request.remoteAddress();
          default -> request.header(rule.attribute()).orElse(null);
        };
    if (value == null) {
      return;
    }
    Matcher matcher = rule.regex().pattern().matcher(value);
    if (!matcher.find()) {
      return;
    }
    for (String assignment : rule.assignments()) {
      if (assignment.startsWith("!")) {
        environment.remove(assignment.substring(1));
        continue;
      }
      int equals = assignment.indexOf('=');
      String name = equals < 0 ? assignment : assignment.substring(0, equals);
      String assigned =
          equals < 0 ? "1" : ScriptMapper.substitute(assignment.substring(equals + 1), matcher);
      environment.put(name, assigned);
    }
  }
}
