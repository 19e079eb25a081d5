package org.wsgi4j.wsgi.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgi4j.wsgi.Dispatches.dispatch;
import static org.wsgi4j.wsgi.Dispatches.get;
import static org.wsgi4j.wsgi.Dispatches.request;
import static org.wsgi4j.wsgi.Dispatches.target;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgi4j.model.DaemonProcessGroup;
import org.wsgi4j.routing.WsgiTarget;
import org.wsgi4j.wsgi.BufferedWsgiResponse;
import org.wsgi4j.wsgi.Dispatches;
import org.wsgi4j.wsgi.MiniJson;
import org.wsgi4j.wsgi.ProcessGroupPool;
import org.wsgi4j.wsgi.WsgiRequest;

/** The gateway on real Jython 2.7.4. One gateway (and so one set of interpreters) per class. */
class JythonGatewayTest {
  private static JythonGateway gateway;

  @BeforeAll
  static void start() {
    gateway = new JythonGateway();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static BufferedWsgiResponse call(WsgiTarget target, WsgiRequest request)
      throws IOException {
    BufferedWsgiResponse response = new BufferedWsgiResponse();
    int q = request.target().indexOf('?');
    gateway.handle(
        dispatch(target, q < 0 ? "" : request.target().substring(q + 1)), request, response);
    return response;
  }

  private static BufferedWsgiResponse call(String callable) throws IOException {
    return call(target("apps.wsgi", callable), get("/app/x"));
  }

  @Test
  void echoAppSeesModWsgiEnviron() throws IOException {
    WsgiRequest request =
        request(
            "POST",
            "/app/x?q=%41&b",
            List.of(
                Map.entry("Host", "localhost"),
                Map.entry("X-Multi", "a"),
                Map.entry("x-multi", "b"),
                Map.entry("X-Custom_Under", "dropped"),
                Map.entry("Proxy", "http://evil"),
                Map.entry("Authorization", "Basic Zm9vOmJhcg=="),
                Map.entry("Content-Type", "text/plain"),
                Map.entry("Content-Length", "5")),
            "hello");
    BufferedWsgiResponse response = call(target("echo.wsgi", "application"), request);
    assertEquals(200, response.status(), response.bodyText());
    Map<String, Object> env = MiniJson.object(response.bodyText());
    assertEquals("POST", env.get("REQUEST_METHOD"));
    assertEquals("/app/x?q=%41&b", env.get("REQUEST_URI"));
    assertEquals("/app", env.get("SCRIPT_NAME"));
    assertEquals("/x", env.get("PATH_INFO"));
    assertEquals("q=%41&b", env.get("QUERY_STRING"));
    assertEquals("localhost", env.get("SERVER_NAME"));
    assertEquals("80", env.get("SERVER_PORT"));
    assertEquals("HTTP/1.1", env.get("SERVER_PROTOCOL"));
    assertEquals("127.0.0.1", env.get("REMOTE_ADDR"));
    assertEquals("40000", env.get("REMOTE_PORT"));
    assertEquals("a, b", env.get("HTTP_X_MULTI"));
    assertEquals("text/plain", env.get("CONTENT_TYPE"));
    assertEquals("5", env.get("CONTENT_LENGTH"));
    assertEquals("hello", env.get("echo.body"));
    assertFalse(env.containsKey("HTTP_X_CUSTOM_UNDER"), "names with _ are dropped");
    assertFalse(env.containsKey("HTTP_PROXY"), "httpoxy");
    assertFalse(env.containsKey("HTTP_AUTHORIZATION"), "WSGIPassAuthorization Off");
    assertFalse(env.containsKey("HTTP_CONTENT_TYPE"));
    assertEquals(Dispatches.script("echo.wsgi"), env.get("SCRIPT_FILENAME"));
    assertEquals("", env.get("mod_wsgi.process_group"));
    assertEquals("localhost|/app", env.get("mod_wsgi.application_group"));
    assertEquals("application", env.get("mod_wsgi.callable_object"));
    assertEquals("1", env.get("mod_wsgi.script_reloading"));
    assertTrue(env.containsKey("mod_wsgi.script_start"));
    assertEquals(List.of(1L, 0L), env.get("wsgi.version"));
    assertEquals("http", env.get("wsgi.url_scheme"));
    assertEquals(true, env.get("wsgi.multithread"));
    assertEquals(false, env.get("wsgi.multiprocess"));
    assertEquals(false, env.get("wsgi.run_once"));
    assertEquals(true, env.get("wsgi.input_terminated"));
  }

  @Test
  void environValuesAreByteStrings() throws IOException {
    // Python 2 native strings: every CGI value is a str, never unicode.
    assertEquals("str", call("types").bodyText());
  }

  @Test
  void wsgirefValidatorFindsNothingWrong() throws IOException {
    BufferedWsgiResponse echo = call(target("validated.wsgi", "application"), get("/app/x?a=1"));
    assertEquals(200, echo.status(), echo.bodyText());
    assertEquals("/x", MiniJson.object(echo.bodyText()).get("PATH_INFO"));
    BufferedWsgiResponse streaming =
        call(
            target("validated.wsgi", "streaming"),
            request("POST", "/app/x", List.of(Map.entry("Content-Length", "5")), "hello"));
    assertEquals(200, streaming.status());
    assertEquals("got hello!", streaming.bodyText());
    BufferedWsgiResponse wrapped = call(target("validated.wsgi", "wrapped"), get("/app/x"));
    assertEquals(200, wrapped.status());
    assertTrue(wrapped.bodyText().contains("wsgiref.validate"), "the script itself is served");
  }

  @Test
  void invalidStatusOrHeadersGive500AndTheNextRequestWorks() throws IOException {
    for (String app :
        List.of(
            "bad_status",
            "bare_status",
            "unicode_status",
            "crlf_header",
            "headers_not_list",
            "unicode_body",
            "no_start_response",
            "bad_length",
            "raises_immediately")) {
      BufferedWsgiResponse response = call(app);
      assertEquals(500, response.status(), app);
      assertFalse(response.bodyText().contains("evil"), app);
      BufferedWsgiResponse next = call("hello");
      assertEquals(200, next.status(), "after " + app);
      assertEquals("hello", next.bodyText());
    }
  }

  @Test
  void closeIsCalledExactlyOnceOnEveryPath() throws IOException {
    call("closes"); // reset
    assertEquals("ab", call("normal_close").bodyText());
    assertEquals("normal", call("closes").bodyText());

    BufferedWsgiResponse before = call("raises_before_output");
    assertEquals(500, before.status());
    assertEquals("before", call("closes").bodyText());

    BufferedWsgiResponse after = call("raises_after_output");
    assertEquals(200, after.status());
    assertEquals("abc", after.bodyText());
    assertTrue(after.aborted(), "a failure after the headers cuts the response short");
    assertEquals("after", call("closes").bodyText());

    // start_response raised inside the app: nothing was returned, so nothing to close.
    assertEquals(500, call("bad_status").status());
    assertEquals("", call("closes").bodyText());
  }

  @Test
  void writeCallableAndExcInfo() throws IOException {
    BufferedWsgiResponse written = call("uses_write");
    assertEquals(201, written.status());
    assertEquals("Created", written.reason());
    assertEquals("hello world", written.bodyText());
    assertEquals(List.of(Map.entry("X-Order", "1"), Map.entry("X-Order", "2")), written.headers());

    BufferedWsgiResponse replaced = call("exc_info_before");
    assertEquals(503, replaced.status());
    assertEquals("busy", replaced.bodyText());

    BufferedWsgiResponse reraised = call("exc_info_after");
    assertEquals(200, reraised.status());
    assertEquals("partial", reraised.bodyText());
    assertTrue(reraised.aborted());
  }

  @Test
  void outputBeyondContentLengthIsDropped() throws IOException {
    BufferedWsgiResponse response = call("over_length");
    assertEquals(200, response.status());
    assertEquals("abcde", response.bodyText());
  }

  @Test
  void inputStreamsTheBody() throws IOException {
    WsgiTarget target = target("apps.wsgi", "echo_input");
    BufferedWsgiResponse response =
        call(
            target,
            request(
                "POST", "/app/x", List.of(Map.entry("Content-Length", "10")), "line1\nrestEXTRA"));
    assertEquals("'line1\\n'|'rest'|''", response.bodyText());
    BufferedWsgiResponse none = call(target, request("POST", "/app/x", List.of(), "ignored"));
    assertEquals("''|''|''", none.bodyText(), "no Content-Length, not chunked: no body");
    BufferedWsgiResponse lines =
        call(
            target("apps.wsgi", "input_lines"),
            request("PUT", "/app/x", List.of(Map.entry("Content-Length", "6")), "a\nb\nc\n"));
    assertEquals("3:a\nb\nc\n", lines.bodyText());
  }

  @Test
  void chunkedRequestBodiesAreRefusedByDefault() throws IOException {
    BufferedWsgiResponse response =
        call(
            target("apps.wsgi", "hello"),
            request("POST", "/app/x", List.of(Map.entry("Transfer-Encoding", "chunked")), "x"));
    assertEquals(411, response.status());
  }

  @Test
  void errorsGoToTheLogWithTheRequestIdentity() throws IOException {
    Logger logger = Logger.getLogger("org.wsgi4j.wsgi.errors");
    List<String> lines = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getParameters()[0] + " " + record.getParameters()[1]);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      assertEquals("ok", call("errors").bodyText());
    } finally {
      logger.removeHandler(handler);
    }
    assertEquals(4, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("[client 127.0.0.1:40000] ["), lines.get(0));
    assertTrue(lines.get(0).endsWith("printed line"), lines.get(0));
    assertTrue(lines.get(1).endsWith(" written"));
    assertTrue(lines.get(2).endsWith(" a"));
    assertTrue(lines.get(3).endsWith(" b"), "flush() logs the partial line");
  }

  @Test
  void fileWrapperIsIterated() throws IOException {
    assertEquals("0123456789".repeat(3), call("wrapped_file").bodyText());
  }

  @Test
  void missingCallableIs404EmbeddedAnd500InDaemonMode() throws IOException {
    assertEquals(404, call("no_such_callable").status());
    DaemonProcessGroup daemon = Dispatches.daemon("missing", 1, Map.of("threads", "1"));
    WsgiTarget target =
        Dispatches.inGroups(target("apps.wsgi", "no_such_callable"), Optional.of(daemon), "g");
    assertEquals(500, call(target, get("/app/x")).status());
  }

  @Test
  void applicationGroupsKeepSeparateGlobalsAndGlobalShares() throws IOException {
    WsgiTarget a = target("settings_a.wsgi", "application");
    WsgiTarget b = target("settings_b.wsgi", "application");
    WsgiTarget ownA = Dispatches.inGroups(a, Optional.empty(), "group-a");
    WsgiTarget ownB = Dispatches.inGroups(b, Optional.empty(), "group-b");
    assertEquals("a 1", call(ownA, get("/app/x")).bodyText());
    assertEquals("b 1", call(ownB, get("/app/x")).bodyText());
    assertEquals("a 2", call(ownA, get("/app/x")).bodyText(), "group-a never sees b's settings");

    // %{GLOBAL}: one interpreter, so the module-level "settings" leak, as under Apache.
    WsgiTarget globalA = Dispatches.inGroups(a, Optional.empty(), "");
    WsgiTarget globalB = Dispatches.inGroups(b, Optional.empty(), "");
    assertEquals("a 1", call(globalA, get("/app/x")).bodyText());
    assertEquals("b 1", call(globalB, get("/app/x")).bodyText());
    assertEquals("b 2", call(globalA, get("/app/x")).bodyText());
  }

  @Test
  void maximumRequestsRecyclesDrainThenSwap() throws Exception {
    System.clearProperty("wsgi4j.test.recycle.loads");
    System.clearProperty("wsgi4j.test.recycle.exits");
    DaemonProcessGroup daemon =
        Dispatches.daemon("recycler", 2, Map.of("threads", "2", "maximum-requests", "3"));
    WsgiTarget target =
        Dispatches.inGroups(target("recycle.wsgi", "application"), Optional.of(daemon), "r");
    gateway.preload(target);
    assertEquals("1", System.getProperty("wsgi4j.test.recycle.loads"));
    ProcessGroupPool<?> pool = gateway.processGroup("recycler").orElseThrow();
    for (int i = 1; i <= 3; i++) {
      assertEquals(Integer.toString(i), call(target, get("/app/x")).bodyText());
    }
    assertTrue(pool.awaitGeneration(2, Duration.ofSeconds(20)), "replacement swapped in");
    assertEquals("2", System.getProperty("wsgi4j.test.recycle.loads"), "the script was preloaded");
    // The old interpreter is closed (its atexit handlers run) just after the swap.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.getProperty("wsgi4j.test.recycle.exits") == null
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(
        "1", System.getProperty("wsgi4j.test.recycle.exits"), "the old interpreter was closed");
    assertEquals("1", call(target, get("/app/x")).bodyText(), "fresh module state");
  }
}
