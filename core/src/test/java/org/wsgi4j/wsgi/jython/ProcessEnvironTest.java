package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgi4j.wsgi.Dispatches.dispatch;
import static org.wsgi4j.wsgi.Dispatches.get;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.Dispatches;
import org.wsgi4j.wsgi.ProcessGroupPool;

/**
 * {@code os.environ} is per process, on real Jython: what a daemon process group's script sets
 * there (the seed's {@code os.environ['DJANGO_SETTINGS_MODULE'] = ...}) is never seen by another
 * group or by a later generation of its own, which under mod_wsgi are other OS processes; the
 * application groups of one process share it, as they do under mod_wsgi. Jython alone has one
 * {@code os.environ} for the whole JVM.
 */
class ProcessEnvironTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String KEY = "WSGI4J_PROCESS_ENVIRON_TEST";

  private JythonGateway gateway;

  @BeforeEach
  void start() {
    gateway = new JythonGateway();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private static WsgiTarget target(
      String group, String applicationGroup, Map<String, String> options) {
    DaemonProcessGroup daemon = Dispatches.daemon(group, 2, options);
    WsgiTarget target =
        new WsgiTarget(
            Dispatches.script("osenviron.wsgi"),
            "/app",
            "/x",
            "",
            Optional.empty(),
            "localhost|/app",
            "application",
            false);
    return Dispatches.inGroups(target, Optional.of(daemon), applicationGroup);
  }

  /** "before now raw": DJANGO_SETTINGS_MODULE before the request, after it, in posix.environ. */
  private String call(WsgiTarget target, String query) throws IOException {
    BufferedWsgiResponse response = new BufferedWsgiResponse();
    gateway.handle(
        dispatch(target, query),
        get(target.scriptName() + target.pathInfo() + (query.isEmpty() ? "" : "?" + query)),
        response);
    assertEquals(200, response.status(), response.bodyText());
    return response.bodyText();
  }

  @Test
  void daemonGroupsNeverSeeEachOthersEnviron() throws Exception {
    WsgiTarget one = target("env-one", "g", Map.of());
    WsgiTarget two = target("env-two", "g", Map.of());
    assertEquals("- one.settings one.settings", call(one, "settings=one.settings"));
    assertEquals("- - -", call(two, ""), "another daemon group starts from the JVM's environment");
    assertEquals("- two.settings two.settings", call(two, "default=two.settings"));
    assertEquals("one.settings one.settings one.settings", call(one, ""));
    assertEquals("two.settings two.settings two.settings", call(two, ""));
  }

  @Test
  void applicationGroupsOfOneProcessShareIt() throws Exception {
    WsgiTarget first = target("env-shared", "first", Map.of());
    WsgiTarget second = target("env-shared", "second", Map.of());
    assertEquals("- first.settings first.settings", call(first, "settings=first.settings"));
    // mod_wsgi: sub interpreters of one process share the C-level environ os.environ starts from.
    assertEquals("first.settings first.settings first.settings", call(second, "default=x"));
  }

  @Test
  void aRecycledGenerationStartsFromThePristineEnvironment() throws Exception {
    WsgiTarget target = target("env-recycled", "g", Map.of("maximum-requests", "1"));
    gateway.preload(target);
    ProcessGroupPool<?> pool = gateway.processGroup("env-recycled").orElseThrow();
    assertTrue(pool.awaitGeneration(1, WAIT));
    assertEquals("- gen1.settings gen1.settings", call(target, "settings=gen1.settings"));
    assertTrue(pool.awaitGeneration(2, WAIT), "maximum-requests=1 recycles the process");
    assertEquals("- gen2.settings gen2.settings", call(target, "settings=gen2.settings"));
  }

  /**
   * The functions around os.environ agree within a process: putenv and unsetenv (Jython implements
   * them on os.environ), getenv, posix.environ and the environment of a child process; another
   * process sees none of it. The JVM's own variables are there, as the JVM got them.
   */
  @Test
  void osFunctionsAgreeWithinAProcessOnly() {
    try (JythonProcess first = new JythonProcess("p1", List.of());
        JythonProcess second = new JythonProcess("p2", List.of())) {
      JythonInterpreter a = first.interpreter("a");
      JythonInterpreter b = first.interpreter("b");
      JythonInterpreter other = second.interpreter("a");
      a.exec("import os\nos.putenv('" + KEY + "', 'one')");
      assertEquals("one", b.eval("__import__('os').getenv('" + KEY + "')").toString());
      assertTrue(
          b.eval("__import__('os').environ is __import__(__import__('os')._name).environ")
              .__nonzero__(),
          "posix.environ is os.environ, as in plain Jython");
      assertEquals("None", other.eval("repr(__import__('os').getenv('" + KEY + "'))").toString());
      if (a.eval("__import__('os')._name").toString().equals("posix")) {
        String child =
            "__import__('subprocess').check_output(['sh', '-c', 'echo \"[$" + KEY + "]\"'])";
        assertEquals(
            "[one]", b.eval(child).toString().strip(), "a child gets its process's environ");
        assertEquals("[]", other.eval(child).toString().strip());
      }
      b.exec("import os\nos.unsetenv('" + KEY + "')");
      assertEquals("False", a.eval("repr('" + KEY + "' in os.environ)").toString());
      String path = System.getenv("PATH");
      if (path != null) {
        assertEquals(path, other.eval("__import__('os').environ['PATH']").toString());
      }
    }
  }

  /** Without site (python.import.site=false) nothing imports os early: still per process. */
  @Test
  void interpretersWithoutSiteAreProcessesOfTheirOwn() {
    try (JythonInterpreter a = new JythonInterpreter("", List.of(), false);
        JythonInterpreter b = new JythonInterpreter("", List.of(), false)) {
      a.exec("import os\nos.environ['" + KEY + "'] = 'a'");
      assertEquals("None", b.eval("repr(__import__('os').environ.get('" + KEY + "'))").toString());
      assertEquals("a", a.eval("__import__('os').getenv('" + KEY + "')").toString());
    }
  }
}
