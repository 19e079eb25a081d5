package org.wsgi4j.servlet.containers;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.InetSocketAddress;

/** Undertow 2.3 (Servlet 6.0). */
public final class UndertowContainer implements ServletContainer {
  private Undertow server;
  private DeploymentManager manager;

  @Override
  public int start(Filter filter) throws Exception {
    DeploymentInfo deployment =
        Servlets.deployment()
            .setClassLoader(UndertowContainer.class.getClassLoader())
            .setContextPath("/")
            .setDeploymentName("wsgi4j")
            .addFilter(
                Servlets.filter("wsgi4j", Filter.class, new ImmediateInstanceFactory<>(filter))
                    .setAsyncSupported(true))
            .addFilterUrlMapping("wsgi4j", "/*", DispatcherType.REQUEST)
            .addServlet(
                Servlets.servlet(
                        "teapot", Teapot.class, new ImmediateInstanceFactory<>(new Teapot()))
                    .addMapping("/*")
                    .setAsyncSupported(true));
    manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            // The request-target reaches the filter undecoded (default: getRequestURI() is
            // decoded, so %2F became '/', %C3%A9 'é', %252e '%2e').
            .setServerOption(UndertowOptions.DECODE_URL, false)
            // Characters such as | { } " < > in the request line are not refused with 400.
            .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
            .setHandler(manager.start())
            .build();
    server.start();
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (manager != null) {
      manager.stop();
      manager.undeploy();
    }
  }
}
