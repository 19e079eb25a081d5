package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgi4j.wsgi.Dispatches.dispatch;
import static org.wsgi4j.wsgi.Dispatches.request;
import static org.wsgi4j.wsgi.Dispatches.target;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.Dispatches;
import org.wsgi4j.wsgi.MiniJson;
import org.wsgi4j.wsgi.WsgiRequest;

/**
 * Debian's own packages, unmodified, on the gateway: the standard library's {@code
 * wsgiref.validate} and python3-paste's {@code paste.lint} wrap every test application.
 */
class DebianPackagesTest {
  private static JythonGateway gateway;
  private static DaemonProcessGroup daemon;

  @BeforeAll
  static void start(@TempDir Path sitePackages) throws IOException {
    DebianPython.link(sitePackages, "paste", "six.py");
    daemon =
        Dispatches.daemon(
            "debian", 2, Map.of("threads", "2", "python-path", sitePackages.toString()));
    gateway = new JythonGateway();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static BufferedWsgiResponse call(String callable, WsgiRequest request)
      throws IOException {
    WsgiTarget target =
        Dispatches.inGroups(target("debian_lint.wsgi", callable), Optional.of(daemon), "lint");
    BufferedWsgiResponse response = new BufferedWsgiResponse();
    int q = request.target().indexOf('?');
    gateway.handle(
        dispatch(target, q < 0 ? "" : request.target().substring(q + 1)), request, response);
    return response;
  }

  private static WsgiRequest post() {
    return request(
        "POST",
        "/app/x?a=1",
        List.of(
            Map.entry("Host", "localhost"),
            Map.entry("Content-Type", "text/plain"),
            Map.entry("Content-Length", "11")),
        "one\ntwo\nend");
  }

  /** Apps that follow PEP 3333: wrapped, they answer exactly as unwrapped. */
  private static final List<String> WELL_BEHAVED =
      List.of(
          "hello",
          "normal_close",
          "raises_after_output",
          "exc_info_before",
          "exc_info_after",
          "echo_input",
          "input_lines",
          "wrapped_file",
          "echo");

  /** Apps that break the gateway's own rules: 500 with or without a validator around them. */
  private static final List<String> REFUSED_BY_THE_GATEWAY =
      List.of(
          "raises_before_output",
          "raises_immediately",
          "bad_status",
          "bare_status",
          "unicode_status",
          "crlf_header",
          "headers_not_list",
          "unicode_body",
          "no_start_response",
          "bad_length");

  /**
   * Apps mod_wsgi serves but PEP 3333 validators reject because they send no Content-Type: the
   * negative control that shows both validators are really in the call path.
   */
  private static final List<String> NO_CONTENT_TYPE =
      List.of("over_length", "uses_write", "errors", "types");

  /** Keys that differ between any two requests, and the callable's name (the variant's). */
  private static final List<String> VOLATILE =
      List.of(
          "mod_wsgi.request_id",
          "mod_wsgi.request_start",
          "mod_wsgi.script_start",
          "mod_wsgi.queue_start",
          "mod_wsgi.daemon_start",
          "mod_wsgi.callable_object");

  @Test
  void wellBehavedAppsAnswerTheSameWrappedByEitherValidator() throws IOException {
    for (String app : WELL_BEHAVED) {
      BufferedWsgiResponse plain = call("plain_" + app, post());
      for (String validator : List.of("wsgiref_", "paste_")) {
        BufferedWsgiResponse wrapped = call(validator + app, post());
        String what = validator + app;
        assertEquals(plain.status(), wrapped.status(), what + ": " + wrapped.bodyText());
        if (app.equals("echo")) {
          // Its Content-Length follows the length of the (volatile) request id.
          assertEquals(plain.header("Content-Type"), wrapped.header("Content-Type"), what);
          assertEquals(stable(plain.bodyText()), stable(wrapped.bodyText()), what);
        } else {
          assertEquals(plain.headers(), wrapped.headers(), what);
          assertEquals(plain.bodyText(), wrapped.bodyText(), what);
        }
      }
    }
  }

  @Test
  void closeIsCalledExactlyOnceThroughEitherValidator() throws IOException {
    call("plain_closes", post()); // forget earlier tests' closes
    for (String variant : List.of("plain_", "wsgiref_", "paste_")) {
      assertEquals("ab", call(variant + "normal_close", post()).bodyText(), variant);
      assertEquals("normal", call("plain_closes", post()).bodyText(), variant);
    }
  }

  @Test
  void appsTheGatewayRefusesAre500sWrappedOrNot() throws IOException {
    for (String app : REFUSED_BY_THE_GATEWAY) {
      for (String variant : List.of("plain_", "wsgiref_", "paste_")) {
        assertEquals(500, call(variant + app, post()).status(), variant + app);
      }
    }
  }

  @Test
  void bothValidatorsAreInTheCallPath() throws IOException {
    List<String> logged = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            Object[] parameters = record.getParameters();
            logged.add(parameters == null ? record.getMessage() : Arrays.toString(parameters));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger("org.wsgi4j.wsgi");
    log.addHandler(handler);
    try {
      for (String app : NO_CONTENT_TYPE) {
        int status = call("plain_" + app, post()).status();
        assertTrue(status == 200 || status == 201, app + " is served unwrapped: " + status);
        for (String validator : List.of("wsgiref_", "paste_")) {
          logged.clear();
          assertEquals(500, call(validator + app, post()).status(), validator + app);
          assertTrue(
              logged.stream().anyMatch(m -> m.contains("No Content-Type header found")),
              validator + app + " logged " + logged);
        }
      }
    } finally {
      log.removeHandler(handler);
    }
  }

  /** The echo's JSON without the values that change from request to request. */
  private static Map<String, Object> stable(String json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> environ = (Map<String, Object>) MiniJson.parse(json);
    VOLATILE.forEach(environ::remove);
    return environ;
  }
}
