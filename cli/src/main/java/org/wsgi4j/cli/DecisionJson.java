package org.wsgi4j.cli;

import com.google.common.base.Splitter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.model.FileEtag;
import org.wsgi4j.routing.MimeFacts;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.RouteFacts;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.Trace;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.servlet.StaticFileHeaders;

/**
 * A routing decision as the JSON object {@code wsgi4j route --json} prints. Field names are part of
 * the command's interface: scripts read them.
 */
final class DecisionJson {
  private static final Splitter PARAMETERS = Splitter.on(';').trimResults();

  private DecisionJson() {}

  /** The decision kind: wsgi, static, pass, redirect, status or challenge. */
  static String kind(RoutingDecision decision) {
    if (decision instanceof RoutingDecision.Dispatch) {
      return "wsgi";
    } else if (decision instanceof RoutingDecision.StaticFile) {
      return "static";
    } else if (decision instanceof RoutingDecision.PassThrough) {
      return "pass";
    } else if (decision instanceof RoutingDecision.Redirect) {
      return "redirect";
    } else if (decision instanceof RoutingDecision.Challenge) {
      return "challenge";
    } else {
      return "status";
    }
  }

  static Map<String, Object> toMap(RequestView request, RoutingDecision decision) {
    RouteFacts facts = decision.facts();
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("method", request.method());
    object.put("target", request.target());
    object.put("decision", kind(decision));
    object.put("status", decision.status());
    object.put(
        "reason", decision instanceof RoutingDecision.Respond respond ? respond.reason() : null);
    object.put(
        "location",
        decision instanceof RoutingDecision.Redirect redirect ? redirect.location() : null);
    object.put("vhost", facts.virtualHost().orElse(null));
    object.put("server_name", facts.serverName());
    object.put("server_port", facts.serverPort());
    object.put("uri", facts.uri());
    object.put("args", facts.query());
    object.put(
        "filename",
        decision instanceof RoutingDecision.StaticFile file
            ? file.file()
            : facts.filename().orElse(null));
    object.put("path_info", facts.pathInfo());
    object.put("env", new LinkedHashMap<>(facts.environment()));
    object.put(
        "wsgi",
        decision instanceof RoutingDecision.Dispatch dispatch ? wsgi(dispatch.target()) : null);
    object.put("auth", auth(decision));
    // Response headers from RewriteRule [CO] (every answer) and [T] (static files only).
    object.put("set_cookie", new java.util.ArrayList<>(facts.setCookies()));
    object.put(
        "content_type",
        decision instanceof RoutingDecision.StaticFile ? facts.forcedType().orElse(null) : null);
    // The Vary that RewriteCond header reads add (the router leaves it out where httpd drops it).
    object.put("vary", facts.vary().isEmpty() ? null : String.join(",", facts.vary()));
    object.put("mime", mime(decision));
    object.put("trace", trace(decision.trace()));
    return object;
  }

  /**
   * The content metadata the answer gets from the configuration: for a static file the headers
   * httpd's default handler sends (type, charset, encoding, language) and the ETag's form; for a
   * WSGI answer the charset {@code AddDefaultCharset} adds to a text type and the language mod_mime
   * gives the script file. Null where nothing applies.
   */
  private static Map<String, Object> mime(RoutingDecision decision) {
    MimeFacts mime = decision.facts().mime();
    Map<String, Object> object = new LinkedHashMap<>();
    if (decision instanceof RoutingDecision.StaticFile file) {
      String name = file.file().substring(file.file().lastIndexOf('/') + 1);
      StaticFileHeaders headers = StaticFileHeaders.of(name, mime, decision.facts().forcedType());
      object.put("content_type", headers.contentType().orElse(null));
      object.put("charset", headers.contentType().flatMap(DecisionJson::charset).orElse(null));
      object.put("encoding", headers.encoding().orElse(null));
      object.put("language", languages(headers.languages()));
      object.put("etag", etag(mime.etagComponents()));
      return object;
    }
    if (decision instanceof RoutingDecision.Dispatch dispatch) {
      String script = dispatch.target().scriptFilename();
      String language =
          languages(
              mime.describe(script.substring(script.lastIndexOf('/') + 1), extension -> null)
                  .languages());
      if (mime.defaultCharset().isEmpty() && language == null) {
        return null;
      }
      object.put("default_charset", mime.defaultCharset().orElse(null));
      object.put("language", language);
      return object;
    }
    return null;
  }

  private static String languages(List<String> languages) {
    return languages.isEmpty() ? null : String.join(",", languages);
  }

  private static Optional<String> charset(String contentType) {
    for (String trimmed : PARAMETERS.split(contentType)) {
      if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
        return Optional.of(trimmed.substring(8));
      }
    }
    return Optional.empty();
  }

  /**
   * The ETag's form as FileETag names its parts: {@code None}, {@code Digest} or the components.
   */
  private static String etag(int components) {
    if (components == 0) {
      return "None";
    }
    if ((components & FileEtag.DIGEST) != 0) {
      return "Digest";
    }
    List<String> parts = new ArrayList<>();
    if ((components & FileEtag.INODE) != 0) {
      parts.add("INode");
    }
    if ((components & FileEtag.MTIME) != 0) {
      parts.add("MTime");
    }
    if ((components & FileEtag.SIZE) != 0) {
      parts.add("Size");
    }
    return String.join(" ", parts);
  }

  private static Map<String, Object> wsgi(WsgiTarget target) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("script", target.scriptFilename());
    object.put("SCRIPT_NAME", target.scriptName());
    object.put("PATH_INFO", target.pathInfo());
    object.put("process_group", target.processGroup());
    object.put("application_group", target.applicationGroup());
    object.put("callable_object", target.callableObject());
    object.put("pass_authorization", target.passAuthorization());
    return object;
  }

  /**
   * A challenge (type Basic, the realm, no user) or an authenticated user (the configured AuthType
   * and the user; the realm is not part of the router's facts), otherwise null.
   */
  private static Map<String, Object> auth(RoutingDecision decision) {
    RouteFacts facts = decision.facts();
    Map<String, Object> object = new LinkedHashMap<>();
    if (decision instanceof RoutingDecision.Challenge challenge) {
      object.put("type", "Basic");
      object.put("realm", challenge.realm());
      object.put("user", null);
      return object;
    }
    if (facts.user().isEmpty()) {
      return null;
    }
    object.put("type", facts.authType().orElse(null));
    object.put("realm", null);
    object.put("user", facts.user().get());
    return object;
  }

  private static List<Map<String, Object>> trace(Trace trace) {
    List<Map<String, Object>> steps = new ArrayList<>();
    for (Trace.Step step : trace.steps()) {
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("stage", step.stage());
      object.put("detail", step.detail());
      boolean known = step.origin().isPresent() && !step.origin().get().isSynthetic();
      object.put("file", known ? step.origin().get().file().toString() : null);
      object.put("line", known ? step.origin().get().line() : null);
      steps.add(object);
    }
    return steps;
  }
}
