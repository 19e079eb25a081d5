package org.wsgi4j.wsgi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;

/**
 * A response that its writer can be cut off from. A request the pool gave up on (request-timeout)
 * keeps running on a Java thread that cannot be killed; once detached, everything that thread
 * writes fails with an {@link IOException} (as if the client had gone), so the error page the
 * caller sends instead is never mixed with late application output.
 */
public final class DetachableResponse implements WsgiResponse {
  private final WsgiResponse target;
  private final Object lock = new Object();
  private boolean detached;

  public DetachableResponse(WsgiResponse target) {
    this.target = target;
  }

  /** Cuts the writer off; returns whether the headers had already been sent. */
  public boolean detach() {
    synchronized (lock) {
      detached = true;
      return target.isCommitted();
    }
  }

  private void check() throws IOException {
    if (detached) {
      throw new IOException("request abandoned by its process group (request-timeout)");
    }
  }

  @Override
  public void sendHeaders(int status, String reason, List<Map.Entry<String, String>> headers)
      throws IOException {
    // Under the lock: detach() must not land between the check and the commit.
    synchronized (lock) {
      check();
      target.sendHeaders(status, reason, headers);
    }
  }

  @Override
  public OutputStream body() throws IOException {
    check();
    OutputStream body = target.body();
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        check();
        body.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        check();
        body.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        check();
        body.flush();
      }

      @Override
      public void close() throws IOException {
        check();
        body.close();
      }
    };
  }

  /**
   * The host's own file path when still attached; a detach during the transfer is noticed by the
   * writer the next time it writes (the host's transfer runs to its end or to the client's).
   */
  @Override
  public void sendFile(FileChannel file, long position, long length) throws IOException {
    check();
    target.sendFile(file, position, length);
  }

  @Override
  public boolean endsConnection() {
    return target.endsConnection();
  }

  @Override
  public boolean isCommitted() {
    return target.isCommitted();
  }

  @Override
  public void abort() {
    if (!detached) {
      target.abort();
    }
  }

  @Override
  public void sendError(int status, String reason) throws IOException {
    synchronized (lock) {
      check();
      target.sendError(status, reason);
    }
  }
}
