package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyType;

class MethodCachePurgeTest {
  /** Defines a module with a class and makes instances of it, which fills the method cache. */
  private static final String DEFINE_AND_USE_A_CLASS =
      """
      import sys, types
      widgets = types.ModuleType('widgets')
      exec "class Widget(object):\\n    def __init__(self):\\n        self.size = 1\\n" in widgets.__dict__
      sys.modules['widgets'] = widgets
      for _ in range(3):
          w = widgets.Widget()
          w.size
          getattr(w, 'colour', None)
      """;

  private static JythonInterpreter interpreterWithAClass() {
    JythonInterpreter interpreter = new JythonInterpreter("a", List.of(), false);
    interpreter.exec(DEFINE_AND_USE_A_CLASS);
    return interpreter;
  }

  private static PyType widgetClass(JythonInterpreter interpreter) {
    return (PyType) interpreter.eval("__import__('widgets').Widget");
  }

  @Test
  void closingAnInterpreterEmptiesTheEntriesOfTheClassesItDefined() {
    JythonInterpreter interpreter = interpreterWithAClass();
    Set<Object> tags = MethodCachePurge.tagsOf(interpreter.systemState());
    assertFalse(tags.isEmpty(), "the tags of the classes its modules and builtins hold");
    interpreter.exec("widgets.Widget().size");
    assertTrue(MethodCachePurge.entriesKeyedBy(tags) > 0, "look-ups of Widget were cached");

    interpreter.close();

    assertEquals(0, MethodCachePurge.entriesKeyedBy(tags), "no entry left for a retired class");
  }

  @Test
  void anotherInterpretersClassesKeepTheirEntries() {
    JythonInterpreter retired = interpreterWithAClass();
    try (JythonInterpreter live = interpreterWithAClass()) {
      Set<Object> liveTags = MethodCachePurge.tagsOf(live.systemState());
      Set<Object> retiredTags = MethodCachePurge.tagsOf(retired.systemState());
      assertTrue(
          liveTags.stream().noneMatch(retiredTags::contains), "each interpreter has its classes");

      live.exec("widgets.Widget().size");
      int before = MethodCachePurge.entriesKeyedBy(liveTags);
      retired.close();

      assertTrue(before > 0);
      assertEquals(before, MethodCachePurge.entriesKeyedBy(liveTags));
      PyObject size = live.eval("widgets.Widget().size");
      assertEquals(1, size.asInt(), "the live class still works");
    }
  }

  @Test
  void onlyClassesDefinedInPythonAreTheInterpretersToPurge() {
    try (JythonInterpreter interpreter = interpreterWithAClass()) {
      Set<Object> tags = MethodCachePurge.tagsOf(interpreter.systemState());
      Object widget = MethodCachePurge.tagOf(widgetClass(interpreter));
      assertNotNull(widget);
      assertTrue(tags.contains(widget), "a class held by a module");
      // Shared by every interpreter: a built-in type and a Java class keep their entries.
      assertNull(MethodCachePurge.tagOf(PyString.TYPE));
      assertNull(MethodCachePurge.tagOf(PyType.fromClass(ArrayList.class)));
    }
  }
}
