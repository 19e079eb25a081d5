package org.wsgi4j.lint;

import java.util.Optional;
import org.wsgi4j.source.Severity;

/**
 * The stable codes of the semantic lint rules. They continue {@link
 * org.wsgi4j.source.DiagnosticCode}'s numbering (0 syntax, 1 directives, 2 cross-references) with
 * stage 3 (warnings) and 4 (infos); identifiers never collide with DiagnosticCode's, never change
 * meaning and are never reused. Each has a page {@code docs/lint/<ID>.md}. No lint rule is an
 * error: errors are reserved for what makes httpd refuse to start.
 */
public enum LintCode {
  // ---- WSGI applications and daemon processes ----
  W301("daemon-unused", "A WSGIDaemonProcess that no WSGIProcessGroup or process-group= uses"),
  W302(
      "interpreter-shared-settings",
      "Two WSGI scripts that set DJANGO_SETTINGS_MODULE run in one Python interpreter"),
  W303(
      "settings-setdefault-shared-process",
      "A script uses os.environ.setdefault for DJANGO_SETTINGS_MODULE in a shared process"),
  W304(
      "maximum-requests-without-graceful-timeout",
      "maximum-requests recycles the daemon without graceful-timeout, cutting off requests"),
  W305(
      "process-group-not-accessible",
      "WSGIProcessGroup names a daemon defined in another virtual host"),
  W306("script-runs-embedded", "A WSGI script runs embedded although its host defines a daemon"),
  W307(
      "application-group-from-request",
      "The application group comes from request data: one interpreter per distinct value"),
  W308(
      "pass-authorization-with-basic-auth",
      "WSGIPassAuthorization On where httpd does Basic auth hands users' passwords to the app"),
  W309("script-in-document-root", "A WSGI script lies under DocumentRoot and can be downloaded"),
  W310("document-root-has-scripts", "DocumentRoot holds .wsgi/.py files that are served as text"),
  W311("indexes-on-script-directory", "Options Indexes on a directory that holds WSGI scripts"),
  W312(
      "script-alias-trailing-slash", "WSGIScriptAlias URL ends in '/': the bare URL is not mapped"),
  W313("script-alias-shadowed", "A WSGIScriptAlias that an earlier alias always matches first"),
  W314("script-alias-match-unanchored", "WSGIScriptAliasMatch regex does not start with '^'"),
  W315(
      "script-chosen-by-url",
      "WSGIScriptAliasMatch lets the URL pick any file of a directory as the script"),
  // ---- mod_rewrite ----
  W320("rewrite-engine-not-on", "RewriteRule in a scope where RewriteEngine is never On"),
  W321("rewrite-rule-unreachable", "RewriteRule after an unconditional catch-all [L] rule"),
  W322(
      "rewrite-needs-passthrough",
      "Server-context rewrite to a WSGIScriptAlias/Alias URL without [PT]"),
  W323("rewrite-redirect-without-last", "[R] without [L]: later rules still rewrite the target"),
  W324("rewrite-pattern-query-string", "RewriteRule pattern tries to match the query string"),
  W325(
      "rewrite-directory-leading-slash",
      "RewriteRule pattern '^/' in <Directory>: per-directory paths have no leading slash"),
  W326("rewrite-cond-dangling", "RewriteCond with no RewriteRule after it: it is ignored"),
  W327("regex-catastrophic-backtracking", "Regex with nested quantifiers backtracks exponentially"),
  // ---- authentication and access control ----
  W330("auth-pattern-end-anchored", "Auth LocationMatch ends in '$': '/x/' and '/x/sub' escape"),
  W331("auth-location-trailing-slash", "Auth <Location /x/> does not cover '/x' itself"),
  W332("authtype-without-require", "AuthType without any Require: nobody is asked to log in"),
  W333("require-without-authtype", "Require valid-user/user/group without AuthType: 500"),
  W334("authname-missing", "AuthType Basic/Digest without AuthName: 500"),
  W335("auth-user-file-unset", "Basic/Digest auth with the file provider but no AuthUserFile: 500"),
  W336("require-all-granted-with-auth", "Require all granted next to a user Require: auth is moot"),
  W337("htpasswd-plaintext", "AuthUserFile entry with a plaintext or empty password"),
  W338("htpasswd-weak-hash", "AuthUserFile entry hashed with unsalted SHA-1 or DES crypt"),
  W339("auth-file-in-document-root", "AuthUserFile/AuthGroupFile under DocumentRoot"),
  W340("access-compat-mixed", "Order/Allow/Deny and Require in one section"),
  W341("satisfy-any-allow-all", "Satisfy Any with Allow from all: authentication is skipped"),
  W342(
      "auth-pattern-case",
      "Auth Location compares case-sensitively where the app is served under other spellings"),
  // ---- hosts and protocol ----
  W350("trace-enable-on", "TraceEnable On/extended"),
  W351("allow-encoded-slashes-on", "AllowEncodedSlashes On decodes %2F before path matching"),
  W352("directory-missing", "<Directory> for a path that does not exist"),
  W353("location-is-file-path", "<Location> given a file-system path"),
  W354("server-name-duplicate", "A ServerName/ServerAlias already used by an earlier vhost"),
  W355("vhost-unreachable", "A virtual host whose every name an earlier one already takes"),
  W356("env-http-prefix", "Configuration sets an HTTP_* variable that a client header can fake"),
  // ---- information ----
  I401("auth-pattern-unanchored", "Auth LocationMatch without '^' matches at any depth"),
  I402("auth-file-world-readable", "AuthUserFile readable by every local user"),
  I403("access-compat-deprecated", "Order/Allow/Deny are httpd 2.2 syntax"),
  I404("setenv-not-in-os-environ", "SetEnv of a variable the script reads from os.environ"),
  I405("vhost-without-server-name", "Name-based vhost without ServerName"),
  I406("threads-without-gil", "Daemon threads run Python truly in parallel on Jython (no GIL)"),
  I407(
      "rewrite-option-no-effect",
      "A RewriteOptions word that changes nothing in wsgi4j (AllowAnyURI, IgnoreContextInfo, ...)");

  private final String slug;
  private final String summary;

  LintCode(String slug, String summary) {
    this.slug = slug;
    this.summary = summary;
  }

  public String id() {
    return name();
  }

  public String slug() {
    return slug;
  }

  /** One line for tables and SARIF rule descriptions. */
  public String summary() {
    return summary;
  }

  /** W codes are warnings, I codes infos; there are no error lint codes. */
  public Severity defaultSeverity() {
    return name().startsWith("I") ? Severity.INFO : Severity.WARNING;
  }

  /** The docs page, relative to the repository root. */
  public String docPath() {
    return "docs/lint/" + name() + ".md";
  }

  public static Optional<LintCode> byId(String id) {
    for (LintCode code : values()) {
      if (code.name().equalsIgnoreCase(id) || code.slug.equalsIgnoreCase(id)) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }
}
