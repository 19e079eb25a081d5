package org.wsgi4j.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.wsgi4j.wsgi.FileBodies;

/**
 * How a container sends a region of a file as the rest of a response body, for {@code
 * wsgi.file_wrapper}'s fast path (the status and headers are already set on the response). The
 * default works in every servlet container: positional reads of the file in large blocks straight
 * into the servlet output stream, never through Python. A host that knows its container can do
 * better (wsgi4j serve hands the file to Jetty's own content path).
 */
@FunctionalInterface
public interface FileBodySender {
  /** Large-block copy into the servlet output stream: any container. */
  FileBodySender STREAM =
      (response, file, position, length) ->
          FileBodies.copy(file, position, length, response.getOutputStream());

  /**
   * Sends {@code length} bytes of {@code file} from {@code position}; throws if the client goes
   * away or the file ends early (the response is then cut short). Does not close the file.
   */
  void send(HttpServletResponse response, FileChannel file, long position, long length)
      throws IOException;
}
