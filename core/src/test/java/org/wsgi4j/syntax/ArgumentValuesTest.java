package org.wsgi4j.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The value of one token by httpd's {@code ap_getword_conf} rules (apache-semantics.md §1.4; corpus
 * = tck/src/test/resources/apachectl/cases).
 */
class ArgumentValuesTest {

  static Stream<Arguments> values() {
    return Stream.of(
        // §1.4, corpus 020: inside "..." only \" and \\ are escapes.
        Arguments.of("\"it\\'s\"", "it\\'s", Quoting.DOUBLE),
        // §1.4, corpus 020: inside '...' \' is an escape.
        Arguments.of("'it\\'s'", "it's", Quoting.SINGLE),
        Arguments.of("\"a\\\"b\"", "a\"b", Quoting.DOUBLE),
        Arguments.of("'a\\\"b'", "a\\\"b", Quoting.SINGLE),
        Arguments.of("\"a\\\\b\"", "a\\b", Quoting.DOUBLE),
        Arguments.of("'a\\\\b'", "a\\b", Quoting.SINGLE),
        // §1.4: "every other backslash is literal".
        Arguments.of("\"a\\nb\"", "a\\nb", Quoting.DOUBLE),
        Arguments.of("\"a\\\\\"", "a\\", Quoting.DOUBLE),
        // §1.4, corpus 021: an unterminated quote runs to the end of the line.
        Arguments.of("\"abc", "abc", Quoting.DOUBLE),
        Arguments.of("'Trac Login", "Trac Login", Quoting.SINGLE),
        Arguments.of("\"abc\\\"", "abc\"", Quoting.DOUBLE),
        // §1.4, corpus 025: "" and '' are empty arguments.
        Arguments.of("\"\"", "", Quoting.DOUBLE),
        Arguments.of("''", "", Quoting.SINGLE),
        // §1.4, corpus 024: quotes inside an unquoted token are literal.
        Arguments.of("a\"b\"c", "a\"b\"c", Quoting.NONE),
        Arguments.of("a'b", "a'b", Quoting.NONE),
        // §1.4: \\ collapses to \ even unquoted; a single \ is literal (corpus 008: "\").
        Arguments.of("a\\\\b", "a\\b", Quoting.NONE),
        Arguments.of("a\\b", "a\\b", Quoting.NONE),
        Arguments.of("\\", "\\", Quoting.NONE),
        Arguments.of("\\\\\\", "\\\\", Quoting.NONE),
        // §1.4: unquoted, \" is not an escape.
        Arguments.of("a\\\"b", "a\\\"b", Quoting.NONE),
        // §1.2: '#' is ordinary data (IndexIgnore *# -> *#).
        Arguments.of("*#", "*#", Quoting.NONE));
  }

  @ParameterizedTest
  @MethodSource("values")
  void valueOfFollowsGetwordConf(String token, String value, Quoting quoting) {
    assertEquals(value, ArgumentValues.valueOf(token));
    assertEquals(quoting, ArgumentValues.quotingOf(token));
  }

  static Stream<Arguments> quotings() {
    return Stream.of(
        Arguments.of("plain", "plain"),
        // A value with a blank must be quoted (§1.4: arguments are separated by whitespace).
        Arguments.of("a b", "\"a b\""),
        Arguments.of("", "\"\""),
        // A leading quote would start a quoted token (§1.4).
        Arguments.of("\"x", "\"\\\"x\""),
        Arguments.of("'x", "\"'x\""),
        // A leading '#' would make a comment of a line-start token (§1.2).
        Arguments.of("#x", "\"#x\""),
        // \\ would collapse when written bare (§1.4).
        Arguments.of("a\\\\b", "\"a\\\\\\\\b\""),
        // A single backslash, and quotes after the first character, are literal when bare.
        Arguments.of("a\\b", "a\\b"),
        Arguments.of("a\"b", "a\"b"));
  }

  @ParameterizedTest
  @MethodSource("quotings")
  void quoteIfNeededReadsBack(String value, String written) {
    assertEquals(written, ArgumentValues.quoteIfNeeded(value));
    assertEquals(value, ArgumentValues.valueOf(written));
  }
}
