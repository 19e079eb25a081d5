package org.wsgi4j.wsgi.jython;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.python.core.PyString;

/**
 * Python native strings for text that recurs with every request (environ keys), made once instead
 * of per request. A {@link PyString} is immutable and belongs to no interpreter, so one object can
 * serve every request and application group. Bounded: header names come from clients, so past
 * {@code limit} entries new text is converted without being kept.
 */
final class NativeStrings {
  private final Map<String, PyString> known = new ConcurrentHashMap<>();
  private final int limit;

  NativeStrings(int limit) {
    this.limit = limit;
  }

  PyString of(String text) {
    PyString value = known.get(text);
    if (value == null) {
      value = JythonRuntime.nativeString(text);
      if (known.size() < limit) {
        known.putIfAbsent(text, value);
      }
    }
    return value;
  }
}
