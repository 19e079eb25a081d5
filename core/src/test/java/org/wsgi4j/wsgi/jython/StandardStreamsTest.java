package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.python.core.PyFile;
import org.python.core.PySystemState;
import org.python.core.finalization.FinalizeTrigger;

class StandardStreamsTest {
  private static final List<String> ORIGINALS = List.of("__stdin__", "__stdout__", "__stderr__");

  @Test
  void closingAnInterpreterClosesItsStandardFilesAndDisarmsTheirFinalizers() {
    JythonInterpreter interpreter = new JythonInterpreter("a", List.of(), false);
    PySystemState sys = interpreter.systemState();
    for (String name : ORIGINALS) {
      PyFile file = (PyFile) sys.__findattr__(name);
      assertTrue(FinalizeTrigger.hasActiveTrigger(file), name + " has a finalizer while open");
    }
    interpreter.close();
    for (String name : ORIGINALS) {
      PyFile file = (PyFile) sys.__findattr__(name);
      assertTrue(file.getClosed(), name + " closed");
      assertFalse(FinalizeTrigger.hasActiveTrigger(file), name + "'s finalizer disarmed");
    }
    // The files were over the JVM's own streams, which stay open.
    System.out.println("System.out after an interpreter closed its sys.stdout");
    assertFalse(System.out.checkError(), "System.out still open");
    System.err.println("System.err after an interpreter closed its sys.stderr");
    assertFalse(System.err.checkError(), "System.err still open");
  }

  @Test
  void whatWasBufferedIsWrittenWhenTheInterpreterCloses() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    JythonInterpreter interpreter = new JythonInterpreter("a", List.of(), false);
    PySystemState sys = interpreter.systemState();
    // In place of Jython's own file over System.out: one that buffers everything until flushed.
    PyFile file = new PyFile(captured, "<stdout>", "w", 8192, false);
    sys.__setattr__("__stdout__", file);
    interpreter.exec("import sys; sys.__stdout__.write('bye')");
    assertEquals("", captured.toString(StandardCharsets.US_ASCII));
    interpreter.close();
    assertEquals("bye", captured.toString(StandardCharsets.US_ASCII));
    assertFalse(FinalizeTrigger.hasActiveTrigger(file));
  }

  @Test
  void aFileAnApplicationLeftOpenKeepsItsFinalizer() {
    try (JythonInterpreter interpreter = new JythonInterpreter("a", List.of(), false)) {
      PySystemState sys = interpreter.systemState();
      PyFile file = new PyFile(new ByteArrayOutputStream(), "<mine>", "w", 8192, false);
      sys.__setattr__("stdout", file);
      StandardStreams.disarmClosed(sys);
      assertTrue(FinalizeTrigger.hasActiveTrigger(file));
      file.close();
      StandardStreams.disarmClosed(sys);
      assertFalse(FinalizeTrigger.hasActiveTrigger(file));
      // Jython's own close flushes sys.stdout, which must not be a closed file then.
      sys.__setattr__("stdout", sys.__findattr__("__stdout__"));
    }
  }

  @Test
  void openFilesKeepTheirFinalizersUntilClosed() {
    try (JythonInterpreter interpreter = new JythonInterpreter("a", List.of(), false)) {
      PySystemState sys = interpreter.systemState();
      StandardStreams.disarmClosed(sys);
      for (String name : ORIGINALS) {
        assertTrue(FinalizeTrigger.hasActiveTrigger((PyFile) sys.__findattr__(name)), name);
      }
    }
  }

  /**
   * A retired interpreter's files are garbage at the first collection after its close, not only at
   * the one after their finalizers have run (until then everything they reach is kept, and a young
   * collection copies it): phantom references to them are enqueued after a single collection.
   */
  @Test
  void aClosedInterpretersFilesAreReclaimedByOneCollection() throws InterruptedException {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    List<PhantomReference<Object>> files = closedInterpretersFiles(queue);
    System.gc();
    for (int i = 0; i < files.size(); i++) {
      Reference<?> enqueued = queue.remove(5_000);
      assertNotNull(enqueued, "a closed interpreter's file was reclaimed by one collection");
      assertTrue(files.contains(enqueued));
    }
  }

  private static List<PhantomReference<Object>> closedInterpretersFiles(
      ReferenceQueue<Object> queue) {
    JythonInterpreter interpreter = new JythonInterpreter("a", List.of(), false);
    PySystemState sys = interpreter.systemState();
    List<PhantomReference<Object>> files =
        ORIGINALS.stream()
            .map(name -> new PhantomReference<Object>(sys.__findattr__(name), queue))
            .toList();
    interpreter.close();
    return files;
  }
}
