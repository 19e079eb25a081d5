package org.wsgi4j.compile;

import com.google.common.collect.ImmutableSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.wsgi4j.model.ListenAddress;
import org.wsgi4j.syntax.Arg;
import org.wsgi4j.syntax.Directive;

/** Handlers for the core directives wsgi4j implements. */
final class CoreDirectives {
  private static final ImmutableSet<String> OPTIONS =
      ImmutableSet.of(
          "none",
          "all",
          "indexes",
          "includes",
          "includesnoexec",
          "followsymlinks",
          "symlinksifownermatch",
          "execcgi",
          "multiviews");

  private static final ImmutableSet<String> OVERRIDES =
      ImmutableSet.of("none", "all", "authconfig", "fileinfo", "indexes", "limit", "options");

  private CoreDirectives() {}

  static void register(Map<String, DirectiveHandler> handlers) {
    handlers.put(
        "documentroot",
        (d, scope, s) -> scope.host().documentRoot = Optional.of(s.resolve(d.value(0)).toString()));
    handlers.put("servername", CoreDirectives::serverName);
    handlers.put(
        "serveralias",
        (d, scope, s) -> d.args().forEach(a -> scope.host().serverAliases.add(a.value())));
    handlers.put(
        "usecanonicalname",
        (d, scope, s) -> scope.host().useCanonicalName = Optional.of(d.value(0)));
    handlers.put(
        "allowencodedslashes",
        (d, scope, s) -> scope.host().allowEncodedSlashes = Optional.of(d.value(0)));
    handlers.put(
        "traceenable", (d, scope, s) -> scope.host().traceEnable = Optional.of(d.value(0)));
    handlers.put(
        "limitrequestbody", (d, scope, s) -> scope.host().limitRequestBody = parseLong(d, s));
    handlers.put(
        "limitrequestline", (d, scope, s) -> scope.host().limitRequestLine = parseInt(d, s));
    handlers.put(
        "limitrequestfieldsize",
        (d, scope, s) -> scope.host().limitRequestFieldSize = parseInt(d, s));
    handlers.put(
        "limitrequestfields", (d, scope, s) -> scope.host().limitRequestFields = parseInt(d, s));
    handlers.put("listen", CoreDirectives::listen);
    handlers.put("options", CoreDirectives::options);
    handlers.put("allowoverride", CoreDirectives::allowOverride);
    handlers.put("acceptpathinfo", (d, scope, s) -> {});
    for (String readTime :
        new String[] {
          "define", "undefine", "include", "includeoptional", "loadmodule", "loadfile", "serverroot"
        }) {
      // Acted on by the reader while it reads; nothing is left for the model.
      handlers.put(readTime, (d, scope, s) -> {});
    }
  }

  private static void serverName(Directive directive, Scope scope, CompileSession session) {
    String name = directive.value(0);
    String hostPort = name.contains("://") ? name.substring(name.indexOf("://") + 3) : name;
    int colon = hostPort.lastIndexOf(':');
    boolean ipv6Only = hostPort.startsWith("[") && hostPort.endsWith("]");
    if (colon >= 0 && !ipv6Only) {
      String port = hostPort.substring(colon + 1);
      if (ModelCompiler.parsePort(port).isEmpty()) {
        session.error(
            directive.span(),
            "The port number \"" + name + "\" is outside the appropriate range (i.e., 1..65535).");
        return;
      }
    }
    scope.host().serverName = Optional.of(name);
  }

  private static void listen(Directive directive, Scope scope, CompileSession session) {
    String address = directive.value(0);
    Optional<String> host = Optional.empty();
    String port = address;
    int colon = address.lastIndexOf(':');
    if (colon >= 0 && !(address.startsWith("[") && address.endsWith("]"))) {
      host = Optional.of(address.substring(0, colon));
      port = address.substring(colon + 1);
    }
    if (!port.matches("[0-9]+")) {
      session.error(directive.span(), "Port must be specified");
      return;
    }
    OptionalInt number = ModelCompiler.parsePort(port);
    if (number.isEmpty()) {
      session.error(directive.span(), "Invalid address or port");
      return;
    }
    Optional<String> protocol =
        directive.args().size() > 1 ? Optional.of(directive.value(1)) : Optional.empty();
    session.listens.add(new ListenAddress(host, number.getAsInt(), protocol, directive.span()));
  }

  private static void options(Directive directive, Scope scope, CompileSession session) {
    Boolean signed = null;
    for (Arg arg : directive.args()) {
      String word = arg.value();
      boolean hasSign = word.startsWith("+") || word.startsWith("-");
      String bare = (hasSign ? word.substring(1) : word).toLowerCase(Locale.ROOT);
      if (!OPTIONS.contains(bare)) {
        session.error(directive.span(), "Illegal option " + (hasSign ? word.substring(1) : word));
        return;
      }
      if (signed != null && signed != hasSign) {
        session.error(
            directive.span(), "Either all Options must start with + or -, or no Option may.");
        return;
      }
      signed = hasSign;
      scope.directory().options.add(word);
    }
  }

  private static void allowOverride(Directive directive, Scope scope, CompileSession session) {
    for (Arg arg : directive.args()) {
      String word = arg.value();
      String key = word.toLowerCase(Locale.ROOT);
      int equals = key.indexOf('=');
      String bare = equals >= 0 ? key.substring(0, equals) : key;
      if (!OVERRIDES.contains(bare) && !bare.equals("nonfatal")) {
        session.error(directive.span(), "Illegal override option " + word);
        return;
      }
      scope.directory().allowOverride.add(word);
    }
    boolean readsHtaccess =
        directive.args().stream().anyMatch(a -> !a.value().equalsIgnoreCase("none"));
    if (readsHtaccess) {
      // An .htaccess file can deny access; wsgi4j does not read them, so serving would grant
      // what httpd denies. Fail closed.
      session.refuse(
          directive.span(),
          "AllowOverride "
              + directive.rawArgs()
              + " lets .htaccess files change access, and wsgi4j does not read them; the"
              + " configuration can be linted but will not be served (use AllowOverride None)");
    }
  }

  private static OptionalLong parseLong(Directive directive, CompileSession session) {
    try {
      return OptionalLong.of(Long.parseLong(directive.value(0)));
    } catch (NumberFormatException e) {
      session.error(directive.span(), directive.name() + " requires a non-negative integer");
      return OptionalLong.empty();
    }
  }

  private static OptionalInt parseInt(Directive directive, CompileSession session) {
    try {
      return OptionalInt.of(Integer.parseInt(directive.value(0)));
    } catch (NumberFormatException e) {
      session.error(directive.span(), directive.name() + " requires a non-negative integer");
      return OptionalInt.empty();
    }
  }
}
