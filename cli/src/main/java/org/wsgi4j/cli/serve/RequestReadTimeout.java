package org.wsgi4j.cli.serve;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * mod_reqtimeout's {@code RequestReadTimeout}: a connection gets a bounded time to deliver a
 * request head, and a body at a minimum rate, however slowly it trickles bytes. Jetty's idle
 * timeout starts again with every byte, so a client sending one byte every few seconds would
 * otherwise hold a connection (and, for a body, an application thread reading it) for ever:
 * slowloris and slow uploads. Once a second every connection is looked at:
 *
 * <ul>
 *   <li>still reading a request head after the header timeout: closed (no application thread is
 *       involved yet);
 *   <li>still receiving a body after the body timeout plus one second per {@code MinRate} bytes
 *       received: closed, which fails the application's read of {@code wsgi.input} and frees its
 *       thread.
 * </ul>
 */
final class RequestReadTimeout {
  private static final Logger LOG = Logger.getLogger(RequestReadTimeout.class.getName());

  private final Server server;
  private volatile ServerDirectives.ReadTimeouts timeouts;
  private final Map<EndPoint, Clock> clocks = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "wsgi4j-request-read-timeout");
            thread.setDaemon(true);
            return thread;
          });

  /** When a connection entered its current phase, for which request, with how many bytes in. */
  private record Clock(boolean head, long request, long since, long bytesAtStart) {}

  RequestReadTimeout(Server server, ServerDirectives.ReadTimeouts timeouts) {
    this.server = server;
    this.timeouts = timeouts;
  }

  /** A reload's values, applied from the next sweep on. */
  void update(ServerDirectives.ReadTimeouts timeouts) {
    this.timeouts = timeouts;
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
      sweep(System.nanoTime());
    } catch (RuntimeException e) {
      LOG.warning("request read timeout sweep: " + e);
    }
  }

  private void sweep(long now) {
    Set<EndPoint> seen = new HashSet<>();
    for (Connector connector : server.getConnectors()) {
      for (EndPoint endPoint : connector.getConnectedEndPoints()) {
        seen.add(endPoint);
        if (endPoint.getConnection() instanceof HttpConnection http) {
          check(endPoint, http, now);
        }
      }
    }
    clocks.keySet().removeIf(endPoint -> !seen.contains(endPoint));
  }

  private void check(EndPoint endPoint, HttpConnection http, long now) {
    ServerDirectives.ReadTimeouts timeouts = this.timeouts;
    boolean head = http.getParser().inHeaderState();
    boolean body = http.getParser().inContentState();
    if (!head && !body) {
      clocks.remove(endPoint);
      return;
    }
    long request = http.getMessagesIn();
    long bytes = http.getBytesIn();
    Clock clock =
        clocks.compute(
            endPoint,
            (k, old) ->
                old == null || old.head() != head || old.request() != request
                    ? new Clock(head, request, now, bytes)
                    : old);
    long allowed;
    if (head) {
      allowed = timeouts.header().toNanos();
    } else {
      long received = bytes - clock.bytesAtStart();
      long extension =
          timeouts.bodyMinRate() > 0
              ? TimeUnit.SECONDS.toNanos(received / timeouts.bodyMinRate())
              : 0;
      allowed = timeouts.body().toNanos() + extension;
    }
    if (now - clock.since() > allowed) {
      clocks.remove(endPoint);
      LOG.info(
          (head ? "Request header" : "Request body")
              + " read timeout: closing the connection from "
              + endPoint.getRemoteSocketAddress());
      endPoint.close();
    }
  }
}
