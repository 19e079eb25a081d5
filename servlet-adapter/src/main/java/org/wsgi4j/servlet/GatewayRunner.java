package org.wsgi4j.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.wsgi.WsgiGateway;
import org.wsgi4j.wsgi.WsgiRequest;
import org.wsgi4j.wsgi.WsgiResponse;

/** Hands a routed request to the WSGI gateway, bridging the servlet request and response. */
public final class GatewayRunner implements WsgiApplicationRunner {
  private final WsgiGateway gateway;
  private final RequestBridge.PortMap ports;

  public GatewayRunner(WsgiGateway gateway) {
    this(gateway, RequestBridge.PortMap.IDENTITY);
  }

  GatewayRunner(WsgiGateway gateway, RequestBridge.PortMap ports) {
    this.gateway = gateway;
    this.ports = ports;
  }

  @Override
  public void run(
      RoutingDecision.Dispatch decision, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    RequestView view = RequestBridge.view(request, false, ports);
    WsgiRequest wsgiRequest =
        WsgiRequest.of(view, request.getRemotePort(), request.getInputStream());
    gateway.handle(decision, wsgiRequest, new ServletWsgiResponse(response));
  }

  @Override
  public void close() {
    try {
      gateway.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the WSGI gateway failed", e);
    }
  }

  /** The servlet response as the gateway writes it. */
  private static final class ServletWsgiResponse implements WsgiResponse {
    private final HttpServletResponse response;
    private boolean committed;

    ServletWsgiResponse(HttpServletResponse response) {
      this.response = response;
    }

    @Override
    public void sendHeaders(int status, String reason, List<Map.Entry<String, String>> headers) {
      response.setStatus(status);
      for (Map.Entry<String, String> header : headers) {
        if (header.getKey().equalsIgnoreCase("Content-Type")) {
          response.setContentType(header.getValue());
        } else if (header.getKey().equalsIgnoreCase("Content-Length")) {
          response.setContentLengthLong(Long.parseLong(header.getValue().trim()));
        } else {
          response.addHeader(header.getKey(), header.getValue());
        }
      }
      committed = true;
    }

    @Override
    public OutputStream body() throws IOException {
      return response.getOutputStream();
    }

    @Override
    public boolean isCommitted() {
      return committed || response.isCommitted();
    }
  }
}
