package org.wsgi4j.wsgi.jython;

import org.python.core.Py;
import org.python.core.PyBuiltinFunction;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyUnicode;

/**
 * {@code wsgi.file_wrapper(filelike, blksize=8192)}: iterates {@code filelike.read(blksize)} until
 * it returns {@code ""}; {@code close()} closes the file-like object.
 */
public final class FileWrapper extends PyObject {
  private static final long serialVersionUID = 1L;

  private final PyObject filelike;
  private final int blockSize;

  FileWrapper(PyObject filelike, int blockSize) {
    this.filelike = filelike;
    this.blockSize = blockSize;
  }

  @Override
  public PyObject __iter__() {
    return this;
  }

  @Override
  public PyObject __iternext__() {
    PyObject data = filelike.invoke("read", Py.newInteger(blockSize));
    if (!(data instanceof PyString) || data instanceof PyUnicode) {
      throw Py.TypeError(
          "file wrapper read() must return a byte string, not " + data.getType().fastGetName());
    }
    return data.__len__() == 0 ? null : data;
  }

  /** Python 2's iterator method, for code that calls {@code next()} directly. */
  public PyObject next() {
    PyObject item = __iternext__();
    if (item == null) {
      throw Py.StopIteration("");
    }
    return item;
  }

  /** Closes the file-like object, if it can be closed. */
  public void close() {
    PyObject close = filelike.__findattr__("close");
    if (close != null) {
      close.__call__();
    }
  }

  /** The {@code wsgi.file_wrapper} callable. */
  static final class Factory extends PyBuiltinFunction {
    private static final long serialVersionUID = 1L;

    Factory() {
      super("file_wrapper", "file_wrapper(filelike, blksize=8192)");
    }

    @Override
    public PyObject __call__(PyObject[] args, String[] keywords) {
      PyObject[] values = WsgiCall.arguments("file_wrapper", args, keywords, "filelike", "blksize");
      if (values[0] == null) {
        throw Py.TypeError("file_wrapper() requires a file-like object");
      }
      int size = values[1] == null ? 8192 : values[1].asInt();
      return new FileWrapper(values[0], size <= 0 ? 8192 : size);
    }
  }
}
