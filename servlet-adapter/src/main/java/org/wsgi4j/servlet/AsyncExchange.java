package org.wsgi4j.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wsgi4j.wsgi.HttpdErrorPage;
import org.wsgi4j.wsgi.WsgiResponse;

/**
 * One request handed to the WSGI gateway in servlet async mode. The container's request and
 * response objects are reused for later requests once the exchange completes (CVE-2023-42795), so
 * every use of them by the application's thread goes through this object: after the exchange ends
 * (response done, timeout, client gone) reads and writes fail like a closed connection, and {@link
 * AsyncContext#complete()} is called only when no read or write is in progress. A failed write
 * makes the gateway stop iterating and call the iterable's {@code close()}, as for a client abort.
 *
 * <p>The socket timeout is mod_wsgi's {@code socket-timeout}: when the application shows no
 * progress (no header, body byte or body read) for that long, the client gets mod_wsgi's 504 if
 * nothing was sent yet; otherwise the response ends there.
 */
final class AsyncExchange implements AsyncListener {
  private static final Logger LOG = Logger.getLogger(AsyncExchange.class.getName());

  private final Object lock = new Object();
  private final AsyncContext async;
  private final HttpServletResponse response;
  private final String label;
  private final Optional<Duration> socketTimeout;
  private final ProgressWatch watch;

  // Guarded by lock.
  private boolean open = true;
  private boolean completed;
  private int active;
  private boolean appWrote;

  private volatile long lastProgress = System.nanoTime();

  AsyncExchange(
      AsyncContext async,
      HttpServletResponse response,
      String label,
      Optional<Duration> socketTimeout,
      ProgressWatch watch) {
    this.async = async;
    this.response = response;
    this.label = label;
    this.socketTimeout = socketTimeout;
    this.watch = watch;
  }

  /** Starts watching for the socket timeout. */
  void start() {
    socketTimeout.ifPresent(timeout -> watch.watch(this, timeout));
  }

  /** Called by the watch now and then: ends the exchange with 504 after too long a silence. */
  void checkProgress(long now) {
    if (socketTimeout.isEmpty() || now - lastProgress < socketTimeout.get().toNanos()) {
      return;
    }
    synchronized (lock) {
      // A read or write in progress is the client's pace, not the application's silence.
      if (!open || active > 0) {
        return;
      }
    }
    LOG.warning(
        () ->
            "Timeout when reading response headers from daemon process '"
                + label
                + "' ("
                + socketTimeout.orElseThrow().toSeconds()
                + " s without progress)");
    end(504);
  }

  /** The application is done (normally, or with {@code failure}). */
  void finish(Throwable failure) {
    if (failure != null) {
      LOG.log(Level.FINE, "WSGI request ended with a failure", failure);
    }
    end(failure == null ? 0 : 500);
  }

  /**
   * Ends the exchange once: with an error page of {@code status} if that is not 0 and the
   * application has not started its response, and completes the async context when no read or write
   * is in progress (else the last of them does).
   */
  private void end(int status) {
    boolean completeNow;
    synchronized (lock) {
      if (!open) {
        return;
      }
      open = false;
      if (status != 0 && active == 0 && !appWrote && !response.isCommitted()) {
        try {
          response.reset();
          httpdPage(status);
        } catch (IOException | IllegalStateException e) {
          LOG.log(Level.FINE, "Could not send the error page", e);
        }
      }
      completeNow = active == 0 && !completed;
      completed |= completeNow;
    }
    watch.forget(this);
    if (completeNow) {
      complete();
    }
  }

  /**
   * httpd's own page for a status the handler returned (mod_wsgi's 500 and 504), as it wrote them
   * in filter-mime (cookie-wsgi-500, cookie-wsgi-504).
   */
  private void httpdPage(int status) throws IOException {
    response.setStatus(status);
    response.setContentType("text/html; charset=iso-8859-1");
    byte[] body =
        HttpdErrorPage.page(status, ErrorPages.title(status))
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    response.setContentLength(body.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(body);
    }
  }

  private void complete() {
    try {
      async.complete();
    } catch (IllegalStateException alreadyOver) {
      LOG.log(Level.FINE, "async context already completed", alreadyOver);
    }
  }

  private void enter() throws IOException {
    synchronized (lock) {
      if (!open) {
        throw new IOException("mod_wsgi client connection closed");
      }
      active++;
    }
  }

  private void exit() {
    lastProgress = System.nanoTime();
    boolean completeNow;
    synchronized (lock) {
      active--;
      completeNow = !open && active == 0 && !completed;
      completed |= completeNow;
    }
    if (completeNow) {
      complete();
    }
  }

  InputStream input(InputStream body) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        enter();
        try {
          return body.read();
        } finally {
          exit();
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        enter();
        try {
          return body.read(b, off, len);
        } finally {
          exit();
        }
      }

      @Override
      public int available() throws IOException {
        enter();
        try {
          return body.available();
        } finally {
          exit();
        }
      }
    };
  }

  WsgiResponse response(WsgiResponse inner) {
    return new WsgiResponse() {
      @Override
      public void sendHeaders(int status, String reason, List<Map.Entry<String, String>> headers)
          throws IOException {
        enter();
        try {
          synchronized (lock) {
            appWrote = true;
          }
          inner.sendHeaders(status, reason, headers);
        } finally {
          exit();
        }
      }

      @Override
      public OutputStream body() throws IOException {
        enter();
        OutputStream out;
        try {
          out = inner.body();
        } finally {
          exit();
        }
        return output(out);
      }

      @Override
      public void sendFile(FileChannel file, long position, long length) throws IOException {
        // One write in progress for the whole transfer: the client's pace, not a silence.
        enter();
        try {
          inner.sendFile(file, position, length);
        } finally {
          exit();
        }
      }

      @Override
      public boolean endsConnection() {
        return inner.endsConnection(); // known before the request went async: no container call
      }

      @Override
      public boolean isCommitted() {
        synchronized (lock) {
          return !open || appWrote || inner.isCommitted();
        }
      }
    };
  }

  private OutputStream output(OutputStream out) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        enter();
        try {
          out.write(b);
        } finally {
          exit();
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        enter();
        try {
          out.write(b, off, len);
        } finally {
          exit();
        }
      }

      @Override
      public void flush() throws IOException {
        enter();
        try {
          out.flush();
        } finally {
          exit();
        }
      }

      @Override
      public void close() {
        // The exchange, not the application, ends the response.
      }
    };
  }

  @Override
  public void onComplete(AsyncEvent event) {
    synchronized (lock) {
      open = false;
      completed = true;
    }
    watch.forget(this);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    end(504);
  }

  @Override
  public void onError(AsyncEvent event) {
    // The client went away or the container failed the request: stop the application's IO.
    end(0);
  }

  @Override
  public void onStartAsync(AsyncEvent event) {}
}
