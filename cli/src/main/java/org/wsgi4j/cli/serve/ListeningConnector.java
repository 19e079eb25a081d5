package org.wsgi4j.cli.serve;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A Jetty connector whose listening socket can be closed for certain. Closing a listening channel
 * while an acceptor thread is blocked in {@code accept()} only signals that thread: the kernel
 * keeps the socket listening, and the port takes connections, until the thread has been scheduled
 * and left the call, which on a busy machine took milliseconds (a client connecting right after a
 * reload that removed the port got through). {@link #stopListening} waits for that.
 */
final class ListeningConnector extends ServerConnector {
  private final Object acceptLock = new Object();
  private int inAccept;

  ListeningConnector(Server server, ConnectionFactory factory) {
    super(server, factory);
  }

  @Override
  public void accept(int acceptorId) throws IOException {
    synchronized (acceptLock) {
      inAccept++;
    }
    try {
      super.accept(acceptorId);
    } finally {
      synchronized (acceptLock) {
        inAccept--;
        acceptLock.notifyAll();
      }
    }
  }

  /**
   * Closes the listening socket (connections already accepted are not touched) and waits up to
   * {@code max} until no acceptor is inside {@code accept()} any more, so that the port refuses
   * connections when this returns. False if an acceptor was still inside after {@code max}.
   */
  boolean stopListening(Duration max) throws InterruptedException {
    close();
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (acceptLock) {
      while (inAccept > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(acceptLock, left);
      }
    }
    return true;
  }
}
