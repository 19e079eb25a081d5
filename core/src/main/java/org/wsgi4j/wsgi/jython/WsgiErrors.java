package org.wsgi4j.wsgi.jython;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.python.core.Py;
import org.python.core.PyObject;
import org.python.core.PyUnicode;

/**
 * {@code wsgi.errors}: a file-like object whose lines go to the {@code org.wsgi4j.wsgi.errors}
 * logger, each prefixed with the request's identity (client address and request id), as mod_wsgi
 * writes them to the error log.
 */
public final class WsgiErrors extends PyObject {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi.errors");

  /** Python 2's {@code print >>f} keeps its state here. */
  @SuppressWarnings("MemberName")
  public int softspace;

  private final String identity;
  private final StringBuilder pending = new StringBuilder();

  WsgiErrors(String identity) {
    this.identity = identity;
  }

  /** {@code write(str)}: complete lines are logged, a partial one waits for flush(). */
  public void write(PyObject text) {
    String value;
    if (text instanceof PyUnicode unicode) {
      value = unicode.getString();
    } else if (text instanceof org.python.core.PyString string) {
      value = string.getString();
    } else {
      throw Py.TypeError("write() argument must be a string, not " + text.getType().fastGetName());
    }
    synchronized (pending) {
      pending.append(value);
      int newline;
      while ((newline = pending.indexOf("\n")) >= 0) {
        log(pending.substring(0, newline));
        pending.delete(0, newline + 1);
      }
    }
  }

  /** {@code writelines(sequence)}. */
  public void writelines(PyObject lines) {
    for (PyObject line : lines.asIterable()) {
      write(line);
    }
  }

  /** {@code flush()}: logs a partial line. */
  public void flush() {
    synchronized (pending) {
      if (pending.length() > 0) {
        log(pending.toString());
        pending.setLength(0);
      }
    }
  }

  private void log(String line) {
    LOG.log(Level.WARNING, "{0} {1}", new Object[] {identity, line});
  }
}
