package org.wsgi4j.wsgi.jython;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.python.core.Py;
import org.python.core.PyList;
import org.python.core.PyNone;
import org.python.core.PyObject;
import org.python.core.PyString;

/**
 * {@code wsgi.input}, like mod_wsgi's {@code mod_wsgi.Input}: {@code read([n])}, {@code
 * readline([n])}, {@code readlines([hint])}, iteration and {@code close()}; never reads past the
 * body and returns {@code ""} at its end. Used by one request thread at a time.
 */
public final class WsgiInput extends PyObject {
  private static final long serialVersionUID = 1L;
  private static final byte[] NO_BYTES = new byte[0];
  private static final int BUFFER_SIZE = 8192;

  private final transient InputStream in;
  private long remaining;

  /** Allocated on the first read: most requests have no body, and many never read it. */
  private byte[] buffer = NO_BYTES;

  private int position;
  private int limit;

  /**
   * @param in the body, de-framed by the host
   * @param length the bytes the body has (Content-Length), or -1 to read to the stream's end
   *     (chunked)
   */
  WsgiInput(InputStream in, long length) {
    this.in = in;
    this.remaining = length < 0 ? Long.MAX_VALUE : length;
  }

  /** {@code read([size])}: up to {@code size} bytes (everything when absent or negative). */
  public PyObject read(PyObject[] args, String[] keywords) {
    long size = sizeArgument(args, "read");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (size < 0 || out.size() < size) {
      if (!fill()) {
        break;
      }
      int take = limit - position;
      if (size >= 0) {
        take = (int) Math.min(take, size - out.size());
      }
      out.write(buffer, position, take);
      position += take;
    }
    return bytes(out);
  }

  /** {@code readline([size])}: up to and including the next {@code \n}. */
  public PyObject readline(PyObject[] args, String[] keywords) {
    long size = sizeArgument(args, "readline");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (size < 0 || out.size() < size) {
      if (!fill()) {
        break;
      }
      byte b = buffer[position++];
      out.write(b);
      if (b == '\n') {
        break;
      }
    }
    return bytes(out);
  }

  /** {@code readlines([hint])}: the remaining lines, stopping once {@code hint} bytes were read. */
  public PyObject readlines(PyObject[] args, String[] keywords) {
    long hint = sizeArgument(args, "readlines");
    PyList lines = new PyList();
    long total = 0;
    while (true) {
      PyString line = (PyString) readline(Py.EmptyObjects, Py.NoKeywords);
      if (line.__len__() == 0) {
        break;
      }
      lines.append(line);
      total += line.__len__();
      if (hint > 0 && total >= hint) {
        break;
      }
    }
    return lines;
  }

  @Override
  public PyObject __iter__() {
    return this;
  }

  @Override
  public PyObject __iternext__() {
    PyString line = (PyString) readline(Py.EmptyObjects, Py.NoKeywords);
    return line.__len__() == 0 ? null : line;
  }

  /** Python 2's iterator method, for code that calls {@code next()} directly. */
  public PyObject next() {
    PyObject item = __iternext__();
    if (item == null) {
      throw Py.StopIteration("");
    }
    return item;
  }

  /** {@code close()}: a no-op, as in mod_wsgi (the host owns the stream). */
  public void close() {}

  private static long sizeArgument(PyObject[] args, String method) {
    if (args.length > 1) {
      throw Py.TypeError(method + "() takes at most 1 argument (" + args.length + " given)");
    }
    if (args.length == 0 || args[0] instanceof PyNone) {
      return -1;
    }
    return args[0].asLong();
  }

  /** Makes at least one byte available; false at the end of the body. */
  private boolean fill() {
    if (position < limit) {
      return true;
    }
    if (remaining <= 0) {
      return false;
    }
    if (buffer.length == 0) {
      buffer = new byte[BUFFER_SIZE];
    }
    try {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n <= 0) {
        remaining = 0;
        return false;
      }
      position = 0;
      limit = n;
      if (remaining != Long.MAX_VALUE) {
        remaining -= n;
      }
      return true;
    } catch (IOException e) {
      throw Py.IOError("request data read error: " + e.getMessage());
    }
  }

  private static PyString bytes(ByteArrayOutputStream out) {
    return Py.newString(out.toString(StandardCharsets.ISO_8859_1));
  }
}
