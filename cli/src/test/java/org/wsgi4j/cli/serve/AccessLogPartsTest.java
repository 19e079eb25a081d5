package org.wsgi4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pieces of the access log that need no server (the whole log is checked in the tck). */
class AccessLogPartsTest {
  private static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void theUserSentWithBasicCredentialsAsModAuthBasicReadsIt() {
    assertEquals(Optional.of("alice"), RemoteUser.sentUser(basic("alice:nope")));
    assertEquals(
        Optional.of("alice"), RemoteUser.sentUser("basic " + basic("alice:x").substring(6)));
    assertEquals(Optional.of(""), RemoteUser.sentUser(basic(":x")));
    assertEquals(Optional.of(""), RemoteUser.sentUser("Basic !!!"));
    assertEquals(Optional.of("nocolon"), RemoteUser.sentUser(basic("nocolon")));
    assertEquals(Optional.empty(), RemoteUser.sentUser("Bearer abc"));
    assertEquals(Optional.empty(), RemoteUser.sentUser(null));
    // apr_base64_decode stops at the first byte outside the alphabet.
    String good = basic("bob:builder").substring(6);
    assertEquals(
        Optional.of("bob"), RemoteUser.sentUser("Basic " + good.substring(0, 4) + "*junk"));
  }

  @Test
  void valuesAreEscapedAsApEscapeLogitem() {
    assertEquals("plain", AccessLogFormat.escapeValue("plain"));
    assertEquals("a\\\"b\\\\c", AccessLogFormat.escapeValue("a\"b\\c"));
    assertEquals(
        "\\t\\n\\r\\b\\v\\x01\\x7f", AccessLogFormat.escapeValue("\t\n\r\b\u000b\u0001\u007f"));
    assertEquals("caf\\xc3\\xa9", AccessLogFormat.escapeValue("caf\u00c3\u00a9"));
  }

  @Test
  void pipedProgramsAreSplitAsAprDoes() {
    assertEquals(List.of("/bin/sh", "-c", "cat >> x"), LogSink.words("/bin/sh -c 'cat >> x'"));
    assertEquals(List.of("rotatelogs", "a b", "86400"), LogSink.words("rotatelogs \"a b\" 86400"));
    assertEquals(List.of("a b"), LogSink.words("a\\ b"));
  }

  @Test
  void serverNamesGiveHostAndPort() {
    assertEquals("www.example.org", ServerName.host("https://www.example.org:8443"));
    assertEquals(Optional.of(8443), ServerName.port("https://www.example.org:8443"));
    assertEquals(Optional.empty(), ServerName.port("www.example.org"));
    assertEquals("[::1]", ServerName.host("[::1]:80"));
    assertEquals(Optional.empty(), ServerName.port("[::1]"));
  }

  @Test
  void unsupportedItemsAreListedAndNicknamesStayLiteral() {
    ServerDirectives.LogTarget target =
        new ServerDirectives.LogTarget(
            "x.log", "%h %I %O %{c}a %{Referer}i %Z", org.wsgi4j.source.SourceSpan.synthetic());
    List<String> notes =
        AccessLogFormat.unsupported(target).stream().map(d -> d.message()).toList();
    assertEquals(3, notes.size(), notes.toString());
    assertEquals(true, notes.get(0).startsWith("log format item %I "));
    assertEquals(true, notes.get(1).startsWith("log format item %{c}a "));
    assertEquals(true, notes.get(2).startsWith("log format item %Z "));
  }
}
