package org.wsgi4j.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.WsgiAuthScripts;
import org.wsgi4j.wsgi.jython.JythonGateway;

/**
 * The WSGI runtime a {@link WsgiFilter} configured by init parameters finds with {@link
 * java.util.ServiceLoader}: the Jython gateway with mod_wsgi's defaults. Needs jython-standalone
 * next to wsgi4j (in the web application's WEB-INF/lib, for example).
 */
public final class JythonRunner implements WsgiApplicationRunner {
  private final GatewayRunner delegate = new GatewayRunner(new JythonGateway());

  @Override
  public void run(
      RoutingDecision.Dispatch decision, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    delegate.run(decision, request, response);
  }

  @Override
  public void start(ServerConfig config) {
    delegate.start(config);
  }

  @Override
  public WsgiAuthScripts authScripts() {
    return delegate.authScripts();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
