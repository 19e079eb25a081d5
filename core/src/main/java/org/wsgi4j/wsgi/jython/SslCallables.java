package org.wsgi4j.wsgi.jython;

import org.python.core.Py;
import org.python.core.PyObject;

/**
 * The {@code mod_ssl.is_https()} and {@code mod_ssl.var_lookup(name)} callables mod_wsgi puts in an
 * auth script's environ. wsgi4j has no mod_ssl: there are no SSL variables to look up.
 */
final class SslCallables {
  // Java subclasses of PyObject are not Python callables by type; isCallable() makes callable()
  // answer True as it does for mod_wsgi's bound methods.
  private SslCallables() {}

  /** {@code is_https()}: 1 on a TLS connection, else 0. */
  static final class IsHttps extends PyObject {
    private static final long serialVersionUID = 1L;
    private final boolean secure;

    IsHttps(boolean secure) {
      this.secure = secure;
    }

    @Override
    public boolean isCallable() {
      return true;
    }

    @Override
    public PyObject __call__(PyObject[] args, String[] keywords) {
      if (args.length != 0) {
        throw Py.TypeError("ssl_is_https() takes no arguments");
      }
      return Py.newInteger(secure ? 1 : 0);
    }
  }

  /** {@code var_lookup(name)}: None, as mod_wsgi answers without mod_ssl. */
  static final class VarLookup extends PyObject {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isCallable() {
      return true;
    }

    @Override
    public PyObject __call__(PyObject[] args, String[] keywords) {
      if (args.length != 1) {
        throw Py.TypeError("ssl_var_lookup() takes exactly 1 argument");
      }
      return Py.None;
    }
  }
}
