package org.wsgi4j.wsgi.jython;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.python.core.PyDictionary;
import org.python.core.PyModule;
import org.python.core.PyObject;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;
import org.python.core.PyType;

/**
 * Takes a retired interpreter's types out of Jython's method cache. The cache is one table of 4,096
 * entries for the whole JVM, keyed by a type's version tag and an attribute name, and every
 * interpreter defines its own Python classes, each with a new tag: a new interpreter adds about 160
 * entries (found and missed look-ups of {@code __new__}, {@code __init__}, {@code __setattr__} and
 * instance attributes of the classes its modules define, such as {@code site}'s {@code _Printer}).
 * An entry of a retired interpreter's type can never be found again, but it stays in the table,
 * alive with its two weak references and its tag, until another look-up takes its slot; every young
 * collection of a recycling server copied the entries made since the one before, half of what it
 * copied beyond a steady server's (docs/site.md, "The method cache's entries"). Emptying those
 * entries at close lets them die young.
 *
 * <p>The table has no API, so it is reached by reflection; if this Jython has none of those fields,
 * purging does nothing. Emptying an entry only ever costs a look-up: a cache entry is never the
 * only record of anything.
 */
final class MethodCachePurge {
  private static final Logger LOG = Logger.getLogger("org.wsgi4j.wsgi");

  /** The system property {@code wsgi4j.methodCachePurge=false} turns purging off (to compare). */
  private static final CacheAccess CACHE =
      "false".equals(System.getProperty("wsgi4j.methodCachePurge")) ? null : CacheAccess.find();

  private MethodCachePurge() {}

  /**
   * The version tags of the Python classes {@code sys} defines: classes and the classes of other
   * objects held by its modules and its builtins (which a closed interpreter keeps).
   */
  static Set<Object> tagsOf(PySystemState sys) {
    Set<Object> tags = Collections.newSetFromMap(new IdentityHashMap<>());
    if (CACHE == null) {
      return tags;
    }
    try {
      addModuleTags(sys, tags);
      addTags(sys.getBuiltins(), tags);
    } catch (RuntimeException e) {
      // Whatever an application left in its modules, closing goes on; fewer entries are purged.
      LOG.log(Level.FINE, e, () -> "Collecting a retired interpreter's classes failed");
    }
    return tags;
  }

  private static void addModuleTags(PySystemState sys, Set<Object> tags) {
    for (PyObject module : valuesOf(sys.modules)) {
      if (module instanceof PyModule m) {
        addTags(m.__dict__, tags);
      }
    }
  }

  /** Empties the entries of the method cache keyed by any of {@code tags}; returns how many. */
  static int purge(Set<Object> tags) {
    if (CACHE == null || tags.isEmpty()) {
      return 0;
    }
    return CACHE.purge(tags);
  }

  /** The version tag of a class defined in Python, or null for built-in and Java types. */
  static Object tagOf(PyType type) {
    return CACHE == null ? null : CACHE.tagOfPythonClass(type);
  }

  /** How many entries of the method cache are keyed by any of {@code tags} (for tests). */
  static int entriesKeyedBy(Set<Object> tags) {
    return CACHE == null ? 0 : CACHE.count(tags);
  }

  private static void addTags(PyObject namespace, Set<Object> tags) {
    for (PyObject value : valuesOf(namespace)) {
      Object tag = CACHE.tagOfPythonClass(value instanceof PyType type ? type : value.getType());
      if (tag != null) {
        tags.add(tag);
      }
    }
  }

  /** The values of a module's namespace, the builtins or {@code sys.modules}. */
  private static Collection<PyObject> valuesOf(PyObject mapping) {
    if (mapping instanceof PyStringMap map) {
      return map.getMap().values();
    }
    if (mapping instanceof PyDictionary dict) {
      return dict.getMap().values();
    }
    return List.of();
  }

  /** The reflective handles on Jython's method cache, or none. */
  private record CacheAccess(
      AtomicReferenceArray<Object> table,
      Object empty,
      Field version,
      Field versionTag,
      Field builtin) {

    static CacheAccess find() {
      try {
        Class<?> cacheClass = Class.forName("org.python.core.PyType$MethodCache");
        Class<?> entryClass = Class.forName("org.python.core.PyType$MethodCache$MethodCacheEntry");
        Object cache = accessible(cacheClass.getDeclaredField("methodCache")).get(null);
        @SuppressWarnings("unchecked")
        AtomicReferenceArray<Object> table =
            (AtomicReferenceArray<Object>)
                accessible(cacheClass.getDeclaredField("table")).get(cache);
        Object empty = accessible(entryClass.getDeclaredField("EMPTY")).get(null);
        return new CacheAccess(
            table,
            empty,
            accessible(entryClass.getDeclaredField("version")),
            accessible(PyType.class.getDeclaredField("versionTag")),
            accessible(PyType.class.getDeclaredField("builtin")));
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(Level.FINE, e, () -> "Jython's method cache is out of reach; not purged");
        return null;
      }
    }

    private static Field accessible(Field field) {
      field.setAccessible(true);
      return field;
    }

    /** The tag of a class defined in Python, or null for built-in and Java types. */
    Object tagOfPythonClass(PyType type) {
      // Built-in types and Java classes are shared by every interpreter: their entries stay.
      if (type.getClass() != PyType.class) {
        return null;
      }
      try {
        return builtin.getBoolean(type) ? null : versionTag.get(type);
      } catch (IllegalAccessException e) {
        return null;
      }
    }

    int count(Set<Object> tags) {
      int count = 0;
      for (int i = 0; i < table.length(); i++) {
        if (keyedBy(table.get(i), tags)) {
          count++;
        }
      }
      return count;
    }

    int purge(Set<Object> tags) {
      int purged = 0;
      for (int i = 0; i < table.length(); i++) {
        Object entry = table.get(i);
        if (keyedBy(entry, tags) && table.compareAndSet(i, entry, empty)) {
          purged++;
        }
      }
      return purged;
    }

    private boolean keyedBy(Object entry, Set<Object> tags) {
      try {
        return entry != empty && tags.contains(version.get(entry));
      } catch (IllegalAccessException e) {
        return false;
      }
    }
  }
}
