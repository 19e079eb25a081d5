package org.wsgi4j.servlet.containers;

import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.wsgi4j.servlet.WsgiFilter;

/**
 * A started embedded Jetty on a free loopback port with {@link WsgiFilter} (its {@code config} init
 * parameter set, async supported) in front of the {@link Teapot} servlet: what the filter passes on
 * answers 418.
 */
final class FilterOnJetty implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  private FilterOnJetty(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  static FilterOnJetty start(Path config) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder holder = new FilterHolder(WsgiFilter.class);
    holder.setInitParameter("config", config.toString());
    holder.setAsyncSupported(true);
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Teapot()), "/*");
    server.setHandler(context);
    server.start();
    return new FilterOnJetty(server, connector);
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping Jetty", e);
    } catch (Exception e) {
      throw new IllegalStateException("stopping Jetty failed", e);
    }
  }
}
