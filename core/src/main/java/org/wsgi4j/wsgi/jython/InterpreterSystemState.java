package org.wsgi4j.wsgi.jython;

import java.util.Optional;
import org.python.core.Py;
import org.python.core.PyObject;
import org.python.core.PySystemState;
import org.python.core.PyType;

/**
 * One interpreter's {@code sys}, with its own {@code sys.prefix} and {@code sys.exec_prefix}.
 * Jython keeps both in static fields, so one interpreter assigning them (or a python home for one
 * group) would change them for every interpreter of the JVM; under mod_wsgi each sub interpreter
 * has its own {@code sys}, and a process with {@code python-home=} (or {@code WSGIPythonHome}) has
 * that directory as both (recorded from Apache + mod_wsgi 4.9.4: serve kit {@code python-home}).
 * Without a home they start as Jython's own prefix, which is what CPython's installation prefix is
 * to mod_wsgi's applications. Java code that reads the static fields still sees Jython's.
 */
final class InterpreterSystemState extends PySystemState {
  private static final long serialVersionUID = 1L;
  private static final PyType SYS_TYPE = PyType.fromClass(PySystemState.class);

  private PyObject ownPrefix;
  private PyObject ownExecPrefix;

  /**
   * @param pythonHome {@code python-home=} or {@code WSGIPythonHome}: both prefixes, when given
   */
  InterpreterSystemState(Optional<String> pythonHome) {
    ownPrefix = pythonHome.<PyObject>map(JythonRuntime::nativeString).orElse(PySystemState.prefix);
    ownExecPrefix =
        pythonHome.<PyObject>map(JythonRuntime::nativeString).orElse(PySystemState.exec_prefix);
  }

  /** Still {@code sys}'s own type to Python code ({@code type(sys)}, {@code dir(sys)}). */
  @Override
  public PyType getType() {
    return SYS_TYPE;
  }

  @Override
  public PyObject __findattr_ex__(String name) {
    if ("prefix".equals(name)) {
      return ownPrefix;
    }
    if ("exec_prefix".equals(name)) {
      return ownExecPrefix;
    }
    return super.__findattr_ex__(name);
  }

  @Override
  public void __setattr__(String name, PyObject value) {
    if ("prefix".equals(name)) {
      ownPrefix = value;
    } else if ("exec_prefix".equals(name)) {
      ownExecPrefix = value;
    } else {
      super.__setattr__(name, value);
    }
  }

  @Override
  public void __delattr__(String name) {
    if ("prefix".equals(name) || "exec_prefix".equals(name)) {
      if (__findattr_ex__(name) == null) {
        throw Py.AttributeError(name);
      }
      if ("prefix".equals(name)) {
        ownPrefix = null;
      } else {
        ownExecPrefix = null;
      }
    } else {
      super.__delattr__(name);
    }
  }
}
