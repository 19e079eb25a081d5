package org.wsgi4j.wsgi.jython;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.wsgi.BufferedWsgiResponse;

/**
 * What a young collection keeps, object by object: loads a hello-world daemon group with {@code
 * maximum-requests} from 16 client threads, and at the end of the first young collection after the
 * warm-up stops the clients and writes a heap dump of every object, live or not. {@code
 * bench/survivors.py} then reads the objects in the survivor space (its address range comes from
 * the serial collector's {@code -Xlog:gc+heap=debug}) and the references into them from the old
 * generation. Run by {@code bench/gateway --survivors}; not a test.
 *
 * <p>Arguments: maximum-requests (500; 0 for none), seconds of warm-up (40), the dump's path.
 */
public final class SurvivorCensus {
  private static final int CLIENTS = 16;

  private SurvivorCensus() {}

  public static void main(String[] args) throws Exception {
    int maximumRequests = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    long warmUpMillis = (args.length > 1 ? Long.parseLong(args[1]) : 40) * 1000;
    String dump = args.length > 2 ? args[2] : "survivors.hprof";
    Map<String, String> options =
        maximumRequests > 0
            ? Map.of("threads", "10", "maximum-requests", Integer.toString(maximumRequests))
            : Map.of("threads", "10");
    AtomicBoolean armed = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch collected = new CountDownLatch(1);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector)
          .addNotificationListener(
              (notification, handback) -> {
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                if (armed.get() && info.getGcAction().contains("minor")) {
                  stop.set(true);
                  collected.countDown();
                }
              },
              null,
              null);
    }
    Path script = GatewayFixtures.helloScript();
    ExecutorService clients =
        Executors.newFixedThreadPool(
            CLIENTS,
            task -> {
              Thread thread = new Thread(task);
              thread.setDaemon(true);
              return thread;
            });
    try (JythonGateway gateway = new JythonGateway()) {
      RoutingDecision.Dispatch dispatch =
          GatewayFixtures.dispatch(script, Optional.of(GatewayFixtures.daemon("census", options)));
      gateway.preload(dispatch.target());
      for (int i = 0; i < CLIENTS; i++) {
        clients.execute(
            () -> {
              while (!stop.get()) {
                try {
                  gateway.handle(dispatch, GatewayFixtures.get(), new BufferedWsgiResponse());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
      }
      Thread.sleep(warmUpMillis);
      armed.set(true);
      collected.await();
      long start = System.nanoTime();
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump, false);
      System.out.println(
          "dumped every object to "
              + dump
              + " ("
              + (System.nanoTime() - start) / 1_000_000
              + " ms); "
              + gateway.processGroup("census").orElseThrow().stats());
      // The clients and the pool's threads are not waited for: the dump is what was wanted.
      System.out.flush();
      Runtime.getRuntime().halt(0);
    }
  }
}
