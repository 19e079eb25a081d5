package org.wsgi4j.wsgi.jython;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.python.core.Py;
import org.python.core.PyBuiltinFunction;
import org.python.core.PyException;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyUnicode;
import org.python.core.io.FileIO;
import org.python.core.io.RawIOBase;

/**
 * {@code wsgi.file_wrapper(filelike, blksize=8192)}: iterates {@code filelike.read(blksize)} until
 * it returns {@code ""}; {@code close()} closes the file-like object. When the application returns
 * the wrapper itself and {@code filelike} is a readable regular file ({@link #openFile}), the
 * gateway sends the file from its current position without iterating, as mod_wsgi does.
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

  /**
   * The file behind {@code filelike} and its current position, when mod_wsgi would send it without
   * iterating: {@code filelike} has {@code fileno()} and {@code tell()}, {@code fileno()} gives a
   * readable Java file channel (Jython's {@code file} and {@code io.FileIO}, or a Java {@code
   * FileChannel}, {@code FileInputStream} or {@code RandomAccessFile}), and the file is regular.
   * mod_wsgi asks fstat; Java cannot, so a file counts as regular when its {@code name} is the path
   * of a regular file or when it is not empty (devices such as {@code /dev/null} read as empty, and
   * an empty file iterated sends the same nothing). Any error on the way means "not a file", as in
   * mod_wsgi, which then iterates.
   */
  Optional<OpenFile> openFile() {
    try {
      PyObject fileno = filelike.__findattr__("fileno");
      PyObject tell = filelike.__findattr__("tell");
      if (fileno == null || tell == null) {
        return Optional.empty();
      }
      FileChannel channel = channel(fileno.__call__());
      if (channel == null || !channel.isOpen()) {
        return Optional.empty();
      }
      long size = channel.size();
      if (size == 0 && !namesRegularFile(filelike.__findattr__("name"))) {
        return Optional.empty();
      }
      return Optional.of(new OpenFile(channel, tell.__call__().asLong(), size));
    } catch (PyException | IOException e) {
      return Optional.empty();
    }
  }

  /** A readable file channel for what {@code fileno()} returned, or null. */
  private static FileChannel channel(PyObject fileno) {
    Object value = fileno.__tojava__(Object.class);
    if (value instanceof FileIO io) {
      return io.readable() ? io.getChannel() : null;
    }
    if (value instanceof RawIOBase) {
      return null;
    }
    if (value instanceof FileChannel channel) {
      return channel;
    }
    if (value instanceof FileInputStream stream) {
      return stream.getChannel();
    }
    if (value instanceof RandomAccessFile file) {
      return file.getChannel();
    }
    return null;
  }

  private static boolean namesRegularFile(PyObject name) {
    if (!(name instanceof PyString string)) {
      return false;
    }
    try {
      return Files.isRegularFile(Path.of(string.getString()));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * A file to send: its channel, the application's position in it ({@code tell()}, which counts
   * what a buffered file object has read ahead) and its size when the wrapper was returned.
   */
  record OpenFile(FileChannel channel, long position, long size) {}

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
