package org.wsgi4j.wsgi;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/** A region of a file as a response body: copied to a stream, or read as a bounded channel. */
public final class FileBodies {
  /** Large enough that a 10 MB file is a few hundred writes, small enough to stay cached. */
  static final int BLOCK = 64 * 1024;

  private FileBodies() {}

  /**
   * Copies {@code length} bytes of {@code file} from {@code position} to {@code out} with
   * positional reads (the channel's own position is not moved, as mod_wsgi's sendfile does not move
   * the file offset). Throws {@link EOFException} if the file ends first: the response is then cut
   * short.
   */
  public static void copy(FileChannel file, long position, long length, OutputStream out)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BLOCK, Math.max(1, length)));
    long done = 0;
    while (done < length) {
      buffer.clear();
      buffer.limit((int) Math.min(buffer.capacity(), length - done));
      int read = file.read(buffer, position + done);
      if (read < 0) {
        throw new EOFException(
            "the file ended after " + done + " of " + length + " bytes of the response body");
      }
      out.write(buffer.array(), 0, read);
      done += read;
    }
  }

  /**
   * The region as a channel of its own: reads go to {@code position} onwards and end after {@code
   * length} bytes; an early end of the file is an {@link EOFException}. Closing it does not close
   * the file (the application's file object closes that).
   */
  public static ReadableByteChannel region(FileChannel file, long position, long length) {
    return new ReadableByteChannel() {
      private long done;
      private boolean open = true;

      @Override
      public int read(ByteBuffer target) throws IOException {
        if (done >= length) {
          return -1;
        }
        ByteBuffer slice = target;
        int limit = target.limit();
        if (target.remaining() > length - done) {
          target.limit(target.position() + (int) (length - done));
        }
        try {
          int read = file.read(slice, position + done);
          if (read < 0) {
            throw new EOFException(
                "the file ended after " + done + " of " + length + " bytes of the response body");
          }
          done += read;
          return read;
        } finally {
          target.limit(limit);
        }
      }

      @Override
      public boolean isOpen() {
        return open;
      }

      @Override
      public void close() {
        open = false;
      }
    };
  }
}
