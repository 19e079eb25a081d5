package org.wsgi4j.wsgi.jython;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.python.core.Py;
import org.python.core.PyDictionary;
import org.python.core.PyException;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyTuple;
import org.python.core.PyUnicode;
import org.wsgi4j.auth.RealmHash;
import org.wsgi4j.routing.WsgiAuthScripts;
import org.wsgi4j.wsgi.BoundedCalls;
import org.wsgi4j.wsgi.WsgiEnvironBuilder;
import org.wsgi4j.wsgi.WsgiUnavailableException;

/**
 * mod_wsgi's auth providers on Jython: {@code check_password}, {@code groups_for_user} and {@code
 * allow_access} run, as under Apache, in embedded mode (never in a daemon group) in the interpreter
 * of the script's application group, the same interpreter an embedded WSGI application of that
 * group uses. The script is loaded like a WSGI script (same module name, so a file that is both is
 * one module) and, with WSGIScriptReloading On, reloaded as a module when it changed on disk.
 */
final class JythonAuthScripts implements WsgiAuthScripts {
  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi");

  /**
   * {@code apache.version} as mod_wsgi 4.9.4 reports it: the httpd version it was compiled against
   * (Debian's package says 2.4.55 while running 2.4.71; recorded from the oracle).
   */
  private static final PyTuple APACHE_VERSION =
      new PyTuple(Py.newInteger(2), Py.newInteger(4), Py.newInteger(55));

  private static final PyTuple MOD_WSGI_VERSION =
      new PyTuple(Py.newInteger(4), Py.newInteger(9), Py.newInteger(4));

  private final JythonGateway gateway;
  private final BoundedCalls bounded;

  /**
   * @param bounded how the calls are bounded in time (see {@link #timeoutFromProperty()})
   */
  JythonAuthScripts(JythonGateway gateway, BoundedCalls bounded) {
    this.gateway = gateway;
    this.bounded = bounded;
  }

  /**
   * The bound on one auth script call: {@code -Dwsgi4j.authScriptTimeout=SECONDS}, by default 60 s
   * (httpd's default {@code Timeout}); 0 turns the bound off (calls run on the request's thread, as
   * under mod_wsgi, where a stuck script holds its Apache worker for good).
   */
  static Duration timeoutFromProperty() {
    String value = System.getProperty("wsgi4j.authScriptTimeout", "60");
    try {
      double seconds = Double.parseDouble(value.trim());
      if (seconds >= 0 && seconds < 1e9) {
        return Duration.ofMillis(Math.round(seconds * 1000));
      }
    } catch (NumberFormatException e) {
      // fall through to the default
    }
    LOG.warning("wsgi4j.authScriptTimeout=" + value + " is not a number of seconds; using 60");
    return Duration.ofSeconds(60);
  }

  @Override
  public PasswordCheck checkPassword(Call call, String user, String password) {
    return bounded.call(
        "WSGI user authentication script '" + call.script() + "' (check_password)",
        () -> checkPasswordNow(call, user, password),
        PasswordCheck.Failed::new);
  }

  @Override
  public AccessCheck allowAccess(Call call, String host) {
    return bounded.call(
        "WSGI host access script '" + call.script() + "' (allow_access)",
        () -> allowAccessNow(call, host),
        AccessCheck.Failed::new);
  }

  @Override
  public GroupLookup groupsForUser(Call call, String user) {
    return bounded.call(
        "WSGI group authorization script '" + call.script() + "' (groups_for_user)",
        () -> groupsForUserNow(call, user),
        GroupLookup.Failed::new);
  }

  @Override
  public RealmHash realmHash(Call call, String user, String realm) {
    return bounded.call(
        "WSGI user authentication script '" + call.script() + "' (get_realm_hash)",
        () -> realmHashNow(call, user, realm),
        RealmHash.Failed::new);
  }

  /**
   * mod_wsgi's Digest provider: None is "no such user", a string is the hash (a unicode string as
   * its UTF-8 bytes, as Python 3's mod_wsgi passes it on), anything else a failure (500).
   */
  private RealmHash realmHashNow(Call call, String user, String realm) {
    Optional<Object> answer =
        run(
            call,
            "get_realm_hash",
            "Digest",
            function ->
                function.__call__(
                    environ(call),
                    JythonRuntime.nativeString(user),
                    JythonRuntime.nativeString(realm)));
    if (answer.isEmpty() || answer.get() instanceof String) {
      return new RealmHash.Failed(answer.map(String.class::cast).orElse("script failed"));
    }
    PyObject result = (PyObject) answer.get();
    if (is(result, Py.None)) {
      return new RealmHash.NotFound();
    }
    if (result instanceof PyUnicode unicode) {
      byte[] utf8 = unicode.getString().getBytes(StandardCharsets.UTF_8);
      return new RealmHash.Found(new String(utf8, StandardCharsets.ISO_8859_1));
    }
    if (result instanceof PyString bytes) {
      return new RealmHash.Found(bytes.getString());
    }
    String detail =
        "Digest auth provider must return None or string object, not "
            + result.getType().fastGetName();
    LOG.severe("WSGI user authentication script '" + call.script() + "': " + detail);
    return new RealmHash.Failed(detail);
  }

  private PasswordCheck checkPasswordNow(Call call, String user, String password) {
    Optional<Object> answer =
        run(
            call,
            "check_password",
            "Basic",
            function ->
                function.__call__(
                    environ(call),
                    JythonRuntime.nativeString(user),
                    JythonRuntime.nativeString(password)));
    if (answer.isEmpty() || answer.get() instanceof String) {
      return new PasswordCheck.Failed(answer.map(String.class::cast).orElse("script failed"));
    }
    PyObject result = (PyObject) answer.get();
    if (is(result, Py.None)) {
      return new PasswordCheck.UserNotFound();
    }
    if (is(result, Py.True)) {
      return new PasswordCheck.Granted(Optional.empty());
    }
    if (is(result, Py.False)) {
      return new PasswordCheck.Denied();
    }
    if (result instanceof PyUnicode unicode) {
      // Python 3's mod_wsgi stores a returned str as its UTF-8 bytes in r->user.
      byte[] utf8 = unicode.getString().getBytes(StandardCharsets.UTF_8);
      return new PasswordCheck.Granted(Optional.of(new String(utf8, StandardCharsets.ISO_8859_1)));
    }
    if (result instanceof PyString bytes) {
      return new PasswordCheck.Granted(Optional.of(bytes.getString()));
    }
    return failed(
        call,
        "Basic auth provider must return True, False None or user name as string, not "
            + result.getType().fastGetName());
  }

  private AccessCheck allowAccessNow(Call call, String host) {
    Optional<Object> answer =
        run(
            call,
            "allow_access",
            "access",
            function -> function.__call__(environ(call), JythonRuntime.nativeString(host)));
    if (answer.isEmpty() || answer.get() instanceof String) {
      return new AccessCheck.Failed(answer.map(String.class::cast).orElse("script failed"));
    }
    PyObject result = (PyObject) answer.get();
    if (is(result, Py.None)) {
      return new AccessCheck.Declined();
    }
    if (is(result, Py.True)) {
      return new AccessCheck.Allowed();
    }
    if (is(result, Py.False)) {
      return new AccessCheck.Forbidden();
    }
    String detail =
        "Indicator of host accessibility returned from '"
            + call.script()
            + "' must a boolean or None.";
    LOG.severe(detail);
    return new AccessCheck.Failed(detail);
  }

  private GroupLookup groupsForUserNow(Call call, String user) {
    Optional<Object> answer =
        run(
            call,
            "groups_for_user",
            "group",
            function -> function.__call__(environ(call), JythonRuntime.nativeString(user)));
    if (answer.isEmpty() || answer.get() instanceof String) {
      return new GroupLookup.Failed(answer.map(String.class::cast).orElse("script failed"));
    }
    PyObject result = (PyObject) answer.get();
    String problem =
        "Groups for user returned from '"
            + call.script()
            + "' must be an iterable sequence of byte strings";
    try {
      return gateway.inEmbeddedInterpreter(
          call.applicationGroup(),
          interpreter ->
              interpreter.enter(
                  () -> {
                    ImmutableSet.Builder<String> names = ImmutableSet.builder();
                    PyObject iterator;
                    try {
                      iterator = result.__iter__();
                    } catch (PyException e) {
                      return groupFailure(problem);
                    }
                    PyObject item;
                    while ((item = iterator.__iternext__()) != null) {
                      if (item instanceof PyUnicode unicode) {
                        String text = unicode.getString();
                        if (!text.chars().allMatch(c -> c <= 0xff)) {
                          return groupFailure(
                              problem + ", value containing non 'latin-1' characters found");
                        }
                        names.add(text);
                      } else if (item instanceof PyString bytes) {
                        names.add(bytes.getString());
                      } else {
                        return groupFailure(problem);
                      }
                    }
                    return new GroupLookup.Groups(names.build());
                  }));
    } catch (IOException | WsgiUnavailableException | PyException e) {
      return groupFailure(problem + ": " + e);
    }
  }

  /**
   * Python's {@code is}: mod_wsgi compares the result with the None/True/False singletons, so 1 is
   * not True and a subclass of bool never occurs.
   */
  @SuppressWarnings("ReferenceEquality")
  private static boolean is(PyObject value, PyObject singleton) {
    return value == singleton;
  }

  private static GroupLookup groupFailure(String detail) {
    LOG.severe(detail);
    return new GroupLookup.Failed(detail);
  }

  private static PasswordCheck failed(Call call, String detail) {
    LOG.severe("WSGI user authentication script '" + call.script() + "': " + detail);
    return new PasswordCheck.Failed(detail);
  }

  /** mod_wsgi's log line for a script without the function (its wording, typo included). */
  private static String missingFunction(Call call, String kind) {
    if (kind.equals("access")) {
      return "Target WSGI host access script '"
          + call.script()
          + "' does not provide host validator.";
    }
    return "Target WSGI "
        + (kind.equals("group") ? "group" : "user")
        + " authentication script '"
        + call.script()
        + "' does not provide '"
        + kind
        + "' auth provider.";
  }

  /** What a Python function call does with the script's function. */
  private interface Invocation {
    PyObject call(PyObject function);
  }

  /**
   * Loads (or reloads) the script in its interpreter and calls {@code function}: the result as a
   * {@link PyObject}, or a {@link String} saying why there is none (logged, as mod_wsgi logs it).
   */
  private Optional<Object> run(Call call, String function, String kind, Invocation invocation) {
    try {
      return Optional.of(
          gateway.inEmbeddedInterpreter(
              call.applicationGroup(),
              interpreter ->
                  interpreter.enter(
                      () -> {
                        PyObject target;
                        try {
                          target =
                              interpreter.application(
                                  call.script(), function, call.scriptReloading());
                        } catch (ScriptLoadException e) {
                          String detail =
                              e.missingCallable() ? missingFunction(call, kind) : e.getMessage();
                          LOG.severe(detail);
                          return detail;
                        }
                        try {
                          return invocation.call(target);
                        } catch (PyException e) {
                          String detail =
                              "Exception occurred processing WSGI script '"
                                  + call.script()
                                  + "' ("
                                  + function
                                  + ").\n"
                                  + e;
                          LOG.log(Level.SEVERE, detail);
                          return detail;
                        }
                      })));
    } catch (IOException | WsgiUnavailableException | RuntimeException e) {
      LOG.log(Level.SEVERE, e, () -> "Auth script '" + call.script() + "' could not run");
      return Optional.of("could not run: " + e);
    }
  }

  /** mod_wsgi's cut-down auth environ: the router's strings plus the runtime's objects. */
  private static PyDictionary environ(Call call) {
    PyDictionary dict = new PyDictionary();
    for (Map.Entry<String, String> e : call.environ().entrySet()) {
      dict.__setitem__(
          JythonRuntime.nativeString(e.getKey()), JythonRuntime.nativeString(e.getValue()));
    }
    dict.__setitem__(
        "SERVER_SOFTWARE", JythonRuntime.nativeString(WsgiEnvironBuilder.DEFAULT_SERVER_SOFTWARE));
    dict.__setitem__("apache.version", APACHE_VERSION);
    dict.__setitem__("mod_wsgi.version", MOD_WSGI_VERSION);
    dict.__setitem__("mod_wsgi.script_reloading", Py.newInteger(call.scriptReloading() ? 1 : 0));
    String client =
        call.environ().getOrDefault("REMOTE_ADDR", "")
            + ":"
            + call.environ().getOrDefault("REMOTE_PORT", "");
    dict.__setitem__("wsgi.errors", new WsgiErrors("[client " + client + "] [auth]"));
    dict.__setitem__("mod_ssl.is_https", new SslCallables.IsHttps(call.secure()));
    dict.__setitem__("mod_ssl.var_lookup", new SslCallables.VarLookup());
    return dict;
  }
}
