package org.wsgi4j.compile;

import static com.google.common.collect.ImmutableList.toImmutableList;

import com.google.common.collect.ImmutableMap;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.model.WsgiAuthScript;
import org.wsgi4j.model.WsgiImportScript;
import org.wsgi4j.model.WsgiScriptAlias;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.DiagnosticCode;
import org.wsgi4j.syntax.Arg;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.text.CNumbers;

/** Handlers for mod_wsgi's directives, with mod_wsgi 4.9's checks and wording. */
final class WsgiDirectives {
  private WsgiDirectives() {}

  static void register(Map<String, DirectiveHandler> handlers) {
    handlers.put("wsgidaemonprocess", WsgiDirectives::daemonProcess);
    handlers.put("wsgiscriptalias", (d, scope, s) -> scriptAlias(d, scope, s, false));
    handlers.put("wsgiscriptaliasmatch", (d, scope, s) -> scriptAlias(d, scope, s, true));
    handlers.put(
        "wsgiprocessgroup",
        (d, scope, s) -> scope.directory().processGroup = Optional.of(d.value(0)));
    handlers.put(
        "wsgiapplicationgroup",
        (d, scope, s) -> scope.directory().applicationGroup = Optional.of(d.value(0)));
    handlers.put(
        "wsgicallableobject",
        (d, scope, s) -> scope.directory().callableObject = Optional.of(d.value(0)));
    handlers.put(
        "wsgipassauthorization",
        (d, scope, s) ->
            onOff(d, s).ifPresent(v -> scope.directory().passAuthorization = Optional.of(v)));
    handlers.put(
        "wsgiscriptreloading",
        (d, scope, s) ->
            onOff(d, s).ifPresent(v -> scope.directory().scriptReloading = Optional.of(v)));
    handlers.put(
        "wsgichunkedrequest",
        (d, scope, s) ->
            onOff(d, s).ifPresent(v -> scope.directory().chunkedRequest = Optional.of(v)));
    handlers.put("wsgiimportscript", WsgiDirectives::importScript);
    handlers.put("wsgipythonpath", (d, scope, s) -> s.pythonPath = Optional.of(d.value(0)));
    handlers.put(
        "wsgipythonhome",
        (d, scope, s) -> {
          s.pythonHome = Optional.of(PythonHome.prefix(d.value(0)));
          PythonHome.check(d.value(0), d.span(), s);
        });
    // Read by the WSGI runtime from the expanded configuration.
    handlers.put("wsgirestrictembedded", (d, scope, s) -> {});
    handlers.put(
        "wsgirestrictprocess",
        (d, scope, s) ->
            scope.directory().restrictProcess =
                Optional.of(d.args().stream().map(Arg::value).collect(toImmutableList())));
    handlers.put(
        "wsgiauthuserscript",
        (d, scope, s) ->
            authScript(d, s, "auth user")
                .ifPresent(script -> scope.directory().authUserScript = Optional.of(script)));
    handlers.put(
        "wsgiauthgroupscript",
        (d, scope, s) ->
            authScript(d, s, "auth group")
                .ifPresent(script -> scope.directory().authGroupScript = Optional.of(script)));
    handlers.put(
        "wsgiaccessscript",
        (d, scope, s) ->
            authScript(d, s, "access")
                .ifPresent(
                    script -> {
                      scope.directory().accessScript = Optional.of(script);
                      s.firstAccessScript = s.firstAccessScript.or(() -> Optional.of(d.span()));
                    }));
    // Checked (On or Off, as mod_wsgi does) but without effect: mod_wsgi 4.9 reads it only in its
    // httpd 2.2 group check; on 2.4 `Require wsgi-group` is an authz provider combined by
    // mod_authz_core (recorded: serve/wsgi-access, group-on-any-file).
    handlers.put("wsgigroupauthoritative", (d, scope, s) -> onOff(d, s));
  }

  /**
   * WSGIAuthUserScript / WSGIAuthGroupScript / WSGIAccessScript {@code path
   * [application-group=name]}, checked as mod_wsgi 4.9 checks them: {@code application-group=} is
   * the only option ({@code process-group=} is refused too: these scripts never run in a daemon
   * process). {@code kind} is mod_wsgi's word in its messages: "auth user", "auth group", "access".
   */
  private static Optional<WsgiAuthScript> authScript(
      Directive directive, CompileSession session, String kind) {
    if (directive.args().isEmpty() || directive.value(0).isEmpty()) {
      session.error(directive.span(), "Location of " + kind + " script not supplied.");
      return Optional.empty();
    }
    Optional<String> group = Optional.empty();
    for (Arg arg : directive.args().subList(1, directive.args().size())) {
      String word = arg.value();
      int equals = word.indexOf('=');
      if (equals <= 0 || !word.substring(0, equals).equals("application-group")) {
        session.error(directive.span(), "Invalid option to WSGI " + kind + " script definition.");
        return Optional.empty();
      }
      if (equals == word.length() - 1) {
        session.error(directive.span(), "Invalid name for WSGI application group.");
        return Optional.empty();
      }
      group = Optional.of(word.substring(equals + 1));
    }
    return Optional.of(new WsgiAuthScript(directive.value(0), group, directive.span()));
  }

  private static Optional<Boolean> onOff(Directive directive, CompileSession session) {
    String value = directive.value(0).toLowerCase(Locale.ROOT);
    if (!value.equals("on") && !value.equals("off")) {
      session.error(directive.span(), directive.name() + " must be one of: Off | On");
      return Optional.empty();
    }
    return Optional.of(value.equals("on"));
  }

  private static void daemonProcess(Directive directive, Scope scope, CompileSession session) {
    if (directive.args().isEmpty()) {
      session.error(directive.span(), "Name of WSGI daemon process not supplied.");
      return;
    }
    String name = directive.value(0);
    Map<String, String> options = new LinkedHashMap<>();
    for (Arg arg : directive.args().subList(1, directive.args().size())) {
      String word = arg.value();
      int equals = word.indexOf('=');
      String option = equals > 0 ? word.substring(0, equals) : "";
      if (equals <= 0 || !DaemonOptions.KNOWN.contains(option)) {
        session.error(directive.span(), "Invalid option to WSGI daemon process definition.");
        return;
      }
      String value = word.substring(equals + 1);
      Optional<String> problem = checkOption(option, value);
      if (problem.isPresent()) {
        session.error(directive.span(), problem.get());
        return;
      }
      String notEnforced = DaemonOptions.NOT_ENFORCED.get(option);
      if (notEnforced != null) {
        session.report(
            DiagnosticCode.W108,
            arg.span(),
            "WSGIDaemonProcess option " + option + "= is not enforced: " + notEnforced);
      }
      String refused = DaemonOptions.REFUSED.get(option);
      if (refused != null) {
        session.refuse(arg.span(), "WSGIDaemonProcess option " + option + "=: " + refused);
      }
      if (option.equals("python-home")) {
        PythonHome.check(value, arg.span(), session);
      }
      options.put(option, value);
    }
    if (session.processGroup(name).isPresent()) {
      session.error(directive.span(), "Name duplicates previous WSGI daemon definition.");
      return;
    }
    int processes =
        options.containsKey("processes")
            ? (int) CNumbers.atol(options.get("processes"))
            : DaemonProcessGroup.DEFAULT_PROCESSES;
    int threads =
        options.containsKey("threads")
            ? (int) CNumbers.atol(options.get("threads"))
            : DaemonProcessGroup.DEFAULT_THREADS;
    OptionalInt maximumRequests =
        options.containsKey("maximum-requests")
                && CNumbers.atol(options.get("maximum-requests")) > 0
            ? OptionalInt.of((int) CNumbers.atol(options.get("maximum-requests")))
            : OptionalInt.empty();
    Optional<String> host =
        session.insideVirtualHost
            ? session.currentVirtualHostName.or(() -> Optional.of(""))
            : Optional.empty();
    session.addProcessGroup(
        new DaemonProcessGroup(
            name,
            processes,
            threads,
            maximumRequests,
            ImmutableMap.copyOf(options),
            host,
            directive.span()));
  }

  private static Optional<String> checkOption(String option, String value) {
    long number = CNumbers.atol(value);
    if (option.equals("processes") && number < 1) {
      return Optional.of("Invalid process count for WSGI daemon process.");
    }
    if (option.equals("threads") && (number < 0 || number >= 65534)) {
      return Optional.of("Invalid thread count for WSGI daemon process.");
    }
    if (option.equals("maximum-requests") && number < 0) {
      return Optional.of("Invalid request count for WSGI daemon process.");
    }
    if (DaemonOptions.TIMEOUTS.contains(option) && number < 0) {
      String words = option.replace('-', ' ');
      return Optional.of("Invalid " + words + " for WSGI daemon process.");
    }
    return Optional.empty();
  }

  private static void scriptAlias(
      Directive directive, Scope scope, CompileSession session, boolean match) {
    String url = directive.value(0);
    String script = directive.value(1);
    Optional<String> processGroup = Optional.empty();
    Optional<String> applicationGroup = Optional.empty();
    Optional<String> callable = Optional.empty();
    Optional<Boolean> passAuthorization = Optional.empty();
    for (Arg arg : directive.args().subList(2, directive.args().size())) {
      String word = arg.value();
      int equals = word.indexOf('=');
      String option = equals > 0 ? word.substring(0, equals) : "";
      String value = equals > 0 ? word.substring(equals + 1) : "";
      switch (option) {
        case "process-group" -> processGroup = Optional.of(value);
        case "application-group" -> applicationGroup = Optional.of(value);
        case "callable-object" -> callable = Optional.of(value);
        case "pass-authorization" -> passAuthorization = Optional.of(value.equalsIgnoreCase("on"));
        default -> {
          session.error(directive.span(), "Invalid option to WSGI script alias definition.");
          return;
        }
      }
    }
    // With both groups named, mod_wsgi preloads the script at start-up, so the daemon group must
    // already exist and be usable from this host.
    if (processGroup.isPresent()
        && applicationGroup.isPresent()
        && !processGroup.get().isEmpty()
        && !processGroup.get().equals("%{GLOBAL}")) {
      if (!usableProcessGroup(session, directive, processGroup.get())) {
        return;
      }
    }
    Optional<ApacheRegex> regex = Optional.empty();
    if (match) {
      regex =
          session.regex(url, false, directive.span(), "Regular expression could not be compiled.");
      if (regex.isEmpty()) {
        return;
      }
    } else if (!script.contains("$") && !Files.exists(session.resolve(script))) {
      session.report(
          DiagnosticCode.W203,
          directive.span(),
          "WSGI script "
              + session.resolve(script)
              + " does not exist: requests under "
              + url
              + " will get 404");
    }
    preloadScriptAlias(directive, script, processGroup, applicationGroup, match, session);
    scope
        .host()
        .scriptAliases
        .add(
            new WsgiScriptAlias(
                url,
                regex,
                script,
                processGroup,
                applicationGroup,
                callable,
                passAuthorization,
                directive.span()));
  }

  /**
   * mod_wsgi preloads a WSGIScriptAlias's script at process start when both groups are given and
   * neither (after {@code %{GLOBAL}} became {@code ""}) holds an expansion, nor, for the Match
   * form, the script a back-reference.
   */
  private static void preloadScriptAlias(
      Directive directive,
      String script,
      Optional<String> processGroup,
      Optional<String> applicationGroup,
      boolean match,
      CompileSession session) {
    if (processGroup.isEmpty() || applicationGroup.isEmpty()) {
      return;
    }
    String process = global(processGroup.get());
    String application = global(applicationGroup.get());
    if (process.contains("%{") || application.contains("%{") || (match && script.contains("$"))) {
      return;
    }
    session.importScripts.add(
        new WsgiImportScript(script, process, application, true, directive.span()));
  }

  private static String global(String group) {
    return group.equals("%{GLOBAL}") ? "" : group;
  }

  /**
   * {@code WSGIImportScript path process-group=P application-group=A}, with mod_wsgi 4.9's checks
   * and wording (recorded from apachectl). As mod_wsgi's option reader does, an option written with
   * nothing after {@code =} takes the next word as its value.
   */
  private static void importScript(Directive directive, Scope scope, CompileSession session) {
    if (directive.args().isEmpty() || directive.value(0).isEmpty()) {
      session.error(directive.span(), "Location of import script not supplied.");
      return;
    }
    String script = directive.value(0);
    Optional<String> processGroup = Optional.empty();
    Optional<String> applicationGroup = Optional.empty();
    java.util.List<Arg> args = directive.args();
    for (int i = 1; i < args.size(); i++) {
      String word = args.get(i).value();
      int equals = word.indexOf('=');
      String option = equals > 0 ? word.substring(0, equals) : "";
      String value = equals > 0 ? word.substring(equals + 1) : "";
      if (value.isEmpty() && equals > 0 && i + 1 < args.size()) {
        value = args.get(++i).value();
      }
      switch (option) {
        case "process-group" -> {
          if (value.isEmpty()) {
            session.error(directive.span(), "Invalid name for WSGI process group.");
            return;
          }
          processGroup = Optional.of(value);
        }
        case "application-group" -> {
          if (value.isEmpty()) {
            session.error(directive.span(), "Invalid name for WSGI application group.");
            return;
          }
          applicationGroup = Optional.of(value);
        }
        default -> {
          session.error(directive.span(), "Invalid option to WSGI import script definition.");
          return;
        }
      }
    }
    if (processGroup.isEmpty()) {
      session.error(directive.span(), "Name of WSGI process group required.");
      return;
    }
    if (applicationGroup.isEmpty()) {
      session.error(directive.span(), "Name of WSGI application group required.");
      return;
    }
    String process = global(processGroup.get());
    if (!process.isEmpty()) {
      if (!usableProcessGroup(session, directive, process)) {
        return;
      }
    }
    java.nio.file.Path resolved = importScriptPath(session, script, process);
    if (!Files.exists(resolved)) {
      session.report(
          DiagnosticCode.W203,
          directive.span(),
          "WSGI import script "
              + resolved
              + " does not exist: loading it will fail when the process starts");
    }
    session.importScripts.add(
        new WsgiImportScript(
            resolved.toString(), process, global(applicationGroup.get()), false, directive.span()));
  }

  /**
   * Where a WSGIImportScript path points. mod_wsgi opens a relative path from the process's working
   * directory (recorded from the oracle): a daemon group's {@code home=}, and for the embedded
   * group Apache's child, whose directory is {@code /}. A daemon group without {@code home=} works
   * in its user's home directory, which the JVM does not know: that one is resolved against
   * ServerRoot, as every other relative path of the configuration (docs/process-groups.md).
   */
  private static java.nio.file.Path importScriptPath(
      CompileSession session, String script, String process) {
    java.nio.file.Path path = java.nio.file.Path.of(script);
    if (path.isAbsolute()) {
      return session.resolve(script);
    }
    if (process.isEmpty()) {
      return java.nio.file.Path.of("/").resolve(path).normalize();
    }
    Optional<String> home =
        session.processGroup(process).flatMap(g -> Optional.ofNullable(g.options().get("home")));
    if (home.isPresent() && java.nio.file.Path.of(home.get()).isAbsolute()) {
      return java.nio.file.Path.of(home.get()).resolve(path).normalize();
    }
    return session.resolve(script);
  }

  /**
   * mod_wsgi's check for a group named where it is loaded at start-up (preloading aliases, import
   * scripts): it must be defined above and belong to this virtual host or the main server. Reports
   * httpd's message and answers false otherwise.
   */
  private static boolean usableProcessGroup(
      CompileSession session, Directive directive, String name) {
    Optional<DaemonProcessGroup> group = session.processGroup(name);
    if (group.isEmpty()) {
      session.error(directive.span(), "WSGI process group not yet configured.");
      return false;
    }
    boolean accessible =
        group.get().virtualHost().isEmpty()
            || group.get().virtualHost().equals(session.currentVirtualHostName);
    if (!accessible) {
      session.error(directive.span(), "WSGI process group not accessible.");
      return false;
    }
    return true;
  }
}
