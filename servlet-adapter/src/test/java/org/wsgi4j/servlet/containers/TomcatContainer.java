package org.wsgi4j.servlet.containers;

import jakarta.servlet.Filter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Tomcat 11 embedded (Servlet 6.1). */
public final class TomcatContainer implements ServletContainer {
  /** The characters Tomcat refuses in a path or query unless told to let them through. */
  static final String RELAXED = "\"<>[\\]^`{|}";

  private Tomcat tomcat;
  private Path base;

  /** Applies the settings that keep Tomcat from deciding before the router. */
  public static void relax(Connector connector) {
    // %2F stays encoded in the URI the filter reads (default: 400 "decode" refusal).
    connector.setEncodedSolidusHandling("passthrough");
    connector.setEncodedReverseSolidusHandling("passthrough");
    connector.setProperty("relaxedPathChars", RELAXED);
    connector.setProperty("relaxedQueryChars", RELAXED);
    connector.setProperty("rejectSuspiciousURIs", "false");
  }

  @Override
  public int start(Filter filter) throws Exception {
    base = Files.createTempDirectory("wsgi4j-tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    relax(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    context.setAllowMultipleLeadingForwardSlashInPath(true);
    FilterDef def = new FilterDef();
    def.setFilterName("wsgi4j");
    def.setFilter(filter);
    def.setAsyncSupported("true");
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("wsgi4j");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    Wrapper teapot = Tomcat.addServlet(context, "teapot", new Teapot());
    teapot.setAsyncSupported(true);
    context.addServletMapping("/*", "teapot");
    tomcat.start();
    return connector.getLocalPort();
  }

  @Override
  public void stop() throws LifecycleException {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }
}
