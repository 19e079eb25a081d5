package org.wsgi4j.wsgi.jython;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's GC pauses as {@code System.nanoTime()} spans, for {@link RecycleProbe} to tell requests
 * delayed by a collection from those delayed by the recycle itself. The JVM reports pauses in
 * milliseconds since its start, so the spans are good to about a millisecond.
 */
final class GcPauses {
  private static final ConcurrentLinkedQueue<long[]> PAUSES = new ConcurrentLinkedQueue<>();

  private GcPauses() {}

  static void listen() {
    // nanoTime at the JVM's start, to place the notifications' uptime milliseconds.
    long origin = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (notification, handback) -> {
              if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  notification.getType())) {
                return;
              }
              GarbageCollectionNotificationInfo info =
                  GarbageCollectionNotificationInfo.from(
                      (CompositeData) notification.getUserData());
              long start = origin + info.getGcInfo().getStartTime() * 1_000_000L;
              long end = origin + (info.getGcInfo().getEndTime() + 1) * 1_000_000L;
              PAUSES.add(new long[] {start, end});
            },
            null,
            null);
      }
    }
  }

  static List<long[]> all() {
    return List.copyOf(PAUSES);
  }
}
