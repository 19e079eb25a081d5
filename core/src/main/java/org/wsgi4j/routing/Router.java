package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.wsgi4j.auth.AuthenticationResult;
import org.wsgi4j.auth.BasicCredentials;
import org.wsgi4j.auth.DigestCredentials;
import org.wsgi4j.auth.DigestNonces;
import org.wsgi4j.auth.DigestResponse;
import org.wsgi4j.auth.DigestUri;
import org.wsgi4j.auth.RealmHash;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.model.DigestSettings;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.WsgiAuthScript;
import org.wsgi4j.model.WsgiScriptAlias;
import org.wsgi4j.rewrite.FlagValue;
import org.wsgi4j.rewrite.RewriteEngine;
import org.wsgi4j.rewrite.RewriteOutcome;
import org.wsgi4j.rewrite.RewriteRequest;
import org.wsgi4j.rewrite.RewriteVariables;
import org.wsgi4j.source.SourceSpan;
import org.wsgi4j.text.CNumbers;

/**
 * Decides each request the way Apache httpd + mod_wsgi would: virtual host, server-context
 * mod_rewrite, Alias and WSGIScriptAlias mapping, section merge, host access, Require and Basic
 * authentication, environment variables. Pure apart from the lookups behind {@link RouteContext};
 * thread-safe, no state kept between requests.
 */
public final class Router {
  private final RouteContext context;
  private final VirtualHostIndex hosts;

  /**
   * Each server's precomputed plan, by identity (the model's records compare deeply). Filled in the
   * constructor and never changed afterwards.
   */
  private final IdentityHashMap<ServerHost, HostPlan> plans = new IdentityHashMap<>();

  /** Server-context rewrite outcomes of the programs that read only the URL. */
  private final ServerRewriteMemo rewriteMemo;

  /** Per server and URI: the alias or script it maps to, the Location sections that match. */
  private final UriMemo uriMemo = new UriMemo();

  public Router(RouteContext context) {
    this.context = context;
    this.hosts = new VirtualHostIndex(context.config());
    ServerHost main = context.config().mainServer();
    plans.put(main, HostPlan.of(main, main, context.mapFiles()));
    for (ServerHost host : context.config().virtualHosts()) {
      plans.put(host, HostPlan.of(main, host, context.mapFiles()));
    }
    this.rewriteMemo = new ServerRewriteMemo(plans.values());
  }

  public RoutingDecision route(RequestView request) {
    return new Routing(context, hosts, plans, rewriteMemo, uriMemo, request).run();
  }

  /** One request's routing; discarded afterwards. */
  private static final class Routing {
    private final RouteContext context;
    private final VirtualHostIndex hosts;
    private final IdentityHashMap<ServerHost, HostPlan> plans;
    private final ServerRewriteMemo rewriteMemo;
    private final UriMemo uriMemo;
    private final RequestView request;
    private final Trace.Recorder trace = new Trace.Recorder();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String uri = "";
    private String query = "";
    private String originalUri = "";
    private ServerHost host;
    private HostPlan plan;
    private Optional<HostName> hostName = Optional.empty();
    private String serverName = "";
    private String serverPort = "";
    private int serverPortNumber;
    private Optional<String> filename = Optional.empty();
    private String pathInfo = "";
    private Optional<String> user = Optional.empty();
    private Optional<String> authType = Optional.empty();

    /** [CO] cookies by name: httpd sets each name once per request, internal redirects included. */
    private Map<String, String> cookies = new LinkedHashMap<>();

    /**
     * Headers that mod_rewrite conditions read, by lower-case name, for Vary: kept across internal
     * redirects (recorded), answered only with the application or a static file.
     */
    private final Map<String, String> vary = new LinkedHashMap<>();

    /** [T] and [H] of this (internally redirected) request: notes that a redirect resets. */
    private Optional<String> forcedType = Optional.empty();

    /** The content metadata of the last section merge (none before one). */
    private MimeFacts mime = MimeFacts.NONE;

    private Optional<String> forcedHandler = Optional.empty();

    private SourceSpan forcedHandlerOrigin;

    /**
     * 0 for the client's request, n inside a look-ahead's sub-request n levels down. A sub-request
     * ends before the handler, as httpd's look-ups do, and may look ahead itself (see {@link
     * #lookaheadAllowed}) down to httpd's nesting limit.
     */
    private int depth;

    /** The request that made this sub-request (httpd's {@code r->main}); null for the client's. */
    private Routing parent;

    /** Sub-requests made so far for the client's request, all levels (kept on the client's). */
    private int subrequests;

    /**
     * A sub-request for the main request's own URL: httpd finds the same per-directory
     * configuration and reuses the main request's authentication instead of checking again.
     */
    private boolean sameConfigAsMain;

    private final RequestVariables.Lookaheads lookaheads =
        new RequestVariables.Lookaheads() {
          @Override
          public Optional<String> lookahead(
              boolean file, String path, String variable, SourceSpan origin) {
            if (!lookaheadAllowed()) {
              return Optional.empty();
            }
            Routing sub = file ? lookupFile(path) : lookupUri(path);
            String value = sub.lookaheadValue(variable);
            trace.add(
                "lookahead",
                () -> (file ? "LA-F " : "LA-U ") + path + ": " + variable + " = '" + value + "'",
                origin);
            return Optional.of(value);
          }

          @Override
          public boolean reachable(boolean file, String path, SourceSpan origin) {
            if (!lookaheadAllowed()) {
              return false;
            }
            Routing sub = file ? lookupFile(path) : lookupUri(path);
            boolean reached =
                file
                    ? sub.subStatus < 300
                        && sub.filename.map(f -> context.files().exists(f)).orElse(false)
                    : sub.subStatus < 400;
            trace.add(
                "lookahead",
                () ->
                    (file ? "-F " : "-U ")
                        + path
                        + ": sub-request status "
                        + sub.subStatus
                        + (reached ? ", holds" : ", fails"),
                origin);
            return reached;
          }
        };

    /** The status a sub-request ended with (before any handler). */
    private int subStatus = 200;

    /**
     * mod_rewrite's {@code subreq_ok}: the client's request may look ahead, and so may a
     * sub-request whose URL differs from the URL of the request that made it (recorded: the kit's
     * rewrite-lookahead-nested case). A look-ahead for its own URL inside the look-up of that URL
     * is therefore refused one level down, which ends the usual recursion.
     */
    private boolean lookaheadAllowed() {
      return parent == null || !parent.uri.equals(uri);
    }

    /**
     * httpd's sub-request nesting limit (the second value of LimitInternalRecursion, 10 by
     * default): a request this many levels down gets its look-ups answered 500, unprocessed.
     */
    private static final int SUBREQUEST_NESTING_LIMIT = 10;

    /**
     * wsgi4j's bound on the look-ups of one client request, all levels together: a rule set whose
     * every level looks ahead several times grows exponentially with the depth (httpd would run
     * them all). Past the bound the request is answered 500 rather than deciding on a partial
     * look-up.
     */
    static final int SUBREQUEST_BUDGET = 1000;

    /** Thrown when one request's look-ups exceed {@link #SUBREQUEST_BUDGET}. */
    private static final class SubrequestBudgetExceeded extends RuntimeException {
      private static final long serialVersionUID = 1L;

      SubrequestBudgetExceeded() {
        super("more than " + SUBREQUEST_BUDGET + " look-ahead sub-requests", null, false, false);
      }
    }

    private Routing client() {
      Routing top = this;
      while (top.parent != null) {
        top = top.parent;
      }
      return top;
    }

    /**
     * A sub-request sharing this request's host, names and [CO] cookies; its environment starts as
     * a copy of this request's (httpd copies subprocess_env into every sub-request).
     */
    private Routing subrequest() {
      if (++client().subrequests > SUBREQUEST_BUDGET) {
        throw new SubrequestBudgetExceeded();
      }
      Routing sub = new Routing(context, hosts, plans, rewriteMemo, uriMemo, request);
      sub.parent = this;
      sub.environment.putAll(environment);
      sub.depth = depth + 1;
      sub.host = host;
      sub.plan = plan;
      sub.hostName = hostName;
      sub.serverName = serverName;
      sub.serverPort = serverPort;
      sub.serverPortNumber = serverPortNumber;
      sub.cookies = cookies;
      sub.rewritingEnded = rewritingEnded;
      return sub;
    }

    /** ap_sub_req_lookup_uri: the URL through translation, sections and access control. */
    private Routing lookupUri(String url) {
      Routing sub = subrequest();
      String target = url.startsWith("/") ? url : DirectoryWalk.directoryOf(uri) + url;
      int mark = target.indexOf('?');
      CanonicalPath.Result canonical =
          CanonicalPath.of(
              mark >= 0 ? target.substring(0, mark) : target,
              mark >= 0 ? target.substring(mark + 1) : null,
              plan.encodedSlashes());
      if (canonical.path().isEmpty()) {
        sub.subStatus = canonical.status();
        return sub;
      }
      sub.uri = canonical.path().get().path();
      sub.query = canonical.path().get().query();
      sub.originalUri = sub.uri;
      if (depth >= SUBREQUEST_NESTING_LIMIT) {
        sub.subStatus = 500;
        trace.add("lookahead", "sub-request nesting limit reached: 500");
        return sub;
      }
      if (sub.uri.equals(uri)) {
        sub.sameConfigAsMain = true;
        sub.user = user;
        sub.authType = authType;
      }
      RoutingDecision decision = sub.serverRewrite().orElseGet(sub::map);
      sub.subStatus = decision.status();
      return sub;
    }

    /**
     * ap_sub_req_lookup_file: httpd's directory walk of the path (the file is the first segment
     * that is not a directory, the rest is path info), then sections and access control.
     */
    private Routing lookupFile(String path) {
      Routing sub = subrequest();
      String file =
          path.startsWith("/") ? path : DirectoryWalk.directoryOf(filename.orElse(uri)) + path;
      String walked = file;
      String info = "";
      int from = 1;
      while (from <= file.length()) {
        int next = file.indexOf('/', from);
        String prefix = next < 0 ? file : file.substring(0, next);
        if (!context.files().isDirectory(prefix)) {
          walked = prefix;
          info = next < 0 ? "" : file.substring(next);
          break;
        }
        if (next < 0) {
          break;
        }
        from = next + 1;
      }
      sub.uri = uri;
      sub.query = "";
      sub.filename = Optional.of(walked);
      sub.pathInfo = info;
      if (depth >= SUBREQUEST_NESTING_LIMIT) {
        sub.subStatus = 500;
        trace.add("lookahead", "sub-request nesting limit reached: 500");
        return sub;
      }
      Optional<RoutingDecision> stopped = sub.directoryPhases(sub.mergeSections());
      sub.subStatus = stopped.map(RoutingDecision::status).orElse(200);
      return sub;
    }

    /**
     * A variable as this sub-request sees it (mod_rewrite's lookup_variable on the sub-request).
     */
    private String lookaheadValue(String variable) {
      if (subStatus == 400) {
        return "";
      }
      if (variable.regionMatches(true, 0, "ENV:", 0, 4) && variable.length() > 4) {
        return variables().environment(variable.substring(4)).orElse("");
      }
      if (variable.regionMatches(true, 0, "HTTP:", 0, 5) && variable.length() > 5) {
        return variables().header(variable.substring(5));
      }
      String name = variable.toUpperCase(Locale.ROOT);
      return switch (name) {
        case "REMOTE_USER" -> user.orElse("");
        case "AUTH_TYPE" -> authType.orElse("");
        case "PATH_INFO" -> pathInfo;
        case "REQUEST_FILENAME", "SCRIPT_FILENAME" -> filename.orElse(uri);
        case "IS_SUBREQ" -> "true";
        default -> variables().variable(name);
      };
    }

    /** What the configuration says about {@link #uriFactsFor}, the URI last looked up. */
    private UriMemo.Facts uriFacts;

    private String uriFactsFor;

    /** The current URI's alias, script and Location sections: one memo look-up per URI. */
    private UriMemo.Facts uriFacts() {
      if (uriFacts == null || !uriFactsFor.equals(uri)) {
        uriFacts = uriMemo.facts(plan, uri);
        uriFactsFor = uri;
      }
      return uriFacts;
    }

    /** Internal redirects so far (httpd's LimitInternalRecursion, 10 by default). */
    private int redirects;

    /** An [END] rule ran: no more rewriting for this request, redirects included. */
    private boolean rewritingEnded;

    Routing(
        RouteContext context,
        VirtualHostIndex hosts,
        IdentityHashMap<ServerHost, HostPlan> plans,
        ServerRewriteMemo rewriteMemo,
        UriMemo uriMemo,
        RequestView request) {
      this.context = context;
      this.hosts = hosts;
      this.plans = plans;
      this.rewriteMemo = rewriteMemo;
      this.uriMemo = uriMemo;
      this.request = request;
    }

    RoutingDecision run() {
      try {
        return decide();
      } catch (SubrequestBudgetExceeded e) {
        return respond(500, e.getMessage() + " for one request");
      }
    }

    private RoutingDecision decide() {
      String target = request.target();
      String rawPath;
      String rawQuery = null;
      Optional<String> authority = Optional.empty();
      if (target.equals("*")) {
        if (request.method().equals("OPTIONS")) {
          return respond(200, "OPTIONS * is answered by the server");
        }
        return respond(400, "'*' is only valid with OPTIONS");
      }
      if (target.indexOf('#') >= 0) {
        return respond(400, "a fragment is not allowed in the request-target");
      }
      boolean http = startsWithAsciiIgnoringCase(target, "http://");
      if (http || startsWithAsciiIgnoringCase(target, "https://")) {
        boolean schemeMatches = http != request.secure();
        int start = target.indexOf("://") + 3;
        int slash = target.indexOf('/', start);
        int mark = target.indexOf('?', start);
        int end = slash >= 0 ? slash : mark >= 0 ? mark : target.length();
        // An absolute-form target names the host, unless its scheme is not this connection's:
        // then httpd ignores it and the Host header decides.
        if (schemeMatches) {
          authority = Optional.of(target.substring(start, end));
        }
        target =
            slash >= 0 ? target.substring(slash) : "/" + (mark >= 0 ? target.substring(mark) : "");
      }
      int mark = target.indexOf('?');
      rawPath = mark >= 0 ? target.substring(0, mark) : target;
      if (mark >= 0) {
        rawQuery = target.substring(mark + 1);
      }
      String hostHeader = null;
      int hostHeaders = 0;
      for (int i = 0; i < request.headers().size(); i++) {
        Map.Entry<String, String> field = request.headers().get(i);
        if (field.getKey().equalsIgnoreCase("Host") && hostHeaders++ == 0) {
          hostHeader = field.getValue();
        }
      }
      if (request.isHttp11OrLater() && hostHeaders == 0) {
        return respond(400, "HTTP/1.1 request without Host");
      }
      if (hostHeaders > 1) {
        return respond(400, "more than one Host header");
      }
      Optional<String> hostText =
          authority.isPresent() || hostHeader == null ? authority : Optional.of(hostHeader);
      if (hostText.isPresent()) {
        hostName = HostName.parse(hostText.get());
        if (hostName.isEmpty()) {
          return respond(400, "invalid host name '" + hostText.get() + "'");
        }
      }
      VirtualHostSelector.Selection selection =
          hosts.select(request.localAddress(), request.localPort(), hostName);
      host = selection.host();
      plan = plans.get(host);
      trace.add("vhost", selection.reason(), host.origin());
      computeServerNameAndPort();
      CanonicalPath.Result canonical = CanonicalPath.of(rawPath, rawQuery, plan.encodedSlashes());
      if (canonical.path().isEmpty()) {
        return respond(canonical.status(), canonical.reason());
      }
      uri = canonical.path().get().path();
      query = canonical.path().get().query();
      originalUri = uri;
      String canonicalUri = uri;
      String canonicalQuery = query;
      trace.add(
          "path",
          () ->
              "canonical path "
                  + canonicalUri
                  + (canonicalQuery.isEmpty() ? "" : " query " + canonicalQuery));
      if (request.method().equals("TRACE") && !plan.traceEnabled()) {
        return respond(
            405, "TRACE is refused unless TraceEnable is set explicitly (it echoes credentials)");
      }
      Optional<RoutingDecision> rewritten = serverRewrite();
      if (rewritten.isPresent()) {
        return rewritten.get();
      }
      return map();
    }

    /** {@code text} starts with the lower-case ASCII {@code prefix}, ASCII letters in any case. */
    private static boolean startsWithAsciiIgnoringCase(String text, String prefix) {
      if (text.length() < prefix.length()) {
        return false;
      }
      for (int i = 0; i < prefix.length(); i++) {
        char c = text.charAt(i);
        if (c >= 'A' && c <= 'Z') {
          c = (char) (c + ('a' - 'A'));
        }
        if (c != prefix.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private void computeServerNameAndPort() {
      int defaultPort = request.secure() ? 443 : 80;
      if (plan.useCanonicalName() || hostName.isEmpty()) {
        serverName = VirtualHostSelector.hostPart(plan.canonicalName());
        serverPortNumber = plan.canonicalPort().orElse(defaultPort);
      } else {
        serverName = hostName.get().name();
        serverPortNumber = hostName.get().port().orElse(plan.canonicalPort().orElse(defaultPort));
      }
      serverPort =
          serverPortNumber == 80
              ? "80"
              : serverPortNumber == 443 ? "443" : Integer.toString(serverPortNumber);
    }

    // ---- translate_name: mod_rewrite in server context --------------------------------------

    private Optional<RoutingDecision> serverRewrite() {
      if (plan.serverRewrite().isEmpty() || rewritingEnded) {
        return Optional.empty();
      }
      // After an internal redirect mod_rewrite keeps the first request's URL (REDIRECT_SCRIPT_URL).
      String scriptUrl = environment.getOrDefault("REDIRECT_SCRIPT_URL", originalUri);
      environment.put("SCRIPT_URL", scriptUrl);
      environment.put(
          "SCRIPT_URI", request.scheme() + "://" + serverName + portSuffix() + scriptUrl);
      if (plan.serverRewrite().get().rules().isEmpty()) {
        return Optional.empty();
      }
      Supplier<RewriteOutcome> run =
          () ->
              RewriteEngine.run(
                  plan.serverRewrite().get(),
                  new RewriteRequest(
                      uri,
                      query,
                      request.scheme(),
                      serverName,
                      serverPortNumber,
                      false,
                      "",
                      context.explain(),
                      depth > 0),
                  variables(),
                  plan.maps(),
                  context.files());
      // In server context REQUEST_FILENAME is the URI until a file is mapped; a sub-request skips
      // [NS] and [R] rules: neither is remembered.
      RewriteOutcome outcome =
          depth == 0 && filename.isEmpty()
              ? rewriteMemo.outcome(
                  plan, uri, query, request.secure(), serverName, serverPortNumber, run)
              : run.get();
      outcome.steps().forEach(step -> trace.add("rewrite", step));
      applyEnvironment(outcome.environment());
      applyResponseFlags(outcome);
      switch (outcome.kind()) {
        case REDIRECT -> {
          return Optional.of(
              new RoutingDecision.Redirect(
                  outcome.status(), outcome.location().orElseThrow(), facts(), trace.build()));
        }
        case STATUS -> {
          return Optional.of(respond(outcome.status(), "mod_rewrite answered " + outcome.status()));
        }
        case REWRITTEN -> {
          query = outcome.query();
          if (outcome.passThrough()) {
            uri = outcome.uri();
            String rewrittenUri = uri;
            trace.add("rewrite", () -> "[PT]: URI is now " + rewrittenUri);
            return Optional.empty();
          }
          // Without [PT] the result is a file path: Alias and WSGIScriptAlias never see it.
          String path = outcome.uri();
          String documentRoot = documentRoot();
          String file =
              literalFileSystemPrefix(outcome.literalPrefix(), path) ? path : documentRoot + path;
          trace.add("rewrite", () -> "no [PT]: the result is the file " + file);
          return Optional.of(staticFile(file));
        }
        default -> {
          return Optional.empty();
        }
      }
    }

    /**
     * httpd 2.4.60+: a substitution is a file-system path (not under DocumentRoot) only when it was
     * written literally starting with an existing top-level directory, never through an expansion.
     */
    private boolean literalFileSystemPrefix(String literal, String path) {
      if (!literal.startsWith("/") || literal.length() < 2) {
        return false;
      }
      int second = path.indexOf('/', 1);
      String first = second < 0 ? path : path.substring(0, second);
      return literal.startsWith(first)
          && !first.contains("$")
          && !first.contains("%")
          && context.files().exists(first);
    }

    private String portSuffix() {
      boolean standard =
          (request.secure() && serverPort.equals("443"))
              || (!request.secure() && serverPort.equals("80"));
      return standard ? "" : ":" + serverPort;
    }

    private String documentRoot() {
      return plan.documentRoot();
    }

    // ---- Alias, WSGIScriptAlias, DocumentRoot -------------------------------------------------

    private RoutingDecision map() {
      var redirects = plan.redirects();
      Optional<RoutingDecision> redirected = redirect(redirects);
      if (redirected.isPresent()) {
        return redirected.get();
      }
      UriMemo.Facts mapping = uriFacts();
      Optional<ScriptMapper.AliasResult> alias = mapping.alias();
      if (alias.isPresent()) {
        String aliased = uri;
        String aliasFile = alias.get().filename();
        trace.add(
            "alias",
            () -> "Alias maps " + aliased + " to " + aliasFile,
            alias.get().alias().origin());
        return staticFile(alias.get().filename());
      }
      Optional<ScriptMapper.ScriptResult> script = mapping.script();
      if (script.isPresent()) {
        return wsgi(script.get());
      }
      return staticFile(documentRoot() + uri);
    }

    /** mod_alias's redirects come before its aliases; the rest of the path is carried over. */
    private Optional<RoutingDecision> redirect(List<org.wsgi4j.model.RedirectMapping> redirects) {
      for (org.wsgi4j.model.RedirectMapping redirect : redirects) {
        String location;
        if (redirect.regex().isPresent()) {
          java.util.regex.Matcher matcher = redirect.regex().get().pattern().matcher(uri);
          if (!matcher.find()) {
            continue;
          }
          location = redirect.target().map(t -> ScriptMapper.substitute(t, matcher)).orElse("");
        } else {
          int consumed = ScriptMapper.aliasMatches(uri, redirect.urlPattern());
          if (consumed == 0) {
            continue;
          }
          location =
              redirect
                  .target()
                  .map(t -> t + org.wsgi4j.rewrite.UrlEscaping.escapePath(uri.substring(consumed)))
                  .orElse("");
          if (!query.isEmpty() && !location.isEmpty()) {
            location = location + "?" + query;
          }
        }
        trace.add(
            "alias",
            redirect.urlPattern() + " redirects with " + redirect.status(),
            redirect.origin());
        if (redirect.status() < 300 || redirect.status() > 399) {
          return Optional.of(
              respond(redirect.status(), "Redirect with status " + redirect.status()));
        }
        if (location.startsWith("/")) {
          location = request.scheme() + "://" + serverName + portSuffix() + location;
        }
        return Optional.of(
            new RoutingDecision.Redirect(redirect.status(), location, facts(), trace.build()));
      }
      return Optional.empty();
    }

    private RoutingDecision staticFile(String mapped) {
      // httpd's directory walk: a path below an existing file names that file, the rest is
      // PATH_INFO; <Files> sections then match the file that was found.
      String file = mapped;
      if (!context.files().exists(mapped)) {
        for (int slash = mapped.lastIndexOf('/');
            slash > 0;
            slash = mapped.lastIndexOf('/', slash - 1)) {
          String prefix = mapped.substring(0, slash);
          if (context.files().isRegularFile(prefix)) {
            file = prefix;
            pathInfo = mapped.substring(slash);
            break;
          }
          if (context.files().isDirectory(prefix)) {
            break;
          }
        }
      }
      filename = Optional.of(file);
      EffectiveSettings settings = mergeSections();
      Optional<RoutingDecision> stopped = directoryPhases(settings);
      if (stopped.isPresent()) {
        return stopped.get();
      }
      if (depth > 0) {
        return respond(200, "sub-request: the look-up ends before the handler");
      }
      if (forcedHandler.equals(Optional.of("wsgi-script")) && context.files().isRegularFile(file)) {
        return forcedScript(settings, file);
      }
      if (!pathInfo.isEmpty()) {
        // The default handler refuses extra path information after a file.
        return respond(404, "no such file " + mapped);
      }
      if (context.files().isRegularFile(file)) {
        String found = file;
        trace.add("handler", () -> "static file " + found);
        return new RoutingDecision.StaticFile(file, answerFacts(), trace.build());
      }
      if (context.files().isDirectory(file)) {
        // Without mod_dir and mod_autoindex httpd's default handler answers a directory with 404.
        return respond(404, "directory without an index (wsgi4j generates no listings)");
      }
      return respond(404, "no such file " + file);
    }

    /**
     * RewriteRule [H=wsgi-script] on a file: mod_wsgi runs it as a script outside any
     * WSGIScriptAlias, which it only does where Options ExecCGI is on.
     */
    private RoutingDecision forcedScript(EffectiveSettings settings, String file) {
      boolean execCgi = false;
      for (String option : settings.options()) {
        String lower = option.toLowerCase(Locale.ROOT);
        if (lower.equals("execcgi") || lower.equals("+execcgi") || lower.equals("all")) {
          execCgi = true;
        } else if (lower.equals("-execcgi") || lower.equals("none")) {
          execCgi = false;
        }
      }
      if (!execCgi) {
        return respond(403, "Options ExecCGI is off in this directory: " + file);
      }
      trace.add(
          "wsgi", () -> "[H=wsgi-script] runs " + file + " as a WSGI script", forcedHandlerOrigin);
      return dispatch(settings, file, Optional.empty());
    }

    private RoutingDecision wsgi(ScriptMapper.ScriptResult mapped) {
      String mappedUri = uri;
      trace.add(
          "wsgi",
          () ->
              (mapped.alias().isMatch() ? "WSGIScriptAliasMatch " : "WSGIScriptAlias ")
                  + mapped.alias().urlPattern()
                  + " maps "
                  + mappedUri
                  + " to "
                  + mapped.filename(),
          mapped.alias().origin());
      ScriptMapper.ScriptFile located = ScriptMapper.locate(mapped, context.files());
      filename = Optional.of(located.file().orElse(mapped.filename()));
      pathInfo = located.pathInfo();
      EffectiveSettings settings = mergeSections();
      Optional<RoutingDecision> stopped = directoryPhases(settings);
      if (stopped.isPresent()) {
        return stopped.get();
      }
      if (depth > 0) {
        return respond(200, "sub-request: the look-up ends before the handler");
      }
      if (located.file().isEmpty()) {
        return respond(located.status(), located.reason());
      }
      if (forcedHandler.isPresent() && !forcedHandler.get().equals("wsgi-script")) {
        // RewriteRule [H=...] replaced mod_wsgi's handler: httpd's default handler refuses path
        // information (404); wsgi4j never serves a script's source as a file (stricter).
        return respond(
            pathInfo.isEmpty() ? 403 : 404,
            "handler '"
                + forcedHandler.get()
                + "' forced on the WSGI script "
                + located.file().get());
      }
      return dispatch(settings, located.file().get(), Optional.of(mapped.alias()));
    }

    /** mod_wsgi's handler for a script: groups, restrictions, the target. */
    private RoutingDecision dispatch(
        EffectiveSettings settings, String scriptFile, Optional<WsgiScriptAlias> alias) {
      boolean chunked =
          request
              .header("Transfer-Encoding")
              .map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
              .orElse(false);
      if (chunked && !settings.wsgi().chunkedRequest().orElse(false)) {
        return respond(411, "chunked request body (WSGIChunkedRequest Off)");
      }
      String scriptName =
          pathInfo.isEmpty() ? uri : uri.substring(0, uri.length() - pathInfo.length());
      scriptName = WsgiTarget.collapseSlashes(scriptName);
      String resolvedProcess =
          expandGroup(
              alias
                  .flatMap(WsgiScriptAlias::processGroup)
                  .or(() -> settings.wsgi().processGroup())
                  .orElse("%{GLOBAL}"),
              scriptName);
      String resolvedApplication =
          expandGroup(
              alias
                  .flatMap(WsgiScriptAlias::applicationGroup)
                  .or(() -> settings.wsgi().applicationGroup())
                  .orElse("%{RESOURCE}"),
              scriptName);
      if (!settings.wsgi().processAllowed(resolvedProcess)) {
        return respond(
            500,
            "Daemon process called '"
                + resolvedProcess
                + "' cannot be accessed by this WSGI application (WSGIRestrictProcess)");
      }
      Optional<DaemonProcessGroup> daemon = Optional.empty();
      if (!resolvedProcess.isEmpty()) {
        daemon = context.config().processGroup(resolvedProcess);
        if (daemon.isEmpty()) {
          return respond(
              500, "No WSGI daemon process called '" + resolvedProcess + "' has been configured");
        }
        Optional<String> owner = daemon.get().virtualHost();
        if (owner.isPresent() && !owner.get().equalsIgnoreCase(host.serverName().orElse(""))) {
          return respond(
              500,
              "Daemon process called '"
                  + resolvedProcess
                  + "' cannot be accessed by this WSGI application");
        }
      }
      String callable =
          alias
              .flatMap(WsgiScriptAlias::callableObject)
              .or(() -> settings.wsgi().callableObject())
              .orElse("application");
      boolean passAuthorization =
          alias
              .flatMap(WsgiScriptAlias::passAuthorization)
              .or(() -> settings.wsgi().passAuthorization())
              .orElse(false);
      WsgiTarget target =
          new WsgiTarget(
              scriptFile,
              scriptName,
              pathInfo,
              resolvedProcess,
              daemon,
              resolvedApplication,
              callable,
              passAuthorization);
      trace.add(
          "wsgi",
          () ->
              "script "
                  + target.scriptFilename()
                  + " SCRIPT_NAME='"
                  + target.scriptName()
                  + "' PATH_INFO='"
                  + target.pathInfo()
                  + "' process group '"
                  + target.processGroup()
                  + "' application group '"
                  + target.applicationGroup()
                  + "'");
      return new RoutingDecision.Dispatch(target, answerFacts(), trace.build());
    }

    /** mod_wsgi's expansion of WSGIProcessGroup / WSGIApplicationGroup values. */
    private String expandGroup(String value, String scriptName) {
      if (!value.startsWith("%")) {
        return value;
      }
      if (value.equals("%{GLOBAL}")) {
        return "";
      }
      String server =
          VirtualHostSelector.hostPart(
              host.serverName()
                  .or(() -> context.config().mainServer().serverName())
                  .orElse(serverName));
      String port = serverPort.equals("80") || serverPort.equals("443") ? "" : ":" + serverPort;
      return switch (value) {
        case "%{GLOBAL}" -> "";
        case "%{SERVER}" -> server + port;
        case "%{HOST}" -> hostName.map(HostName::name).orElse(server) + port;
        case "%{RESOURCE}" -> server + port + "|" + scriptName;
        default -> {
          if (value.startsWith("%{ENV:") && value.endsWith("}")) {
            String name = value.substring(6, value.length() - 1);
            String found = environment.getOrDefault(name, context.processEnvironment().get(name));
            yield found != null ? found : value;
          }
          yield value;
        }
      };
    }

    // ---- fixups: per-directory mod_rewrite and internal redirects ---------------------------

    /**
     * Per-directory rules (in a Directory or Location) run after access control, on the file path
     * with the directory's prefix stripped; a new URL becomes an internal redirect: the whole
     * request runs again, its environment renamed REDIRECT_*.
     */
    /** The sections that apply to the current URI and file, merged as httpd merges them. */
    private EffectiveSettings mergeSections() {
      Optional<String> walked = filename;
      if (filename.isPresent()
          && pathInfo.isEmpty()
          && !filename.get().endsWith("/")
          && context.files().isDirectory(filename.get())) {
        // httpd's directory walk enters a directory that is the file itself: its own <Directory>
        // sections apply (access, per-directory rewriting) even without the trailing slash.
        walked = Optional.of(filename.get() + "/");
      }
      EffectiveSettings merged =
          DirectoryWalk.merge(
              plan.sections(), uri, walked, request.method(), trace, uriFacts().locations());
      mime = merged.mime().withTypesConfig(context.config().mainServer().settings().typesConfig());
      return merged;
    }

    /**
     * The per-directory phases once the file is known, shared by static files and WSGI scripts:
     * environment rules, access and authentication, then per-directory mod_rewrite. Returns the
     * decision of the first phase that ends the request.
     */
    private Optional<RoutingDecision> directoryPhases(EffectiveSettings settings) {
      applyEnvironmentRules(settings);
      Optional<RoutingDecision> denied =
          sameConfigAsMain ? Optional.empty() : checkAccess(settings);
      if (denied.isPresent()) {
        return denied;
      }
      return directoryRewrite(settings);
    }

    private Optional<RoutingDecision> directoryRewrite(EffectiveSettings settings) {
      var program = settings.rewrite();
      if (rewritingEnded
          || program.rules().isEmpty()
          || !program.engine().orElse(plan.directoryEngine())) {
        return Optional.empty();
      }
      String directory = settings.rewriteDirectory().orElse("");
      if (directory.endsWith("/")
          && filename.isPresent()
          && filename.get().equals(directory.substring(0, directory.length() - 1))
          && !RewriteInheritance.options(program)
              .contains(RewriteInheritance.Option.ALLOW_NO_SLASH)) {
        // The directory itself without its trailing slash: left to mod_dir's redirect unless
        // RewriteOptions AllowNoSlash.
        trace.add(
            "rewrite (per-dir)",
            "directory without trailing slash: rules skipped (RewriteOptions AllowNoSlash is off)",
            program.rules().get(0).origin());
        return Optional.empty();
      }
      boolean symlinksAllowed =
          settings.options().isEmpty()
              || settings.options().stream()
                  .anyMatch(
                      o ->
                          (o.startsWith("+") || o.startsWith("-"))
                              ? !o.equalsIgnoreCase("-FollowSymLinks")
                              : o.equalsIgnoreCase("FollowSymLinks")
                                  || o.equalsIgnoreCase("SymLinksIfOwnerMatch")
                                  || o.equalsIgnoreCase("All"));
      if (!symlinksAllowed) {
        return Optional.of(
            respond(
                403,
                "per-directory rewriting needs Options FollowSymLinks or SymLinksIfOwnerMatch"));
      }
      String file = filename.orElse("") + pathInfo;
      String prefix = settings.rewriteDirectory().orElse("");
      String subject =
          !prefix.isEmpty() && file.startsWith(prefix) ? file.substring(prefix.length()) : file;
      RewriteOutcome outcome =
          RewriteEngine.run(
              program,
              new RewriteRequest(
                  subject,
                  query,
                  request.scheme(),
                  serverName,
                  serverPortNumber,
                  true,
                  relativeBase(program, prefix),
                  context.explain(),
                  depth > 0),
              variables(),
              plan.maps(),
              context.files());
      outcome.steps().forEach(step -> trace.add("rewrite (per-dir)", step));
      applyEnvironment(outcome.environment());
      applyResponseFlags(outcome);
      if (outcome.ended()) {
        rewritingEnded = true;
      }
      switch (outcome.kind()) {
        case REDIRECT -> {
          return Optional.of(
              new RoutingDecision.Redirect(
                  outcome.status(), outcome.location().orElseThrow(), facts(), trace.build()));
        }
        case STATUS -> {
          return Optional.of(respond(outcome.status(), "mod_rewrite answered " + outcome.status()));
        }
        case REWRITTEN -> {
          if (depth > 0) {
            // In a look-up the internal redirect would be the handler's job: it never happens.
            return Optional.empty();
          }
          String result = outcome.uri();
          String newUri;
          if (result.startsWith("/")) {
            newUri = result;
          } else if (program.base().isPresent()) {
            String base = program.base().get();
            newUri = base + (base.endsWith("/") ? "" : "/") + result;
          } else {
            String path = prefix + result;
            String root = documentRoot();
            String rootSlash = root.endsWith("/") ? root : root + "/";
            newUri = path.startsWith(rootSlash) ? path.substring(rootSlash.length() - 1) : path;
          }
          if ((prefix + result).equals(file)
              || (newUri.equals(uri) && outcome.query().equals(query))) {
            trace.add("rewrite (per-dir)", "result equals the current path: ignored");
            return Optional.empty();
          }
          return Optional.of(internalRedirect(newUri, outcome.query()));
        }
        default -> {
          return Optional.empty();
        }
      }
    }

    /** RewriteBase, or the directory's URL below DocumentRoot: what relative results hang off. */
    private String relativeBase(org.wsgi4j.model.RewriteProgram program, String prefix) {
      if (program.base().isPresent()) {
        String base = program.base().get();
        return base.endsWith("/") ? base : base + "/";
      }
      String root = documentRoot();
      String rootSlash = root.endsWith("/") ? root : root + "/";
      return prefix.startsWith(rootSlash) ? prefix.substring(rootSlash.length() - 1) : "/";
    }

    private RoutingDecision internalRedirect(String newUri, String newQuery) {
      if (++redirects > 10) {
        return respond(500, "Request exceeded the limit of 10 internal redirects");
      }
      trace.add(
          "redirect",
          "internal redirect to " + newUri + (newQuery.isEmpty() ? "" : "?" + newQuery));
      Map<String, String> previous = new LinkedHashMap<>(environment);
      environment.clear();
      // REDIRECT_URL and REDIRECT_QUERY_STRING are computed from the previous request when the
      // CGI variables are built, so httpd never renames them a second time.
      previous.forEach(
          (name, value) -> {
            if (!name.equals("REDIRECT_URL") && !name.equals("REDIRECT_QUERY_STRING")) {
              environment.put("REDIRECT_" + name, value);
            }
          });
      if (!newQuery.isEmpty()) {
        environment.put("REDIRECT_QUERY_STRING", newQuery);
      }
      environment.put("REDIRECT_URL", uri);
      environment.put("REDIRECT_STATUS", "200");
      user.ifPresent(u -> environment.put("REDIRECT_REMOTE_USER", u));
      uri = newUri;
      query = newQuery;
      originalUri = newUri;
      filename = Optional.empty();
      pathInfo = "";
      user = Optional.empty();
      authType = Optional.empty();
      forcedType = Optional.empty();
      forcedHandler = Optional.empty();
      Optional<RoutingDecision> rewritten = serverRewrite();
      return rewritten.orElseGet(this::map);
    }

    // ---- access, authentication --------------------------------------------------------------

    private Optional<RoutingDecision> checkAccess(EffectiveSettings settings) {
      AccessEvaluator access =
          new AccessEvaluator(
              request.remoteAddress(),
              request.localAddress(),
              request.method(),
              environment,
              context.resolver(),
              context.authenticator(),
              settings.auth().groupFile(),
              forUser -> wsgiGroups(settings, forUser));
      boolean hostAllowed =
          !settings.accessConfigured()
              || access.hostAccess(settings.order(), settings.allow(), settings.deny());
      if (!hostAllowed) {
        trace.add(
            "access",
            "Order " + settings.order() + ": client " + request.remoteAddress() + " denied");
      }
      // httpd's access checkers run in turn, mod_access_compat's first, then mod_wsgi's
      // WSGIAccessScript, until one forbids; the phase passes when none does (allow_access None
      // declines, which passes too). Recorded: serve/wsgi-access.
      boolean accessPasses = hostAllowed && accessScriptAllows(settings);
      boolean satisfyAny = settings.satisfy().equalsIgnoreCase("any");
      if (satisfyAny && accessPasses) {
        // Also without any Order/Allow/Deny: mod_access_compat then allows (recorded,
        // serve/wsgi-access any-noscript).
        trace.add("access", "Satisfy Any: the access checkers allow, no authentication");
        return Optional.empty();
      }
      if (!satisfyAny && !accessPasses) {
        return Optional.of(respond(403, "client denied by server configuration"));
      }
      Optional<String> type = settings.auth().type().filter(t -> !t.equalsIgnoreCase("None"));
      if (settings.authorization().isEmpty()) {
        if (type.isPresent() && !settings.anyAuthorization()) {
          return Optional.of(
              respond(500, "AuthType configured with no corresponding authorization directives"));
        }
        return Optional.empty();
      }
      AuthzRule.Result result = access.authorize(settings.authorization().get(), Optional.empty());
      trace.add("authz", () -> "Require without a user: " + result);
      if (result == AuthzRule.Result.GRANTED) {
        return Optional.empty();
      }
      if (result != AuthzRule.Result.DENIED_NO_USER) {
        return Optional.of(respond(403, RoutingDecision.Respond.AUTHORIZATION_DENIED));
      }
      if (type.isEmpty()) {
        return Optional.of(
            respond(
                500, "AuthType not set: a user is required but there is no way to authenticate"));
      }
      boolean digest = type.get().equalsIgnoreCase("Digest");
      if (!type.get().equalsIgnoreCase("Basic") && !digest) {
        return Optional.of(respond(500, "AuthType " + type.get() + " is not supported by wsgi4j"));
      }
      if (digest && !context.config().loadedModules().contains("mod_auth_digest.c")) {
        return Optional.of(
            respond(500, "AuthType Digest without mod_auth_digest: no module authenticates"));
      }
      if (settings.auth().realm().isEmpty()) {
        return Optional.of(respond(500, "AuthName not set"));
      }
      String realm = settings.auth().realm().get();
      if (digest) {
        return digestAuthentication(settings, access, realm);
      }
      Optional<String> header = request.header("Authorization");
      List<String> providers =
          settings.auth().basicProviders().isEmpty()
              ? List.of("file")
              : settings.auth().basicProviders();
      Optional<String> file = settings.auth().userFile();
      if (header.isEmpty()) {
        trace.add("authn", "no credentials");
        return Optional.of(new RoutingDecision.Challenge(realm, facts(), trace.build()));
      }
      // The common case, the file provider alone, goes straight to the user file (its cache of
      // accepted headers); without AuthUserFile it is mod_authn_file's general error, 500.
      boolean fileOnly =
          providers.size() == 1 && providers.get(0).equals("file") && file.isPresent();
      AuthenticationResult checked =
          fileOnly
              ? context.authenticator().authenticate(header.get(), file.get())
              : basicProviders(settings, providers, header.get());
      if (checked instanceof AuthenticationResult.Unavailable unavailable) {
        return Optional.of(
            respond(
                500,
                fileOnly
                    ? "Could not open password file: " + unavailable.detail()
                    : unavailable.detail()));
      }
      if (!(checked instanceof AuthenticationResult.Authenticated accepted)) {
        trace.add("authn", "credentials rejected: " + checked);
        Optional<String> refusal =
            checked instanceof AuthenticationResult.Rejected rejected
                ? Optional.of(
                    (rejected.reason() == AuthenticationResult.Reason.USER_NOT_FOUND
                            ? "AH01618: "
                            : "AH01617: ")
                        + rejected.logMessage(facts().uri()))
                : Optional.empty();
        return Optional.of(new RoutingDecision.Challenge(realm, facts(), trace.build(), refusal));
      }
      Optional<String> authenticated = Optional.of(accepted.user());
      trace.add("authn", () -> "user " + accepted.user() + " authenticated");
      AuthzRule.Result withUser = access.authorize(settings.authorization().get(), authenticated);
      trace.add("authz", () -> "Require with user " + accepted.user() + ": " + withUser);
      if (withUser != AuthzRule.Result.GRANTED) {
        return Optional.of(new RoutingDecision.Challenge(realm, facts(), trace.build()));
      }
      user = authenticated;
      authType = type;
      return Optional.empty();
    }

    /**
     * mod_auth_digest's check, in its order (recorded from httpd 2.4.71, serve kit {@code digest}):
     * an absent or unusable header (not Digest, a required field missing, a nonce not of httpd's
     * shape) gets the challenge; a {@code uri} that does not name this request 400; an {@code
     * opaque} (wsgi4j never sends one) a stale challenge; another realm, an algorithm other than
     * MD5, an unknown user, a qop other than {@code auth} or a wrong response the challenge; a
     * provider failure 500; and last a nonce that is not ours or too old a stale challenge, so that
     * a client with the right password retries without asking its user.
     */
    private Optional<RoutingDecision> digestAuthentication(
        EffectiveSettings settings, AccessEvaluator access, String realm) {
      DigestSettings digest = settings.auth().digestOrDefaults();
      Optional<String> header = request.header("Authorization");
      Optional<DigestCredentials> parsed =
          header.flatMap(DigestCredentials::parse).filter(c -> DigestNonces.wellFormed(c.nonce()));
      if (parsed.isEmpty()) {
        trace.add("authn", header.isEmpty() ? "no credentials" : "no usable Digest credentials");
        return Optional.of(digestChallenge(realm, digest, false));
      }
      DigestCredentials sent = parsed.get();
      int port = (int) CNumbers.atol(serverPort);
      if (!DigestUri.matches(
          sent.uri(), request.target(), serverName, port, request.secure() ? 443 : 80)) {
        return Optional.of(
            respond(
                400,
                "uri mismatch - <"
                    + sent.uri()
                    + "> does not match request-uri <"
                    + request.target()
                    + ">"));
      }
      if (sent.opaque().isPresent()) {
        trace.add("authn", "an opaque value wsgi4j never sent: stale");
        return Optional.of(digestChallenge(realm, digest, true));
      }
      if (!sent.realm().equals(realm)) {
        trace.add("authn", () -> "realm mismatch - got `" + sent.realm() + "'");
        return Optional.of(digestChallenge(realm, digest, false));
      }
      if (sent.algorithm().isPresent() && !sent.algorithm().get().equalsIgnoreCase("MD5")) {
        trace.add("authn", () -> "unsupported algorithm `" + sent.algorithm().get() + "'");
        return Optional.of(digestChallenge(realm, digest, false));
      }
      RealmHash hash = digestProviders(settings, digest, sent.username(), realm);
      if (hash instanceof RealmHash.Failed failed) {
        return Optional.of(respond(500, failed.detail()));
      }
      if (!(hash instanceof RealmHash.Found found)) {
        trace.add(
            "authn", () -> "user `" + sent.username() + "' in realm `" + realm + "' not found");
        return Optional.of(digestChallenge(realm, digest, false));
      }
      if (sent.qop().isEmpty() || !sent.qop().get().equalsIgnoreCase("auth")) {
        trace.add("authn", "qop missing or not auth");
        return Optional.of(digestChallenge(realm, digest, false));
      }
      if (!DigestResponse.verify(found.hash(), request.method(), sent)) {
        trace.add("authn", () -> "user " + sent.username() + ": password mismatch");
        return Optional.of(digestChallenge(realm, digest, false));
      }
      DigestNonces.Check nonce =
          context.digestNonces().check(sent.nonce(), realm, digest.nonceLifetimeSeconds());
      if (nonce != DigestNonces.Check.VALID) {
        trace.add("authn", () -> "nonce " + nonce + ": stale");
        return Optional.of(digestChallenge(realm, digest, true));
      }
      Optional<String> authenticated = Optional.of(sent.username());
      trace.add("authn", () -> "user " + sent.username() + " authenticated (Digest)");
      AuthzRule.Result withUser = access.authorize(settings.authorization().get(), authenticated);
      trace.add("authz", () -> "Require with user " + sent.username() + ": " + withUser);
      if (withUser != AuthzRule.Result.GRANTED) {
        return Optional.of(digestChallenge(realm, digest, false));
      }
      user = authenticated;
      // mod_auth_digest names the type itself, whatever case AuthType was written in.
      authType = Optional.of("Digest");
      return Optional.empty();
    }

    private RoutingDecision digestChallenge(String realm, DigestSettings digest, boolean stale) {
      return new RoutingDecision.Challenge(
          realm,
          Optional.of(
              new RoutingDecision.DigestChallenge(
                  context.digestNonces().issue(realm), digest.domain(), stale)),
          facts(),
          trace.build());
    }

    /**
     * mod_auth_digest's {@code get_hash}: each provider of AuthDigestProvider ({@code file} when
     * none is named) until one knows the user; a failure stops the loop.
     */
    private RealmHash digestProviders(
        EffectiveSettings settings, DigestSettings digest, String sentUser, String realm) {
      List<String> providers = digest.providers().isEmpty() ? List.of("file") : digest.providers();
      for (String provider : providers) {
        RealmHash result =
            switch (provider.toLowerCase(Locale.ROOT)) {
              case "file" ->
                  settings
                      .auth()
                      .userFile()
                      .map(f -> context.authenticator().realmHash(sentUser, realm, f))
                      .orElseGet(() -> new RealmHash.Failed("AuthUserFile not specified"));
              case "wsgi" -> wsgiRealmHash(settings, sentUser, realm);
              default ->
                  new RealmHash.Failed(
                      "AuthDigestProvider " + provider + " is not implemented by wsgi4j");
            };
        trace.add("authn", () -> "provider " + provider + ": " + result);
        if (!(result instanceof RealmHash.NotFound)) {
          return result;
        }
      }
      return new RealmHash.NotFound();
    }

    /** The {@code wsgi} provider: {@code get_realm_hash} of the WSGIAuthUserScript in force. */
    private RealmHash wsgiRealmHash(EffectiveSettings settings, String sentUser, String realm) {
      Optional<WsgiAuthScript> script = settings.auth().userScript();
      if (script.isEmpty()) {
        return new RealmHash.Failed("Location of WSGI user authentication script not provided.");
      }
      trace.add(
          "authn",
          () -> "WSGIAuthUserScript " + script.get().script() + ": get_realm_hash",
          script.get().origin());
      RealmHash answer =
          context.authScripts().realmHash(authScriptCall(settings, script.get()), sentUser, realm);
      return answer instanceof RealmHash.Failed failed
          ? new RealmHash.Failed(
              "WSGIAuthUserScript " + script.get().script() + ": " + failed.detail())
          : answer;
    }

    /**
     * mod_auth_basic's provider loop over {@code AuthBasicProvider a b ...}: each provider in turn
     * until one does not answer "user not found"; a wrong password stops the loop (401), a general
     * error answers 500. The header is parsed once, before any provider runs.
     */
    private AuthenticationResult basicProviders(
        EffectiveSettings settings, List<String> providers, String header) {
      Optional<BasicCredentials> credentials = BasicCredentials.parse(header);
      if (credentials.isEmpty()) {
        return new AuthenticationResult.Rejected("", AuthenticationResult.Reason.USER_NOT_FOUND);
      }
      String sent = credentials.get().user();
      for (String provider : providers) {
        AuthenticationResult result =
            switch (provider.toLowerCase(Locale.ROOT)) {
              case "file" ->
                  settings
                      .auth()
                      .userFile()
                      .map(f -> context.authenticator().authenticate(header, f))
                      .orElseGet(
                          () -> new AuthenticationResult.Unavailable("AuthUserFile not specified"));
              case "wsgi" -> wsgiProvider(settings, credentials.get());
              default ->
                  new AuthenticationResult.Unavailable(
                      "AuthBasicProvider " + provider + " is not implemented by wsgi4j");
            };
        trace.add("authn", () -> "provider " + provider + ": " + result);
        if (!(result instanceof AuthenticationResult.Rejected rejected)
            || rejected.reason() != AuthenticationResult.Reason.USER_NOT_FOUND) {
          return result;
        }
      }
      return new AuthenticationResult.Rejected(sent, AuthenticationResult.Reason.USER_NOT_FOUND);
    }

    /** The {@code wsgi} provider: {@code check_password} of the WSGIAuthUserScript in force. */
    private AuthenticationResult wsgiProvider(
        EffectiveSettings settings, BasicCredentials credentials) {
      Optional<WsgiAuthScript> script = settings.auth().userScript();
      if (script.isEmpty()) {
        return new AuthenticationResult.Unavailable(
            "Location of WSGI user authentication script not provided.");
      }
      trace.add(
          "authn",
          () -> "WSGIAuthUserScript " + script.get().script() + ": check_password",
          script.get().origin());
      String sent = credentials.user();
      WsgiAuthScripts.PasswordCheck answer =
          context
              .authScripts()
              .checkPassword(
                  authScriptCall(settings, script.get()),
                  sent,
                  new String(credentials.passwordBytes(), StandardCharsets.ISO_8859_1));
      if (answer instanceof WsgiAuthScripts.PasswordCheck.Granted granted) {
        return new AuthenticationResult.Authenticated(granted.replacementUser().orElse(sent));
      }
      if (answer instanceof WsgiAuthScripts.PasswordCheck.Denied) {
        return new AuthenticationResult.Rejected(
            sent, AuthenticationResult.Reason.PASSWORD_MISMATCH);
      }
      if (answer instanceof WsgiAuthScripts.PasswordCheck.UserNotFound) {
        return new AuthenticationResult.Rejected(sent, AuthenticationResult.Reason.USER_NOT_FOUND);
      }
      String detail = ((WsgiAuthScripts.PasswordCheck.Failed) answer).detail();
      return new AuthenticationResult.Unavailable(
          "WSGIAuthUserScript " + script.get().script() + ": " + detail);
    }

    /**
     * mod_wsgi's access checker: {@code allow_access(environ, host)} of the WSGIAccessScript in
     * force. True and None let the request pass; False, any other answer and any failure forbid.
     */
    private boolean accessScriptAllows(EffectiveSettings settings) {
      Optional<WsgiAuthScript> script = settings.auth().accessScript();
      if (script.isEmpty()) {
        return true;
      }
      WsgiAuthScripts.AccessCheck answer =
          context
              .authScripts()
              .allowAccess(authScriptCall(settings, script.get()), request.remoteAddress());
      trace.add(
          "access",
          () -> "WSGIAccessScript " + script.get().script() + ": allow_access = " + answer,
          script.get().origin());
      return answer instanceof WsgiAuthScripts.AccessCheck.Allowed
          || answer instanceof WsgiAuthScripts.AccessCheck.Declined;
    }

    /** {@code Require wsgi-group}: the groups {@code groups_for_user} returns for a user. */
    private WsgiAuthScripts.GroupLookup wsgiGroups(EffectiveSettings settings, String forUser) {
      Optional<WsgiAuthScript> script = settings.auth().groupScript();
      if (script.isEmpty()) {
        trace.add("authz", "Require wsgi-group: no WSGIAuthGroupScript, denied");
        return new WsgiAuthScripts.GroupLookup.Failed(
            "Location of WSGI group authorization script not provided.");
      }
      WsgiAuthScripts.GroupLookup answer =
          context.authScripts().groupsForUser(authScriptCall(settings, script.get()), forUser);
      trace.add(
          "authz",
          () ->
              "WSGIAuthGroupScript "
                  + script.get().script()
                  + ": groups_for_user("
                  + forUser
                  + ") = "
                  + answer,
          script.get().origin());
      return answer;
    }

    /**
     * The call of an auth script with mod_wsgi's cut-down environ: request headers (without
     * Authorization and Proxy-Authorization; names with characters other than letters, digits and
     * {@code -} dropped) and the CGI basics, but none of the request's environment variables, so
     * that SetEnv (an .htaccess file) cannot feed an auth script.
     */
    private WsgiAuthScripts.Call authScriptCall(EffectiveSettings settings, WsgiAuthScript script) {
      String group =
          script
              .applicationGroup()
              .map(g -> g.equals("%{GLOBAL}") || g.equals("%{SERVER}") ? expandGroup(g, "") : g)
              .orElse("");
      Map<String, String> env = new LinkedHashMap<>();
      for (Map.Entry<String, String> field : request.headers()) {
        String name = field.getKey();
        String key;
        if (name.equalsIgnoreCase("Content-Type")) {
          key = "CONTENT_TYPE";
        } else if (name.equalsIgnoreCase("Content-Length")) {
          key = "CONTENT_LENGTH";
        } else if (name.equalsIgnoreCase("Authorization")
            || name.equalsIgnoreCase("Proxy-Authorization")) {
          continue;
        } else {
          Optional<String> cgi = cgiHeaderName(name);
          if (cgi.isEmpty()) {
            continue;
          }
          key = cgi.get();
        }
        env.merge(key, field.getValue(), (a, b) -> a + ", " + b);
      }
      env.put("SERVER_SIGNATURE", "");
      env.put("SERVER_NAME", serverName);
      env.put("SERVER_ADDR", request.localAddress());
      env.put("SERVER_PORT", serverPort);
      env.put("REMOTE_ADDR", request.remoteAddress());
      env.put("DOCUMENT_ROOT", documentRoot());
      env.put("SERVER_ADMIN", "[no address given]");
      env.put("REMOTE_PORT", Integer.toString(request.remotePort()));
      env.put("SERVER_PROTOCOL", request.protocol());
      env.put("REQUEST_METHOD", request.method());
      env.put("QUERY_STRING", query);
      env.put("REQUEST_URI", request.target());
      boolean withPathInfo = !pathInfo.isEmpty() && uri.endsWith(pathInfo);
      env.put(
          "SCRIPT_NAME", withPathInfo ? uri.substring(0, uri.length() - pathInfo.length()) : uri);
      env.put("PATH_INFO", withPathInfo ? pathInfo : "");
      env.put("mod_wsgi.process_group", "");
      env.put("mod_wsgi.application_group", group);
      return new WsgiAuthScripts.Call(
          script.script(),
          group,
          settings.wsgi().scriptReloading().orElse(true),
          request.secure(),
          ImmutableMap.copyOf(env));
    }

    /** mod_wsgi's {@code wsgi_http2env}: HTTP_ + upper case, '-' as '_', anything else drops. */
    private static Optional<String> cgiHeaderName(String name) {
      StringBuilder key = new StringBuilder("HTTP_");
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
          key.append(Character.toUpperCase(c));
        } else if (c == '-') {
          key.append('_');
        } else {
          return Optional.empty();
        }
      }
      return Optional.of(key.toString());
    }

    // ---- environment ---------------------------------------------------------------------------

    private void applyEnvironment(List<String> changes) {
      for (String change : changes) {
        if (change.startsWith("!")) {
          environment.remove(change.substring(1));
        } else {
          int equals = change.indexOf('=');
          environment.put(change.substring(0, equals), change.substring(equals + 1));
        }
      }
    }

    /** [CO], [T] and [H] of the rules that applied, and the headers they vary on. */
    private void applyResponseFlags(RewriteOutcome outcome) {
      for (String header : outcome.vary()) {
        if (vary.putIfAbsent(header.toLowerCase(Locale.ROOT), header) == null) {
          trace.add("rewrite", () -> "a condition read " + header + ": Vary: " + header);
        }
      }
      for (FlagValue spec : outcome.cookies()) {
        Optional<RewriteCookie> cookie = RewriteCookie.parse(spec.value(), java.time.Instant.now());
        if (cookie.isEmpty()) {
          trace.add(
              "rewrite", () -> "[CO=" + spec.value() + "] has no domain: no cookie", spec.origin());
        } else if (cookies.containsKey(cookie.get().name())) {
          trace.add(
              "rewrite",
              () -> "[CO] cookie " + cookie.get().name() + " was already set: skipped",
              spec.origin());
        } else {
          cookies.put(cookie.get().name(), cookie.get().header());
          trace.add("rewrite", () -> "Set-Cookie: " + cookie.get().header(), spec.origin());
        }
      }
      outcome
          .forcedType()
          .ifPresent(
              type -> {
                forcedType = Optional.of(type.value());
                trace.add("rewrite", () -> "[T] Content-Type " + type.value(), type.origin());
              });
      outcome
          .forcedHandler()
          .ifPresent(
              handler -> {
                forcedHandler = Optional.of(handler.value());
                forcedHandlerOrigin = handler.origin();
                trace.add("rewrite", () -> "[H] handler " + handler.value(), handler.origin());
              });
    }

    private void applyEnvironmentRules(EffectiveSettings settings) {
      for (EnvRule rule : settings.environment()) {
        if (rule instanceof EnvRule.SetIf setIf) {
          EnvironmentRules.setIf(setIf, request, uri, environment);
        }
      }
      for (EnvRule rule : settings.environment()) {
        if (rule instanceof EnvRule.Set set) {
          environment.put(set.name(), set.value());
        } else if (rule instanceof EnvRule.Unset unset) {
          unset.names().forEach(environment::remove);
        } else if (rule instanceof EnvRule.Pass pass) {
          for (String name : pass.names()) {
            String value = context.processEnvironment().get(name);
            if (value != null) {
              environment.put(name, value);
            }
          }
        }
      }
    }

    private RewriteVariables variables() {
      return new RequestVariables(
          request,
          () -> uri,
          () -> filename.map(f -> f + pathInfo).orElse(uri),
          () -> query,
          serverName,
          serverPort,
          this::documentRoot,
          environment,
          context.processEnvironment(),
          lookaheads,
          depth > 0);
    }

    /** The facts of an answer that keeps mod_rewrite's Vary: the application's or a file's. */
    private RouteFacts answerFacts() {
      return facts(ImmutableList.copyOf(vary.values()));
    }

    private RouteFacts facts() {
      return facts(ImmutableList.of());
    }

    private RouteFacts facts(ImmutableList<String> varyHeaders) {
      return new RouteFacts(
          host == null ? Optional.empty() : host.serverName(),
          serverName,
          serverPort,
          uri,
          query,
          filename,
          pathInfo,
          ImmutableMap.copyOf(environment),
          user,
          authType,
          ImmutableList.copyOf(cookies.values()),
          forcedType,
          varyHeaders,
          mime);
    }

    private RoutingDecision respond(int status, String reason) {
      trace.add("response", () -> status + " " + reason);
      return new RoutingDecision.Respond(status, reason, facts(), trace.build());
    }
  }
}
