package org.wsgi4j.cli.serve;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * mod_reqtimeout's header timeout: a connection gets a bounded time to deliver a whole request
 * head, however slowly it trickles bytes (Jetty's idle timeout starts again with every byte, so a
 * client sending one byte every few seconds would hold a connection for ever: slowloris). Once a
 * second, every connection still reading a request head for longer than the timeout is closed. No
 * request has been handed to the application yet, so no application thread is involved.
 */
final class HeaderTimeout {
  private final Server server;
  private final long timeoutNanos;
  private final Map<EndPoint, long[]> waiting = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "wsgi4j-header-timeout");
            thread.setDaemon(true);
            return thread;
          });

  HeaderTimeout(Server server, Duration timeout) {
    this.server = server;
    this.timeoutNanos = timeout.toNanos();
  }

  void start() {
    var unused = sweeper.scheduleWithFixedDelay(this::sweepSafely, 1, 1, TimeUnit.SECONDS);
  }

  void stop() {
    sweeper.shutdownNow();
  }

  /** A failing sweep must not end the schedule (an exception would cancel it silently). */
  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(HeaderTimeout.class.getName())
          .warning("header timeout sweep: " + e);
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    Map<EndPoint, Boolean> seen = new ConcurrentHashMap<>();
    for (Connector connector : server.getConnectors()) {
      for (EndPoint endPoint : connector.getConnectedEndPoints()) {
        seen.put(endPoint, Boolean.TRUE);
        if (!(endPoint.getConnection() instanceof HttpConnection http)) {
          continue;
        }
        boolean readingHead = http.getParser().inHeaderState();
        long requests = http.getMessagesIn();
        if (!readingHead) {
          waiting.remove(endPoint);
          continue;
        }
        // {since, requests seen then}: a new request on the connection starts a new clock.
        long[] since =
            waiting.compute(
                endPoint,
                (k, old) -> old == null || old[1] != requests ? new long[] {now, requests} : old);
        if (now - since[0] > timeoutNanos) {
          waiting.remove(endPoint);
          endPoint.close();
        }
      }
    }
    waiting.keySet().removeIf(endPoint -> !seen.containsKey(endPoint));
  }
}
