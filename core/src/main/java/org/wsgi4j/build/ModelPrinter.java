package org.wsgi4j.build;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.wsgi4j.directive.DirectiveCatalogue;
import org.wsgi4j.directive.ModuleSpec;
import org.wsgi4j.model.AccessCompat;
import org.wsgi4j.model.AliasMapping;
import org.wsgi4j.model.AuthSettings;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.model.DigestSettings;
import org.wsgi4j.model.DirectorySettings;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.model.HostRule;
import org.wsgi4j.model.HostSettings;
import org.wsgi4j.model.ListenAddress;
import org.wsgi4j.model.MethodLimit;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.ProtocolSettings;
import org.wsgi4j.model.RewriteCondition;
import org.wsgi4j.model.RewriteMapDefinition;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.model.RewriteRule;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.VhostAddress;
import org.wsgi4j.model.WsgiAuthScript;
import org.wsgi4j.model.WsgiScriptAlias;
import org.wsgi4j.model.WsgiSettings;
import org.wsgi4j.syntax.ArgumentValues;

/**
 * Writes a model back as httpd configuration text that loads to an equal model (equal up to source
 * positions). Every field of the model is written, in an order httpd and mod_wsgi accept: daemon
 * process groups before the hosts and aliases that name them, RewriteCond before its rule.
 */
public final class ModelPrinter {
  private static final String INDENT = "    ";
  private static final String MODULE_DIRECTORY = "/usr/lib/apache2/modules/";

  private final StringBuilder out = new StringBuilder();
  private int depth;

  private ModelPrinter() {}

  public static String print(ServerConfig config) {
    ModelPrinter printer = new ModelPrinter();
    printer.config(config);
    return printer.out.toString();
  }

  private void config(ServerConfig config) {
    modules(config.loadedModules());
    for (ListenAddress listen : config.listens()) {
      String address = listen.host().map(h -> h + ":").orElse("") + listen.port();
      line("Listen", address, listen.protocol().orElse(null));
    }
    for (DaemonProcessGroup group : config.processGroups()) {
      if (group.virtualHost().isEmpty()) {
        daemon(group);
      }
    }
    host(config.mainServer().settings(), config.mainServer());
    Set<String> printedGroups = new HashSet<>();
    for (ServerHost host : config.virtualHosts()) {
      List<String> addresses = new ArrayList<>();
      for (VhostAddress address : host.addresses()) {
        addresses.add(address.text());
      }
      open("VirtualHost", addresses.toArray(new String[0]));
      String name = host.serverName().orElse("");
      for (DaemonProcessGroup group : config.processGroups()) {
        if (group.virtualHost().isPresent()
            && group.virtualHost().get().equals(name)
            && printedGroups.add(group.name())) {
          daemon(group);
        }
      }
      host(host.settings(), host);
      close("VirtualHost");
    }
  }

  /** A fragment (every module assumed) needs no LoadModule; otherwise list exactly what it has. */
  private void modules(Set<String> loaded) {
    DirectiveCatalogue catalogue = DirectiveCatalogue.builtIn();
    boolean everything =
        catalogue.modules().stream().allMatch(m -> loaded.contains(m.sourceFile()));
    if (everything) {
      return;
    }
    TreeMap<String, String> files = new TreeMap<>();
    for (ModuleSpec module : catalogue.modules()) {
      if (!module.isBuiltIn() && loaded.contains(module.sourceFile())) {
        files.put(module.id(), MODULE_DIRECTORY + module.sharedObject().orElseThrow());
      }
    }
    files.forEach((id, file) -> line("LoadModule", id, file));
  }

  private void daemon(DaemonProcessGroup group) {
    List<String> args = new ArrayList<>();
    args.add(group.name());
    for (Map.Entry<String, String> option : group.options().entrySet()) {
      args.add(option.getKey() + "=" + option.getValue());
    }
    line("WSGIDaemonProcess", args.toArray(new String[0]));
  }

  private void host(HostSettings settings, ServerHost host) {
    host.serverName().ifPresent(name -> line("ServerName", name));
    if (!host.serverAliases().isEmpty()) {
      line("ServerAlias", host.serverAliases().toArray(new String[0]));
    }
    settings.documentRoot().ifPresent(root -> line("DocumentRoot", root));
    protocol(settings.protocol());
    directory(settings.defaults());
    rewrite(settings.rewrite());
    for (org.wsgi4j.model.RedirectMapping redirect : settings.redirects()) {
      List<String> args =
          new ArrayList<>(List.of(Integer.toString(redirect.status()), redirect.urlPattern()));
      redirect.target().ifPresent(args::add);
      line(
          redirect.regex().isPresent() ? "RedirectMatch" : "Redirect", args.toArray(new String[0]));
    }
    for (AliasMapping alias : settings.aliases()) {
      line(alias.regex().isPresent() ? "AliasMatch" : "Alias", alias.urlPattern(), alias.target());
    }
    for (WsgiScriptAlias alias : settings.scriptAliases()) {
      List<String> args = new ArrayList<>(List.of(alias.urlPattern(), alias.script()));
      alias.processGroup().ifPresent(g -> args.add("process-group=" + g));
      alias.applicationGroup().ifPresent(g -> args.add("application-group=" + g));
      alias.callableObject().ifPresent(c -> args.add("callable-object=" + c));
      alias
          .passAuthorization()
          .ifPresent(p -> args.add("pass-authorization=" + (p ? "On" : "Off")));
      line(
          alias.isMatch() ? "WSGIScriptAliasMatch" : "WSGIScriptAlias",
          args.toArray(new String[0]));
    }
    for (PathSection section : settings.sections()) {
      section(section);
    }
  }

  private void protocol(ProtocolSettings protocol) {
    protocol.useCanonicalName().ifPresent(v -> line("UseCanonicalName", v));
    protocol.allowEncodedSlashes().ifPresent(v -> line("AllowEncodedSlashes", v));
    protocol.traceEnable().ifPresent(v -> line("TraceEnable", v));
    protocol.limitRequestBody().ifPresent(v -> line("LimitRequestBody", Long.toString(v)));
    protocol.limitRequestLine().ifPresent(v -> line("LimitRequestLine", Integer.toString(v)));
    protocol
        .limitRequestFieldSize()
        .ifPresent(v -> line("LimitRequestFieldSize", Integer.toString(v)));
    protocol.limitRequestFields().ifPresent(v -> line("LimitRequestFields", Integer.toString(v)));
  }

  private void section(PathSection section) {
    String name = section.kind().directiveName();
    boolean tilde = section.regex().isPresent() && !section.kind().isRegex();
    if (tilde) {
      open(name, "~", section.pattern());
    } else {
      open(name, section.pattern());
    }
    directory(section.settings());
    for (PathSection nested : section.nested()) {
      section(nested);
    }
    close(name);
  }

  private void directory(DirectorySettings settings) {
    wsgi(settings.wsgi());
    auth(settings.auth());
    access(settings.accessCompat());
    settings.authorization().ifPresent(this::authorizationTop);
    for (EnvRule rule : settings.environment()) {
      environment(rule);
    }
    rewrite(settings.rewrite());
    for (MethodLimit limit : settings.methodLimits()) {
      String name = limit.except() ? "LimitExcept" : "Limit";
      open(name, limit.methods().toArray(new String[0]));
      directory(limit.settings());
      close(name);
    }
    if (!settings.options().isEmpty()) {
      line("Options", settings.options().toArray(new String[0]));
    }
    if (!settings.allowOverride().isEmpty()) {
      line("AllowOverride", settings.allowOverride().toArray(new String[0]));
    }
  }

  private void wsgi(WsgiSettings wsgi) {
    wsgi.processGroup().ifPresent(v -> line("WSGIProcessGroup", v));
    wsgi.applicationGroup().ifPresent(v -> line("WSGIApplicationGroup", v));
    wsgi.callableObject().ifPresent(v -> line("WSGICallableObject", v));
    wsgi.passAuthorization().ifPresent(v -> line("WSGIPassAuthorization", onOff(v)));
    wsgi.scriptReloading().ifPresent(v -> line("WSGIScriptReloading", onOff(v)));
    wsgi.chunkedRequest().ifPresent(v -> line("WSGIChunkedRequest", onOff(v)));
    wsgi.restrictProcess()
        .ifPresent(groups -> line("WSGIRestrictProcess", groups.toArray(String[]::new)));
  }

  private void auth(AuthSettings auth) {
    auth.type().ifPresent(v -> line("AuthType", v));
    auth.realm().ifPresent(v -> line("AuthName", v));
    auth.userFile().ifPresent(v -> line("AuthUserFile", v));
    auth.groupFile().ifPresent(v -> line("AuthGroupFile", v));
    if (!auth.basicProviders().isEmpty()) {
      line("AuthBasicProvider", auth.basicProviders().toArray(new String[0]));
    }
    auth.merging().ifPresent(v -> line("AuthMerging", v));
    auth.userScript().ifPresent(v -> authScript("WSGIAuthUserScript", v));
    auth.groupScript().ifPresent(v -> authScript("WSGIAuthGroupScript", v));
    auth.accessScript().ifPresent(v -> authScript("WSGIAccessScript", v));
    auth.digest()
        .ifPresent(
            digest -> {
              if (!digest.providers().isEmpty()) {
                line("AuthDigestProvider", digest.providers().toArray(new String[0]));
              }
              if (!digest.domain().isEmpty()) {
                line("AuthDigestDomain", digest.domain().toArray(new String[0]));
              }
              if (digest.nonceLifetimeSeconds() != DigestSettings.DEFAULT_NONCE_LIFETIME) {
                line("AuthDigestNonceLifetime", Long.toString(digest.nonceLifetimeSeconds()));
              }
            });
  }

  private void authScript(String name, WsgiAuthScript script) {
    if (script.applicationGroup().isPresent()) {
      line(name, script.script(), "application-group=" + script.applicationGroup().get());
    } else {
      line(name, script.script());
    }
  }

  private void access(AccessCompat access) {
    access.order().ifPresent(v -> line("Order", v));
    for (HostRule rule : access.allow()) {
      line("Allow", "from", hostWord(rule));
    }
    for (HostRule rule : access.deny()) {
      line("Deny", "from", hostWord(rule));
    }
    access.satisfy().ifPresent(v -> line("Satisfy", v));
  }

  private static String hostWord(HostRule rule) {
    return switch (rule.kind()) {
      case ENV_SET -> "env=" + rule.value();
      case ENV_UNSET -> "env=!" + rule.value();
      default -> rule.value();
    };
  }

  /** The implicit container of bare Require lines is written as those lines. */
  private void authorizationTop(AuthzRule rule) {
    if (rule instanceof AuthzRule.Container container && container.implicit()) {
      container.children().forEach(this::authorization);
    } else {
      authorization(rule);
    }
  }

  private void authorization(AuthzRule rule) {
    if (rule instanceof AuthzRule.Require require) {
      List<String> words = new ArrayList<>();
      if (require.negated()) {
        words.add("not");
      }
      words.add(require.provider());
      words.addAll(require.arguments());
      line("Require", words.toArray(new String[0]));
    } else if (rule instanceof AuthzRule.Container container) {
      String name =
          switch (container.combination()) {
            case ALL -> "RequireAll";
            case ANY -> "RequireAny";
            case NONE -> "RequireNone";
          };
      open(name);
      container.children().forEach(this::authorization);
      close(name);
    }
  }

  private void environment(EnvRule rule) {
    if (rule instanceof EnvRule.Set set) {
      line("SetEnv", set.name(), set.value());
    } else if (rule instanceof EnvRule.Unset unset) {
      line("UnsetEnv", unset.names().toArray(new String[0]));
    } else if (rule instanceof EnvRule.Pass pass) {
      line("PassEnv", pass.names().toArray(new String[0]));
    } else if (rule instanceof EnvRule.SetIf setIf) {
      List<String> args = new ArrayList<>(List.of(setIf.attribute(), setIf.regex().source()));
      args.addAll(setIf.assignments());
      line(
          setIf.regex().caseInsensitive() ? "SetEnvIfNoCase" : "SetEnvIf",
          args.toArray(new String[0]));
    }
  }

  private void rewrite(RewriteProgram program) {
    program.engine().ifPresent(v -> line("RewriteEngine", onOff(v)));
    program.base().ifPresent(v -> line("RewriteBase", v));
    if (!program.options().isEmpty()) {
      line("RewriteOptions", program.options().toArray(new String[0]));
    }
    for (RewriteMapDefinition map : program.maps()) {
      line("RewriteMap", map.name(), map.type() + ":" + map.source());
    }
    for (RewriteRule rule : program.rules()) {
      for (RewriteCondition condition : rule.conditions()) {
        String written =
            (condition.negated() ? "!" : "") + condition.kind().operator() + condition.operand();
        raw(
            "RewriteCond",
            RewriteText.quote(condition.testString()),
            RewriteText.quote(written),
            condition.flagsText());
      }
      String pattern = (rule.negated() ? "!" : "") + rule.pattern().source();
      raw(
          "RewriteRule",
          RewriteText.quote(pattern),
          RewriteText.quote(rule.substitution()),
          rule.flagsText());
    }
  }

  private static String onOff(boolean on) {
    return on ? "On" : "Off";
  }

  // ---- output ------------------------------------------------------------------------------

  private void line(String name, String... args) {
    out.append(INDENT.repeat(depth)).append(name);
    for (String arg : args) {
      if (arg != null) {
        out.append(' ').append(ArgumentValues.quoteIfNeeded(arg));
      }
    }
    out.append('\n');
  }

  /** A line whose arguments are already written for the directive's own tokenizer. */
  private void raw(String name, String... written) {
    out.append(INDENT.repeat(depth)).append(name);
    for (String part : written) {
      if (!part.isEmpty()) {
        out.append(' ').append(part);
      }
    }
    out.append('\n');
  }

  private void open(String name, String... args) {
    out.append(INDENT.repeat(depth)).append('<').append(name);
    for (String arg : args) {
      out.append(' ').append(ArgumentValues.quoteIfNeeded(arg));
    }
    out.append(">\n");
    depth++;
  }

  private void close(String name) {
    depth--;
    out.append(INDENT.repeat(depth)).append("</").append(name).append(">\n");
  }
}
