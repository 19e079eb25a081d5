package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.wsgi4j.wsgi.Dispatches.dispatch;
import static org.wsgi4j.wsgi.Dispatches.get;
import static org.wsgi4j.wsgi.Dispatches.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.Dispatches;

/** mod_wsgi script features beyond the call itself. */
class ScriptFeaturesTest {
  /**
   * {@code home=}: the group's interpreters work in that folder (relative files, os.getcwd()) and
   * import from it first; another group keeps the JVM's working directory.
   */
  @Test
  void homeIsTheWorkingDirectoryAndFirstOnThePath(@TempDir Path home) throws IOException {
    Files.writeString(home.resolve("data.txt"), "from home");
    Files.writeString(home.resolve("homemod.py"), "VALUE = 'imported from home'\n");
    DaemonProcessGroup daemon =
        Dispatches.daemon("homed", 1, Map.of("threads", "1", "home", home.toString()));
    try (JythonGateway gateway = new JythonGateway()) {
      WsgiTarget target =
          Dispatches.inGroups(target("home.wsgi", "application"), Optional.of(daemon), "h");
      BufferedWsgiResponse response = new BufferedWsgiResponse();
      gateway.handle(dispatch(target, ""), get("/app/x"), response);
      assertEquals(200, response.status(), response.bodyText());
      assertEquals(home + "|from home|imported from home", response.bodyText());

      DaemonProcessGroup other = Dispatches.daemon("homeless", 1, Map.of("threads", "1"));
      BufferedWsgiResponse elsewhere = new BufferedWsgiResponse();
      gateway.handle(
          dispatch(
              Dispatches.inGroups(target("home.wsgi", "application"), Optional.of(other), "h"), ""),
          get("/app/x"),
          elsewhere);
      assertEquals(500, elsewhere.status(), "no data.txt and no homemod without home=");
    }
  }
}
