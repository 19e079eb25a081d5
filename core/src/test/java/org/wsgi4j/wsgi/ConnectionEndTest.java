package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionEndTest {
  @ParameterizedTest(name = "{0} Connection: ''{1}'' ends: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "HTTP/1.1 | | false",
        "HTTP/1.1 | close | true",
        "HTTP/1.1 | Keep-Alive, CLOSE | true",
        "HTTP/1.1 | upgrade | false",
        "HTTP/1.0 | | true",
        "HTTP/1.0 | keep-alive | false",
        "HTTP/1.0 | Keep-Alive , TE | false",
        "HTTP/1.0 | keep-alive, close | true",
        "HTTP/2.0 | | false"
      })
  void theConnectionEndsAsRfc9112Says(String protocol, String connection, boolean ends) {
    List<Map.Entry<String, String>> headers =
        connection == null
            ? List.of(Map.entry("Host", "h"))
            : List.of(Map.entry("Host", "h"), Map.entry("connection", connection));
    WsgiRequest request =
        new SimpleWsgiRequest(
            "GET",
            "/",
            protocol,
            headers,
            new ByteArrayInputStream(new byte[0]),
            "127.0.0.1",
            1,
            "127.0.0.1",
            2,
            false);
    assertEquals(ends, ConnectionEnd.after(request));
  }

  @Test
  void anApplicationsConnectionCloseIsFoundAmongItsHeaders() {
    assertTrue(ConnectionEnd.announcedBy(List.of(Map.entry("connection", "Upgrade, Close"))));
    assertFalse(ConnectionEnd.announcedBy(List.of(Map.entry("Connection", "keep-alive"))));
    assertFalse(ConnectionEnd.announcedBy(List.of(Map.entry("X-Connection", "close"))));
    assertFalse(ConnectionEnd.announcedBy(List.of(Map.entry("Connection", "closed"))));
  }
}
