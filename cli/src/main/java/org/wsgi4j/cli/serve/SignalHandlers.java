package org.wsgi4j.cli.serve;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SIGHUP as {@code apachectl graceful}: Java has no public signal API, so {@code sun.misc.Signal}
 * (module jdk.unsupported) is reached reflectively; where it is missing, reload is simply not
 * offered on a signal.
 */
public final class SignalHandlers {
  private static final Logger LOG = Logger.getLogger(SignalHandlers.class.getName());

  private SignalHandlers() {}

  /**
   * Runs {@code action} on every SIGHUP; false when signals cannot be handled here, or when this
   * process ignores SIGHUP (started under {@code nohup}): the JVM then leaves the signal ignored
   * and installs no handler.
   */
  public static boolean onHangUp(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
      InvocationHandler invocation =
          (Object proxy, Method method, Object[] args) -> {
            if (method.getName().equals("handle")) {
              Thread thread = new Thread(action, "wsgi4j-reload");
              thread.setDaemon(true);
              thread.start();
            }
            return null;
          };
      Object handler =
          Proxy.newProxyInstance(
              SignalHandlers.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
      Object previous =
          signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      return previous != handlerClass.getField("SIG_IGN").get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.FINE, "no SIGHUP handling: {0}", e.toString());
      return false;
    }
  }
}
