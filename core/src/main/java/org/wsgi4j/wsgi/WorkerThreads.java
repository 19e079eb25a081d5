package org.wsgi4j.wsgi;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker threads of a process group: named {@code prefix-N} ({@code display-name} or {@code
 * wsgi4j-GROUP}), daemon threads, with {@code stack-size} bytes of stack when it is given (0: the
 * JVM's default; the JVM may round it or, on some platforms, ignore it).
 */
final class WorkerThreads implements ThreadFactory {
  private final String prefix;
  private final long stackSize;
  private final AtomicInteger count = new AtomicInteger();

  WorkerThreads(String prefix, long stackSize) {
    this.prefix = prefix;
    this.stackSize = stackSize;
  }

  @Override
  public Thread newThread(Runnable work) {
    Thread thread = new Thread(null, work, prefix + "-" + count.getAndIncrement(), stackSize);
    thread.setDaemon(true);
    return thread;
  }
}
