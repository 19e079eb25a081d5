package org.wsgi4j.routing;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.wsgi4j.files.FileSystemView;
import org.wsgi4j.model.AliasMapping;
import org.wsgi4j.model.WsgiScriptAlias;

/**
 * The translate_name step after mod_rewrite: Alias and AliasMatch first (mod_alias runs before
 * mod_wsgi, so a matching Alias wins whatever the file order), then WSGIScriptAlias and
 * WSGIScriptAliasMatch, first match wins, the virtual host's before the main server's.
 */
final class ScriptMapper {
  private ScriptMapper() {}

  /** A URL mapped to a file by Alias or AliasMatch. */
  record AliasResult(AliasMapping alias, String filename) {}

  /** A URL mapped to a WSGI script alias, before the script file is looked up. */
  record ScriptResult(WsgiScriptAlias alias, String filename, String target, int consumed) {}

  static Optional<AliasResult> alias(List<AliasMapping> aliases, String uri) {
    for (AliasMapping alias : aliases) {
      if (alias.regex().isPresent()) {
        Matcher matcher = alias.regex().get().pattern().matcher(uri);
        if (matcher.find()) {
          return Optional.of(new AliasResult(alias, substitute(alias.target(), matcher)));
        }
        continue;
      }
      int consumed = aliasMatches(uri, alias.urlPattern());
      if (consumed > 0) {
        return Optional.of(new AliasResult(alias, alias.target() + uri.substring(consumed)));
      }
    }
    return Optional.empty();
  }

  static Optional<ScriptResult> script(List<WsgiScriptAlias> aliases, String uri) {
    for (WsgiScriptAlias alias : aliases) {
      if (alias.regex().isPresent()) {
        Matcher matcher = alias.regex().get().pattern().matcher(uri);
        if (matcher.find() && matcher.end() > 0) {
          String target = substitute(alias.script(), matcher);
          return Optional.of(
              new ScriptResult(
                  alias, target + uri.substring(matcher.end()), target, matcher.end()));
        }
        continue;
      }
      int consumed = aliasMatches(uri, alias.urlPattern());
      if (consumed > 0) {
        String filename =
            alias.urlPattern().equals("/")
                ? alias.script() + uri
                : alias.script() + uri.substring(consumed);
        return Optional.of(new ScriptResult(alias, filename, alias.script(), consumed));
      }
    }
    return Optional.empty();
  }

  /**
   * mod_alias's {@code alias_matches}: literal comparison, except that a run of '/' in the alias
   * matches a run in the URI; the alias must end at a segment boundary. Returns the number of URI
   * characters matched, 0 for no match.
   */
  static int aliasMatches(String uri, String alias) {
    int a = 0;
    int u = 0;
    while (a < alias.length()) {
      if (alias.charAt(a) == '/') {
        if (u >= uri.length() || uri.charAt(u) != '/') {
          return 0;
        }
        while (a < alias.length() && alias.charAt(a) == '/') {
          a++;
        }
        while (u < uri.length() && uri.charAt(u) == '/') {
          u++;
        }
      } else {
        if (u >= uri.length() || uri.charAt(u) != alias.charAt(a)) {
          return 0;
        }
        a++;
        u++;
      }
    }
    if (alias.charAt(alias.length() - 1) != '/' && u < uri.length() && uri.charAt(u) != '/') {
      return 0;
    }
    return u;
  }

  /** httpd's {@code ap_pregsub}: {@code $0}-{@code $9} (and {@code &}? no), {@code \} escapes. */
  static String substitute(String template, Matcher matcher) {
    if (template.indexOf('$') < 0 && template.indexOf('\\') < 0) {
      // Nothing to substitute: the template is the result (a script path usually).
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 16);
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '\\' && i + 1 < template.length()) {
        out.append(template.charAt(++i));
      } else if (c == '$'
          && i + 1 < template.length()
          && Character.isDigit(template.charAt(i + 1))) {
        int group = template.charAt(++i) - '0';
        if (group <= matcher.groupCount() && matcher.group(group) != null) {
          out.append(matcher.group(group));
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The script file and PATH_INFO, or the status httpd answers. */
  record ScriptFile(Optional<String> file, String pathInfo, int status, String reason) {}

  /**
   * Finds the script for a mapped filename. wsgi4j maps only the exact script file: where httpd
   * would append the rest of the URL to the script's name ({@code /alpha.bak} running a leftover
   * {@code trac.wsgi.bak}), the rest must start at a '/' boundary, else 404.
   */
  static ScriptFile locate(ScriptResult mapped, FileSystemView files) {
    String target = mapped.target();
    String filename = mapped.filename();
    String trimmedTarget = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    if (filename.length() > trimmedTarget.length()
        && filename.charAt(trimmedTarget.length()) == '/'
        && filename.startsWith(trimmedTarget)
        && files.isRegularFile(trimmedTarget)) {
      // The usual case, decided with one look-up: below a regular file nothing exists (the path
      // resolution fails with ENOTDIR), so the walk below would end at the target itself.
      return new ScriptFile(
          Optional.of(trimmedTarget), filename.substring(trimmedTarget.length()), 0, "");
    }
    // httpd's directory walk: the longest prefix of the filename, at '/' boundaries, that exists.
    String script = null;
    String probe = filename;
    while (probe.length() > 1 && probe.endsWith("/")) {
      probe = probe.substring(0, probe.length() - 1);
    }
    while (true) {
      if (files.isRegularFile(probe)) {
        script = probe;
        break;
      }
      if (files.isDirectory(probe)) {
        break;
      }
      int slash = probe.lastIndexOf('/');
      if (slash <= 0) {
        break;
      }
      probe = filename.substring(0, slash);
    }
    if (script == null) {
      if (files.isDirectory(filename)) {
        return new ScriptFile(
            Optional.empty(), "", 403, "Attempt to invoke directory as WSGI application");
      }
      return new ScriptFile(
          Optional.empty(), "", 404, "Target WSGI script not found or unable to stat: " + filename);
    }
    boolean exact =
        script.equals(trimmedTarget)
            || script.startsWith(trimmedTarget + "/")
            || trimmedTarget.startsWith(script + "/");
    if (!exact) {
      // httpd would run a file whose name merely extends the script's (trac.wsgi.bak for
      // /alpha.bak); wsgi4j maps only the script itself or files inside a script directory.
      return new ScriptFile(
          Optional.empty(),
          "",
          404,
          "Target WSGI script not found (only the exact script file is mapped)");
    }
    return new ScriptFile(Optional.of(script), filename.substring(script.length()), 0, "");
  }
}
