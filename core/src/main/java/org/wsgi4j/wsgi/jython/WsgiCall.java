package org.wsgi4j.wsgi.jython;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.python.core.Py;
import org.python.core.PyBuiltinFunction;
import org.python.core.PyDictionary;
import org.python.core.PyException;
import org.python.core.PyList;
import org.python.core.PyNone;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyTraceback;
import org.python.core.PyTuple;
import org.python.core.PyUnicode;
import org.wsgi4j.wsgi.ConnectionEnd;
import org.wsgi4j.wsgi.WsgiEnviron;
import org.wsgi4j.wsgi.WsgiEnvironBuilder;
import org.wsgi4j.wsgi.WsgiRequest;
import org.wsgi4j.wsgi.WsgiResponse;

/**
 * One request's call of a WSGI application, with mod_wsgi 4.9's response rules (modwsgi.md §8,
 * Python 2 flavour): {@code start_response} validation, {@code exc_info}, the {@code write()}
 * callable, lazy header commit, Content-Length truncation, and {@code close()} called exactly once
 * whenever the application returned an object that has it. Runs on one thread, inside the
 * interpreter's {@link JythonInterpreter#enter}.
 */
final class WsgiCall {
  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi");

  private final WsgiResponse response;
  private final String scriptFilename;
  private boolean connectionEnds;

  // start_response state
  private boolean started;
  private int status;
  private String reason = "";
  private List<Map.Entry<String, String>> headers = List.of();
  private long contentLength = -1;

  // output state
  private boolean headersSent;
  private boolean finished;
  private boolean clientGone;
  private OutputStream out;
  private long written;

  /**
   * The body's last byte, held back until the application's {@code close()} has run, when the
   * connection ends with this response (else -1). httpd closes such a connection only after its
   * handler returns, so a client that reads until the connection closes knows that {@code close()}
   * has run; Jetty closes it as soon as the last byte of a Content-Length body is written, while
   * this thread is still about to call {@code close()}. One byte is enough to keep the response
   * open, and everything before it still streams. On a persistent connection the response is
   * complete once written, as in httpd, and {@code close()} runs while the client has it.
   */
  private int heldByte = -1;

  /**
   * Environ keys as Python strings, made once: the same few dozen names come with every request.
   * Immutable values shared by every request and interpreter: tuples of small ints and a stateless
   * builtin (no attributes can be set on either).
   */
  private static final NativeStrings KEYS = new NativeStrings(4096);

  private static final PyTuple WSGI_VERSION = new PyTuple(Py.newInteger(1), Py.newInteger(0));
  private static final PyTuple MOD_WSGI_VERSION =
      new PyTuple(Py.newInteger(4), Py.newInteger(9), Py.newInteger(4));
  private static final FileWrapper.Factory FILE_WRAPPER = new FileWrapper.Factory();

  private final StartResponse startResponse = new StartResponse();
  private final Write write = new Write();

  /**
   * A call writing to {@code response}; {@code connectionEnds} when the client's connection ends
   * with this response ({@link ConnectionEnd}).
   */
  WsgiCall(WsgiResponse response, String scriptFilename, boolean connectionEnds) {
    this.response = response;
    this.scriptFilename = scriptFilename;
    this.connectionEnds = connectionEnds;
  }

  /** The environ dict: native strings, the wsgi.* objects, mod_wsgi's non-string keys. */
  static PyDictionary environ(WsgiEnviron environ, WsgiRequest request, Map<String, String> extra) {
    // Sized for the whole environ at once: growing it step by step rehashes several times.
    PyDictionary dict =
        new PyDictionary(
            PyDictionary.TYPE, (environ.variables().size() + extra.size() + 16) * 4 / 3 + 1);
    for (Map.Entry<String, String> e : environ.variables().entrySet()) {
      dict.__setitem__(KEYS.of(e.getKey()), JythonRuntime.nativeString(e.getValue()));
    }
    for (Map.Entry<String, String> e : extra.entrySet()) {
      dict.__setitem__(KEYS.of(e.getKey()), JythonRuntime.nativeString(e.getValue()));
    }
    dict.__setitem__(KEYS.of("wsgi.version"), WSGI_VERSION);
    dict.__setitem__(KEYS.of("wsgi.url_scheme"), KEYS.of(environ.urlScheme()));
    dict.__setitem__(KEYS.of("wsgi.multithread"), Py.newBoolean(environ.multithread()));
    dict.__setitem__(KEYS.of("wsgi.multiprocess"), Py.newBoolean(environ.multiprocess()));
    dict.__setitem__(KEYS.of("wsgi.run_once"), Py.newBoolean(environ.runOnce()));
    dict.__setitem__(KEYS.of("wsgi.input_terminated"), Py.True);
    dict.__setitem__(KEYS.of("wsgi.input"), new WsgiInput(request.body(), bodyLength(environ)));
    String identity =
        "[client "
            + request.remoteAddress()
            + ":"
            + request.remotePort()
            + "] ["
            + environ.get("mod_wsgi.request_id")
            + "]";
    dict.__setitem__(KEYS.of("wsgi.errors"), new WsgiErrors(identity));
    dict.__setitem__(KEYS.of("wsgi.file_wrapper"), FILE_WRAPPER);
    dict.__setitem__(KEYS.of("mod_wsgi.version"), MOD_WSGI_VERSION);
    return dict;
  }

  /** Content-Length, -1 (to the end) for a chunked body, 0 with neither. */
  private static long bodyLength(WsgiEnviron environ) {
    String length = environ.get("CONTENT_LENGTH");
    if (length != null) {
      try {
        return Math.max(0, Long.parseLong(length.trim()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    String te = environ.get("HTTP_TRANSFER_ENCODING");
    return te != null && te.toLowerCase(Locale.ROOT).contains("chunked") ? -1 : 0;
  }

  /** Calls the application and writes its response; application errors become 500s. */
  void run(PyObject application, PyDictionary environ) throws IOException {
    PyObject result;
    try {
      result = application.__call__(environ, startResponse);
    } catch (PyException e) {
      finished = true;
      fail("Exception occurred processing WSGI script '" + scriptFilename + "'.", e);
      return;
    }
    try {
      if (!(result instanceof FileWrapper wrapper) || !sendFile(wrapper)) {
        iterate(result);
      }
    } finally {
      finished = true;
      close(result);
      releaseHeldByte();
    }
  }

  /** Writes the byte held back until close() ran, completing the response. */
  private void releaseHeldByte() {
    if (heldByte < 0) {
      return;
    }
    int last = heldByte;
    heldByte = -1;
    if (clientGone) {
      return;
    }
    try {
      out.write(last);
      out.flush();
    } catch (IOException e) {
      clientGone = true;
      LOG.log(Level.FINE, e, () -> "Client closed connection for '" + scriptFilename + "'");
    }
  }

  private void iterate(PyObject result) throws IOException {
    try {
      PyObject iterator = result.__iter__();
      PyObject item;
      while (!clientGone && (item = iterator.__iternext__()) != null) {
        if (!(item instanceof PyString string) || item instanceof PyUnicode) {
          throw Py.TypeError(
              "sequence of byte string values expected, value of type "
                  + item.getType().fastGetName()
                  + " found");
        }
        String data = string.getString();
        if (data.isEmpty()) {
          continue;
        }
        if (!started) {
          throw Py.RuntimeError(
              "start_response() must be called before response content is produced");
        }
        output(data, false);
      }
      if (clientGone) {
        return;
      }
      if (!started) {
        throw Py.RuntimeError("response has not been started");
      }
      if (!headersSent) {
        commit();
      }
      if (heldByte < 0) {
        out.flush(); // else the held byte's write flushes everything, after close()
      }
    } catch (PyException e) {
      fail("Exception occurred processing WSGI script '" + scriptFilename + "'.", e);
    } catch (IOException e) {
      clientGone = true;
      LOG.log(Level.FINE, e, () -> "Client closed connection for '" + scriptFilename + "'");
    }
  }

  /**
   * mod_wsgi's fast path for {@code wsgi.file_wrapper} (modwsgi.md §8, recorded in the serve kit's
   * {@code file-wrapper} case): the application returned the wrapper itself, started the response
   * and wrote nothing, and the wrapped object is a regular file. The file is then sent from its
   * current position by the host ({@link WsgiResponse#sendFile}), never through Python strings: all
   * that is left when no Content-Length was given (which is then added), else exactly that many
   * bytes. A file that cannot supply them (a position past its end, a Content-Length longer than
   * what is left) is mod_wsgi's "failed to write response data": 500. Returns false when the fast
   * path does not apply and the wrapper is to be iterated.
   */
  private boolean sendFile(FileWrapper wrapper) throws IOException {
    if (!started || headersSent) {
      return false;
    }
    Optional<FileWrapper.OpenFile> found = wrapper.openFile();
    if (found.isEmpty()) {
      return false;
    }
    FileWrapper.OpenFile file = found.get();
    long left = file.size() - file.position();
    long length = contentLength >= 0 ? contentLength : left;
    if (left < 0 || length > left) {
      fail(
          "Exception occurred processing WSGI script '" + scriptFilename + "'.",
          Py.IOError(
              "Apache/mod_wsgi failed to write response data: End of file found ("
                  + length
                  + " bytes wanted from offset "
                  + file.position()
                  + " of a file of "
                  + file.size()
                  + ")"));
      return true;
    }
    if (contentLength < 0) {
      List<Map.Entry<String, String>> withLength = new ArrayList<>(headers);
      withLength.add(Map.entry("Content-Length", Long.toString(length)));
      headers = List.copyOf(withLength);
    }
    try {
      commit();
      if (connectionEnds && length > 0) {
        response.sendFile(file.channel(), file.position(), length - 1);
        heldByte = byteAt(file.channel(), file.position() + length - 1);
      } else {
        response.sendFile(file.channel(), file.position(), length);
      }
      written = length;
    } catch (IOException e) {
      // The client went away, or the file shrank under us: the response is cut short either way.
      clientGone = true;
      LOG.log(Level.FINE, e, () -> "Sending the file of '" + scriptFilename + "' stopped");
      response.abort();
    }
    return true;
  }

  /** The byte at {@code position} of {@code file}, read without moving the file's position. */
  private static int byteAt(FileChannel file, long position) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    if (file.read(one, position) != 1) {
      throw new EOFException("the file ended before byte " + position);
    }
    return one.get(0) & 0xff;
  }

  /** Calls {@code result.close()} once, if it has one; errors are logged. */
  private void close(PyObject result) throws IOException {
    PyObject close;
    try {
      close = result.__findattr__("close");
    } catch (PyException e) {
      fail("Looking up close() of the result of '" + scriptFilename + "' failed.", e);
      return;
    }
    if (close == null) {
      return;
    }
    try {
      close.__call__();
    } catch (PyException e) {
      // The response is complete (or already failed): httpd only logs this.
      LOG.log(
          Level.SEVERE,
          "{0}\n{1}",
          new Object[] {
            "Exception occurred closing the result of WSGI script '" + scriptFilename + "'.",
            e.toString()
          });
    }
  }

  /** Logs an application error; 500 if nothing was sent yet, else the response is cut short. */
  private void fail(String message, PyException e) throws IOException {
    LOG.log(Level.SEVERE, "{0}\n{1}", new Object[] {message, e.toString()});
    if (clientGone) {
      return;
    }
    if (!headersSent) {
      headersSent = true;
      try {
        response.sendError(500, "Internal Server Error");
      } catch (IOException io) {
        clientGone = true;
      }
    } else {
      // A body already written in full stays complete, as it was when its last byte went out.
      releaseHeldByte();
      response.abort();
    }
  }

  private void commit() throws IOException {
    // The application's own "Connection: close" ends the connection too (mod_wsgi passes it on).
    connectionEnds |= ConnectionEnd.announcedBy(headers);
    headersSent = true;
    response.sendHeaders(status, reason, headers);
    out = response.body();
  }

  /** Writes body bytes, committing first; output beyond Content-Length is dropped silently. */
  private void output(String data, boolean flush) throws IOException {
    if (!headersSent) {
      commit();
    }
    String chunk = data;
    if (contentLength >= 0) {
      long left = contentLength - written;
      if (left <= 0) {
        return;
      }
      if (chunk.length() > left) {
        chunk = chunk.substring(0, (int) left);
      }
    }
    byte[] bytes = chunk.getBytes(StandardCharsets.ISO_8859_1);
    written += bytes.length;
    if (connectionEnds && written == contentLength && bytes.length > 0) {
      out.write(bytes, 0, bytes.length - 1);
      heldByte = bytes[bytes.length - 1] & 0xff;
    } else {
      out.write(bytes);
    }
    if (flush) {
      out.flush();
    }
  }

  /**
   * Positional-or-keyword arguments by name; missing ones are null. Unknown keywords and too many
   * arguments are TypeErrors.
   */
  static PyObject[] arguments(
      String function, PyObject[] args, String[] keywords, String... names) {
    PyObject[] values = new PyObject[names.length];
    int positional = args.length - keywords.length;
    if (positional > names.length) {
      throw Py.TypeError(
          function + "() takes at most " + names.length + " arguments (" + args.length + " given)");
    }
    System.arraycopy(args, 0, values, 0, positional);
    for (int k = 0; k < keywords.length; k++) {
      int index = List.of(names).indexOf(keywords[k]);
      if (index < 0) {
        throw Py.TypeError(
            "'" + keywords[k] + "' is an invalid keyword argument for " + function + "()");
      }
      if (values[index] != null) {
        throw Py.TypeError(function + "() got multiple values for '" + keywords[k] + "'");
      }
      values[index] = args[positional + k];
    }
    return values;
  }

  /** A byte string's value; unicode and other types are rejected like mod_wsgi on Python 2. */
  private static String byteString(PyObject value, String what) {
    if (!(value instanceof PyString string) || value instanceof PyUnicode) {
      throw Py.TypeError(
          "expected byte string object for "
              + what
              + ", value of type "
              + value.getType().fastGetName()
              + " found");
    }
    return string.getString();
  }

  /** The status line: three digits, one space, a reason without control characters. */
  private static int parseStatus(String status) {
    boolean ok = status.length() >= 4 && status.charAt(3) == ' ';
    for (int i = 0; ok && i < 3; i++) {
      ok = status.charAt(i) >= '0' && status.charAt(i) <= '9';
    }
    for (int i = 4; ok && i < status.length(); i++) {
      ok = !isControl(status.charAt(i));
    }
    if (!ok) {
      throw Py.ValueError(
          "status should be a 3 digit integer followed by a single space and a reason: '"
              + status
              + "'");
    }
    return Integer.parseInt(status.substring(0, 3));
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f;
  }

  /** {@code start_response(status, response_headers, exc_info=None)}. */
  private final class StartResponse extends PyBuiltinFunction {
    private static final long serialVersionUID = 1L;

    StartResponse() {
      super("start_response", "start_response(status, response_headers, exc_info=None)");
    }

    @Override
    public PyObject __call__(PyObject[] args, String[] keywords) {
      PyObject[] values =
          arguments("start_response", args, keywords, "status", "response_headers", "exc_info");
      if (values[0] == null || values[1] == null) {
        throw Py.TypeError("start_response() takes at least 2 arguments");
      }
      if (finished) {
        throw Py.RuntimeError("start_response() called after the request has completed");
      }
      PyObject excInfo = values[2];
      if (excInfo != null && !(excInfo instanceof PyNone)) {
        if (!(excInfo instanceof PyTuple tuple) || tuple.__len__() != 3) {
          throw Py.RuntimeError("exception info must be a tuple");
        }
        if (headersSent) {
          PyObject tb = tuple.__getitem__(2);
          throw new PyException(
              tuple.__getitem__(0),
              tuple.__getitem__(1),
              tb instanceof PyTraceback traceback ? traceback : null);
        }
      } else if (headersSent) {
        throw Py.RuntimeError("headers have already been sent");
      }
      String statusLine = byteString(values[0], "status");
      int code = parseStatus(statusLine);
      if (!(values[1] instanceof PyList list)) {
        throw Py.TypeError(
            "response headers must be a list, not " + values[1].getType().fastGetName());
      }
      List<Map.Entry<String, String>> parsed = new ArrayList<>();
      long length = -1;
      for (PyObject item : list.asIterable()) {
        if (!(item instanceof PyTuple pair)) {
          throw Py.TypeError(
              "list of tuple values expected, value of type "
                  + item.getType().fastGetName()
                  + " found");
        }
        if (pair.__len__() != 2) {
          throw Py.ValueError("tuple of length 2 expected, length is " + pair.__len__());
        }
        String name = byteString(pair.__getitem__(0), "header name");
        String value = byteString(pair.__getitem__(1), "header value");
        checkHeader(name, value);
        if (name.equalsIgnoreCase("Content-Length")) {
          try {
            length = Long.parseLong(value.trim());
          } catch (NumberFormatException e) {
            length = -2;
          }
          if (length < 0) {
            throw Py.ValueError("invalid content length '" + value + "'");
          }
        }
        parsed.add(Map.entry(name, value));
      }
      started = true;
      status = code;
      reason = statusLine.substring(4);
      headers = List.copyOf(parsed);
      contentLength = length;
      return write;
    }

    private void checkHeader(String name, String value) {
      if (name.isEmpty()) {
        throw Py.ValueError("header name is empty");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (isControl(c) || c == ' ' || c == ':') {
          throw Py.ValueError("header name '" + name + "' contains an invalid character");
        }
      }
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw Py.ValueError(
            "embedded newline in response header with name '"
                + name
                + "' and value '"
                + value
                + "'");
      }
    }
  }

  /** The {@code write(data)} callable start_response returns. */
  private final class Write extends PyBuiltinFunction {
    private static final long serialVersionUID = 1L;

    Write() {
      super("write", "write(data)");
    }

    @Override
    public PyObject __call__(PyObject[] args, String[] keywords) {
      PyObject[] values = arguments("write", args, keywords, "data");
      if (values[0] == null) {
        throw Py.TypeError("write() takes exactly 1 argument (0 given)");
      }
      if (finished) {
        throw Py.RuntimeError("write() called after the request has completed");
      }
      if (!started) {
        throw Py.RuntimeError(
            "start_response() must be called before response content is produced");
      }
      String data = byteString(values[0], "data");
      if (clientGone) {
        throw Py.IOError("mod_wsgi client connection closed");
      }
      try {
        output(data, true);
      } catch (IOException e) {
        clientGone = true;
        throw Py.IOError("mod_wsgi client connection closed");
      }
      return Py.None;
    }
  }

  /** The microsecond timestamps mod_wsgi stamps on the environ as the request moves. */
  static String micros() {
    return Long.toString(WsgiEnvironBuilder.nowMicros());
  }
}
