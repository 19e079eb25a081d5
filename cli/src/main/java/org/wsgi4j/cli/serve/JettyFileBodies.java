package org.wsgi4j.cli.serve;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.wsgi4j.servlet.FileBodySender;
import org.wsgi4j.wsgi.FileBodies;

/**
 * {@code wsgi.file_wrapper}'s files on embedded Jetty: the file region is memory-mapped in pieces
 * and each piece goes to Jetty's output as one buffer, which Jetty writes to the socket as it is (a
 * piece larger than the response buffer is not copied into it): the kernel copies from the page
 * cache, and nothing passes through the Java heap or Python. A file that shrinks under the mapping
 * fails the socket write (EFAULT, an IOException), which cuts the response short.
 */
final class JettyFileBodies implements FileBodySender {
  /** Mapped at a time: few map calls for large files, little address space held per request. */
  static final long PIECE = 4L * 1024 * 1024;

  @Override
  public void send(HttpServletResponse response, FileChannel file, long position, long length)
      throws IOException {
    ServletOutputStream out = response.getOutputStream();
    if (!(out instanceof HttpOutput jetty)) {
      FileBodies.copy(file, position, length, out);
      return;
    }
    long done = 0;
    while (done < length) {
      long piece = Math.min(PIECE, length - done);
      MappedByteBuffer mapped;
      try {
        mapped = file.map(FileChannel.MapMode.READ_ONLY, position + done, piece);
      } catch (IOException | UnsupportedOperationException cannotMap) {
        // A file system without memory maps: the rest goes through plain reads.
        FileBodies.copy(file, position + done, length - done, out);
        return;
      }
      jetty.write(mapped);
      done += piece;
    }
  }
}
