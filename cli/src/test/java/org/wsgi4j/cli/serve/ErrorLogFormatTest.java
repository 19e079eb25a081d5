package org.wsgi4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wsgi4j.wsgi.ErrorLogScope;

/**
 * The parsing and field rules of httpd's ErrorLogFormat (log.c's do_errorlog_format and core.c's
 * parser); the end-to-end comparison with Apache's own lines is ServeLogsTest's.
 */
class ErrorLogFormatTest {
  private static final ErrorLogScope.Request EMBEDDED =
      new ErrorLogScope.Request(
          Optional.of("a.example"),
          ImmutableMap.of(
              "REMOTE_ADDR", "10.0.0.1",
              "REMOTE_PORT", "5555",
              "HTTP_REFERER", "http://r/\"x\"\\",
              "SERVER_NAME", "a.example",
              "FOO", "bar"),
          false,
          true);

  private static ErrorLogLine line(int level, Optional<ErrorLogScope.Request> request) {
    return new ErrorLogLine(
        Instant.EPOCH,
        "wsgi",
        level,
        42,
        7,
        "hello\tworld",
        Optional.of("X.java(1)"),
        "a.example",
        request);
  }

  private static String render(String format, ErrorLogLine line) {
    return ErrorLogFormat.parse(format).render(line).orElseThrow();
  }

  @Test
  void anEmptyItemRemovesItsFieldUpToTheNextSeparator() {
    ErrorLogLine noRequest = line(3, Optional.empty());
    assertEquals("[error] :: hello\\tworld", render("[%l] [client\\ %a] :: %M", noRequest));
    assertEquals(
        "[error] [client 10.0.0.1:5555] :: hello\\tworld",
        render("[%l] [client\\ %a] :: %M", line(3, Optional.of(EMBEDDED))));
    // "% " starts a field in front of literal text: the referer suffix goes with its item.
    assertEquals("hello\\tworld", render("%M% ,\\ referer\\ %{Referer}i", noRequest));
    assertEquals(
        "hello\\tworld, referer http://r/\"x\"\\\\",
        render("%M% ,\\ referer\\ %{Referer}i", line(3, Optional.of(EMBEDDED))));
  }

  @Test
  void hyphenLevelsAndPercent() {
    ErrorLogLine noRequest = line(3, Optional.empty());
    assertEquals("- pid=42 % hello\\tworld", render("%-a pid=%P %% %M", noRequest));
    // %7F: only from debug on.
    assertEquals("[pid 42] hello\\tworld", render("[pid\\ %P] %7F %M", noRequest));
    assertEquals(
        "[pid 42] X.java(1) hello\\tworld", render("[pid\\ %P] %7F %M", line(7, Optional.empty())));
    assertEquals("bar - a.example", render("%{FOO}e %-{NONE}e %V", line(3, Optional.of(EMBEDDED))));
  }

  @Test
  void daemonRequestsHaveNoHeaders() {
    ErrorLogScope.Request daemon =
        new ErrorLogScope.Request(EMBEDDED.virtualHost(), EMBEDDED.environ(), true, true);
    assertEquals("- bar", render("%-{Referer}i %{FOO}e", line(3, Optional.of(daemon))));
  }

  @Test
  void whatHttpdRefusesIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ErrorLogFormat.parse("%X %M"));
    assertThrows(IllegalArgumentException.class, () -> ErrorLogFormat.parse("%+a %M"));
    assertThrows(IllegalArgumentException.class, () -> ErrorLogFormat.parse("%{Referer"));
  }

  @Test
  void theDefaultFormatNamesTheClientAndTheReferer() {
    String text = line(3, Optional.of(EMBEDDED)).renderDefault();
    assertEquals(
        "[wsgi:error] [pid 42:tid 7] [client 10.0.0.1:5555] hello\\tworld, referer:"
            + " http://r/\"x\"\\\\",
        text.substring(text.indexOf("] ") + 2));
  }
}
