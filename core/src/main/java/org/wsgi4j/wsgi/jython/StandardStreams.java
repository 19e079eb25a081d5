package org.wsgi4j.wsgi.jython;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.python.core.JyAttribute;
import org.python.core.PyException;
import org.python.core.PyFile;
import org.python.core.PyObject;
import org.python.core.PySystemState;
import org.python.core.finalization.FinalizeTrigger;

/**
 * Lets a closed interpreter die young. Jython gives every system state its own {@code stdin},
 * {@code stdout} and {@code stderr} files over the JVM's streams, each with a finalizer (a {@link
 * FinalizeTrigger}) that closes it, and closing the system state leaves them open. While those
 * finalizers are registered, the garbage collector keeps everything they reach for one more
 * collection: a retired interpreter's files and what they hold were copied by the first young
 * collection after its recycle (a busy recycling server kept 543 KB in the survivor space, 234-300
 * KB without them) and, where the survivor space overflowed, promoted to the old generation as
 * garbage (docs/site.md, "Retired interpreters kept alive by finalizers"). So the files are closed
 * here, as their finalizers would close them (flushing what is buffered; the JVM's own streams stay
 * open), and the finalizers are disarmed.
 */
final class StandardStreams {
  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi");

  /** The files Jython made for the system state. */
  private static final List<String> ORIGINALS = List.of("__stdin__", "__stdout__", "__stderr__");

  /** Where a system state keeps its files: the current ones and the originals. */
  private static final List<String> NAMES =
      List.of("stdin", "stdout", "stderr", "__stdin__", "__stdout__", "__stderr__");

  private StandardStreams() {}

  /**
   * Closes the standard files Jython made for a closed {@code sys} and disarms the finalizers of
   * every closed file among its current and original ones. A file that fails to close, or one an
   * application put there and left open, keeps its finalizer, which then closes it.
   */
  static void release(PySystemState sys) {
    for (String name : ORIGINALS) {
      if (sys.__findattr__(name) instanceof PyFile file && !file.getClosed()) {
        try {
          file.close();
        } catch (PyException e) {
          LOG.log(Level.FINE, e, () -> "Closing a retired interpreter's sys." + name + " failed");
        }
      }
    }
    disarmClosed(sys);
  }

  /** Disarms the finalizers of {@code sys}'s standard files that are closed. */
  static void disarmClosed(PySystemState sys) {
    for (String name : NAMES) {
      PyObject stream = sys.__findattr__(name);
      if (stream instanceof PyFile file
          && file.getClosed()
          && JyAttribute.getAttr(file, JyAttribute.FINALIZE_TRIGGER_ATTR)
              instanceof FinalizeTrigger trigger) {
        trigger.clear();
      }
    }
  }
}
