package org.wsgi4j.routing;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.auth.RealmHash;

/**
 * Runs mod_wsgi's auth scripts for the router: {@code check_password} of a WSGIAuthUserScript (the
 * {@code wsgi} provider of AuthBasicProvider), {@code groups_for_user} of a WSGIAuthGroupScript
 * ({@code Require wsgi-group}) and {@code allow_access} of a WSGIAccessScript. The router stays
 * pure: it builds the call and maps the answer to httpd's authn/authz results; the WSGI runtime
 * implements this. Implementations must be thread-safe and must not throw: a failure of the script
 * is an answer ({@link PasswordCheck.Failed}, {@link GroupLookup.Failed}).
 */
public interface WsgiAuthScripts {

  /**
   * One call of an auth script.
   *
   * @param script the script file
   * @param applicationGroup the interpreter to run it in ({@code ""} for %{GLOBAL})
   * @param scriptReloading WSGIScriptReloading of the request: reload the script when it changed
   * @param secure whether the connection is TLS ({@code mod_ssl.is_https()})
   * @param environ the string entries of mod_wsgi's cut-down auth environ (request headers without
   *     Authorization, CGI basics, {@code mod_wsgi.*} names); the runtime adds its objects ({@code
   *     wsgi.errors}, version tuples, {@code mod_ssl.*} callables)
   */
  record Call(
      String script,
      String applicationGroup,
      boolean scriptReloading,
      boolean secure,
      ImmutableMap<String, String> environ) {
    public Call {
      Objects.requireNonNull(script, "script");
      Objects.requireNonNull(applicationGroup, "applicationGroup");
      Objects.requireNonNull(environ, "environ");
    }
  }

  /** What {@code check_password(environ, user, password)} answered, as an httpd authn status. */
  sealed interface PasswordCheck {
    /** {@code True} or a user name: AUTH_GRANTED; the name, if given, replaces the user. */
    record Granted(Optional<String> replacementUser) implements PasswordCheck {
      public Granted {
        Objects.requireNonNull(replacementUser, "replacementUser");
      }
    }

    /** {@code False}: AUTH_DENIED, the provider chain stops with 401. */
    record Denied() implements PasswordCheck {}

    /** {@code None}: AUTH_USER_NOT_FOUND, the next provider is asked. */
    record UserNotFound() implements PasswordCheck {}

    /** Anything else (exception, wrong type, no function, no script): AUTH_GENERAL_ERROR, 500. */
    record Failed(String detail) implements PasswordCheck {
      public Failed {
        Objects.requireNonNull(detail, "detail");
      }
    }
  }

  /** What {@code groups_for_user(environ, user)} answered. */
  sealed interface GroupLookup {
    /** The group names returned (an iterable of strings). */
    record Groups(ImmutableSet<String> names) implements GroupLookup {
      public Groups {
        Objects.requireNonNull(names, "names");
      }
    }

    /** Exception, a non-iterable, a non-string item, no function, no script: authz denied. */
    record Failed(String detail) implements GroupLookup {
      public Failed {
        Objects.requireNonNull(detail, "detail");
      }
    }
  }

  /** What {@code allow_access(environ, host)} answered, as an httpd access checker's status. */
  sealed interface AccessCheck {
    /** {@code True}: OK. */
    record Allowed() implements AccessCheck {}

    /** {@code None}: DECLINED, the other access checkers decide. */
    record Declined() implements AccessCheck {}

    /** {@code False}: HTTP_FORBIDDEN. */
    record Forbidden() implements AccessCheck {}

    /**
     * Anything else (a non-bool, an exception, no function, no script): mod_wsgi's "allow" stays 0,
     * so this is HTTP_FORBIDDEN as well, logged with the reason.
     */
    record Failed(String detail) implements AccessCheck {
      public Failed {
        Objects.requireNonNull(detail, "detail");
      }
    }
  }

  PasswordCheck checkPassword(Call call, String user, String password);

  /**
   * {@code allow_access(environ, host)}: {@code host} is the client's address (httpd passes the
   * remote host name only when it has one, which needs HostnameLookups). A runtime that cannot run
   * it keeps this default, which forbids.
   */
  default AccessCheck allowAccess(Call call, String host) {
    return new AccessCheck.Failed("no WSGI runtime to run " + call.script());
  }

  GroupLookup groupsForUser(Call call, String user);

  /**
   * {@code get_realm_hash(environ, user, realm)}, the {@code wsgi} provider of AuthDigestProvider:
   * a string is the stored {@code MD5(user:realm:password)} (AUTH_USER_FOUND), {@code None} no such
   * user, anything else or a failure AUTH_GENERAL_ERROR (500). A runtime that cannot run it keeps
   * this default, which fails.
   */
  default RealmHash realmHash(Call call, String user, String realm) {
    return new RealmHash.Failed("no WSGI runtime to run " + call.script());
  }

  /**
   * No WSGI runtime (the {@code route} command, hosts without Jython): every check fails, so that a
   * request needing a script gets 500 from the user check and a denial from the group check, never
   * access.
   */
  WsgiAuthScripts NONE =
      new WsgiAuthScripts() {
        @Override
        public PasswordCheck checkPassword(Call call, String user, String password) {
          return new PasswordCheck.Failed("no WSGI runtime to run " + call.script());
        }

        @Override
        public GroupLookup groupsForUser(Call call, String user) {
          return new GroupLookup.Failed("no WSGI runtime to run " + call.script());
        }
      };
}
