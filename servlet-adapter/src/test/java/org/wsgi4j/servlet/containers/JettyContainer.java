package org.wsgi4j.servlet.containers;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12.1 ee10 (Servlet 6.0). */
public final class JettyContainer implements ServletContainer {
  private Server server;

  @Override
  public int start(Filter filter) throws Exception {
    server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // Jetty's default compliance answers 400 to //x, %2e%2e and %2F before any filter runs.
    http.setUriCompliance(UriCompliance.UNSAFE);
    http.setHttpCompliance(HttpCompliance.RFC9110);
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    // Servlet API path methods may throw for ambiguous URIs; the filter does not use them.
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder teapot = new ServletHolder(new Teapot());
    teapot.setAsyncSupported(true);
    context.addServlet(teapot, "/*");
    server.setHandler(context);
    server.start();
    return connector.getLocalPort();
  }

  @Override
  public void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
