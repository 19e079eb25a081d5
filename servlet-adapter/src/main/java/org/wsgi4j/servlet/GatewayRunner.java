package org.wsgi4j.servlet;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.routing.RequestView;
import org.wsgi4j.routing.RoutingDecision;
import org.wsgi4j.routing.WsgiAuthScripts;
import org.wsgi4j.wsgi.ConnectionEnd;
import org.wsgi4j.wsgi.WsgiGateway;
import org.wsgi4j.wsgi.WsgiRequest;
import org.wsgi4j.wsgi.WsgiResponse;

/**
 * Hands a routed request to the WSGI gateway, bridging the servlet request and response. When the
 * request may go async (the filter is registered with async support), the container's thread is
 * released at once: the request waits for a worker of its process group in that group's queue and
 * the worker completes it (see {@link AsyncExchange}). Otherwise the container's thread waits.
 */
public final class GatewayRunner implements WsgiApplicationRunner {
  /** mod_wsgi's socket-timeout defaults to httpd's Timeout, 60 s. */
  static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);

  private final WsgiGateway gateway;
  private final RequestBridge.PortMap ports;
  private final ScheduledThreadPoolExecutor timeouts;
  private final ProgressWatch progress;
  private final FileBodySender files;

  public GatewayRunner(WsgiGateway gateway) {
    this(gateway, RequestBridge.PortMap.IDENTITY, FileBodySender.STREAM);
  }

  /** A runner whose {@code wsgi.file_wrapper} files go out through {@code files}. */
  public GatewayRunner(WsgiGateway gateway, FileBodySender files) {
    this(gateway, RequestBridge.PortMap.IDENTITY, files);
  }

  GatewayRunner(WsgiGateway gateway, RequestBridge.PortMap ports, FileBodySender files) {
    this.gateway = gateway;
    this.ports = ports;
    this.files = files;
    this.timeouts =
        new ScheduledThreadPoolExecutor(
            1,
            new ThreadFactoryBuilder()
                .setNameFormat("wsgi4j-socket-timeout-%d")
                .setDaemon(true)
                .build());
    timeouts.setRemoveOnCancelPolicy(true);
    this.progress = new ProgressWatch(timeouts);
  }

  @Override
  public void run(
      RoutingDecision.Dispatch decision, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    run(decision, RequestBridge.view(request, false, ports), request, response);
  }

  @Override
  public void run(
      RoutingDecision.Dispatch decision,
      RequestView routed,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    // The routed view may know the connection by another port (the filter's port map).
    RequestView view =
        RequestBridge.withLocalPort(routed, ports.configPort(request.getLocalPort()));
    if (!request.isAsyncSupported() || request.isAsyncStarted()) {
      WsgiRequest wsgiRequest =
          WsgiRequest.of(view, request.getRemotePort(), request.getInputStream());
      gateway.handle(decision, wsgiRequest, new ServletWsgiResponse(response, files));
      return;
    }
    AsyncContext async = request.startAsync(request, response);
    // The container's own timeout would fire in the middle of long responses; mod_wsgi's
    // socket-timeout (no progress for that long) is watched by the exchange instead.
    async.setTimeout(0);
    AsyncExchange exchange =
        new AsyncExchange(
            async,
            response,
            decision.target().processGroup(),
            socketTimeout(decision.target().daemon()),
            progress);
    async.addListener(exchange);
    WsgiRequest wsgiRequest =
        WsgiRequest.of(view, request.getRemotePort(), exchange.input(request.getInputStream()));
    exchange.start();
    gateway
        .handleAsync(
            decision, wsgiRequest, exchange.response(new ServletWsgiResponse(response, files)))
        .whenComplete((done, failure) -> exchange.finish(failure));
  }

  @Override
  public void start(ServerConfig config) {
    gateway.start(config);
  }

  /** A daemon group's socket-timeout; embedded mode has no daemon socket and no such timeout. */
  static Optional<Duration> socketTimeout(Optional<DaemonProcessGroup> daemon) {
    if (daemon.isEmpty()) {
      return Optional.empty();
    }
    String value = daemon.get().options().get("socket-timeout");
    if (value == null) {
      return Optional.of(DEFAULT_SOCKET_TIMEOUT);
    }
    try {
      int seconds = Integer.parseInt(value.trim());
      return seconds <= 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      return Optional.of(DEFAULT_SOCKET_TIMEOUT);
    }
  }

  @Override
  public WsgiAuthScripts authScripts() {
    return gateway.authScripts();
  }

  @Override
  public void close() {
    timeouts.shutdownNow();
    try {
      gateway.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the WSGI gateway failed", e);
    }
  }

  /** The servlet response as the gateway writes it. */
  private static final class ServletWsgiResponse implements WsgiResponse {
    private final HttpServletResponse response;
    private final FileBodySender files;
    private final boolean endsConnection;
    private boolean committed;

    /** Reads the response's Connection header now, on the container's thread. */
    ServletWsgiResponse(HttpServletResponse response, FileBodySender files) {
      this.response = response;
      this.files = files;
      // A server that ends the connection itself (wsgi4j serve's KeepAlive Off) says so here.
      boolean closes = false;
      for (String value : response.getHeaders("Connection")) {
        closes |= ConnectionEnd.hasToken(value, "close");
      }
      this.endsConnection = closes;
    }

    @Override
    public boolean endsConnection() {
      return endsConnection;
    }

    @Override
    public void sendHeaders(int status, String reason, List<Map.Entry<String, String>> headers) {
      response.setStatus(status);
      List<String> vary = new ArrayList<>();
      for (Map.Entry<String, String> header : headers) {
        if (header.getKey().equalsIgnoreCase("Vary")) {
          vary.add(header.getValue());
        } else if (header.getKey().equalsIgnoreCase("Content-Type")) {
          response.setContentType(header.getValue());
        } else if (header.getKey().equalsIgnoreCase("Content-Length")) {
          response.setContentLengthLong(Long.parseLong(header.getValue().trim()));
        } else {
          response.addHeader(header.getKey(), header.getValue());
        }
      }
      if (!vary.isEmpty()) {
        // One field with mod_rewrite's names (already on the response) first, as httpd sends it.
        List<String> all = VaryFields.concat(response.getHeaders("Vary"), vary);
        Optional<String> merged = VaryFields.merge(all);
        if (merged.isPresent()) {
          response.setHeader("Vary", merged.get());
        } else {
          vary.forEach(value -> response.addHeader("Vary", value));
        }
      }
      committed = true;
    }

    @Override
    public OutputStream body() throws IOException {
      return response.getOutputStream();
    }

    @Override
    public void sendFile(FileChannel file, long position, long length) throws IOException {
      files.send(response, file, position, length);
    }

    @Override
    public boolean isCommitted() {
      return committed || response.isCommitted();
    }
  }
}
