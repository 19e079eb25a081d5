package org.wsgi4j.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Physical lines to logical lines, as httpd's {@code ap_cfg_getline} does (apache-semantics.md
 * §1.1; corpus = tck/src/test/resources/apachectl/cases).
 */
class LogicalTextTest {
  private static final Path FILE = Path.of("t.conf");

  static Stream<Arguments> joins() {
    return Stream.of(
        // §1.1.1, corpus 001: backslash + LF removed, next line appended verbatim (blanks kept).
        Arguments.of(
            "Options Indexes \\\n    FollowSymLinks\n", "Options Indexes     FollowSymLinks\n"),
        // §1.1.1 "works inside quotes", corpus 002.
        Arguments.of("AuthName \"Trac \\\n    Login\"\n", "AuthName \"Trac     Login\"\n"),
        // §1.1.1 "repeats for several lines", corpus 007.
        Arguments.of("Bogus a \\\n  b \\\n  c\n", "Bogus a   b   c\n"),
        // §1.1.1 "works inside comments": the comment swallows the next line (corpus 003).
        Arguments.of(
            "# this comment continues \\\nBogus directive\nServerAdmin w@x\n",
            "# this comment continues Bogus directive\nServerAdmin w@x\n"),
        // Corpus 004: the comment swallows a closing tag.
        Arguments.of(
            "<Directory /tmp>\n    # end \\\n</Directory>\n",
            "<Directory /tmp>\n    # end </Directory>\n"),
        // §1.1.1 "no check is made for \\ before the newline", corpus 005/006.
        Arguments.of("ServerAdmin admin\\\\\nmore\n", "ServerAdmin admin\\more\n"),
        // Corpus 010: backslash before CRLF is a continuation; CR before LF dropped (011).
        Arguments.of("ServerAdmin w@x \\\r\n    more\r\n", "ServerAdmin w@x     more\n"),
        // Corpus 011: a CRLF file is read as LF lines.
        Arguments.of("A b\r\nC d\r\n", "A b\nC d\n"),
        // Corpus 008: a backslash on the last line with no line break after it stays literal.
        Arguments.of("ServerAdmin w@x \\", "ServerAdmin w@x \\\n"),
        // Corpus 008 (and its comment): the last line needs no final line break.
        Arguments.of("A\nB", "A\nB\n"),
        // Corpus 012: a stray backslash joins two directives.
        Arguments.of("ServerAdmin a \\\nServerAdmin b\n", "ServerAdmin a ServerAdmin b\n"),
        // §1.1.1: only a backslash right before the line break counts, not one before blanks.
        Arguments.of("A \\ \nB\n", "A \\ \nB\n"),
        // A CR that is not followed by LF is not a line break (ap_cfg_getline splits on LF).
        Arguments.of("A\rB\n", "A\rB\n"),
        Arguments.of("", ""));
  }

  @ParameterizedTest
  @MethodSource("joins")
  void joinsContinuationLines(String physical, String logical) {
    assertEquals(logical, LogicalText.join(FILE, physical).text());
  }

  static Stream<Arguments> positions() {
    return Stream.of(
        // Positions are those of the physical file (SourcePosition: 1-based, physical lines).
        // Corpus 001: FollowSymLinks is on physical line 2 after four blanks.
        Arguments.of("Options Indexes \\\n    FollowSymLinks\n", "FollowSymLinks", "2:5"),
        Arguments.of("Options Indexes \\\n    FollowSymLinks\n", "Indexes", "1:9"),
        // Corpus 007: three physical lines, the last word is on the third.
        Arguments.of("Bogus a \\\n  b \\\n  c\n", "c", "3:3"),
        // Corpus 010: CRLF continuation.
        Arguments.of("ServerAdmin w@x \\\r\n    more\r\n", "more", "2:5"),
        Arguments.of("A b\r\nC d\r\n", "d", "2:3"),
        // Corpus 003: the swallowed line keeps its own line number.
        Arguments.of("# c \\\nBogus\n", "Bogus", "2:1"));
  }

  @ParameterizedTest
  @MethodSource("positions")
  void offsetsMapToPhysicalPositions(String physical, String word, String expected) {
    LogicalText text = LogicalText.join(FILE, physical);
    int offset = text.text().indexOf(word);
    assertEquals(expected, text.positionOf(offset).toString());
  }

  @ParameterizedTest
  @MethodSource("positions")
  void spansOfWordsEndAfterTheirLastCharacter(String physical, String word, String expected) {
    LogicalText text = LogicalText.join(FILE, physical);
    int offset = text.text().indexOf(word);
    String[] lineColumn = expected.split(":", -1);
    int endColumn = Integer.parseInt(lineColumn[1]) + word.length();
    assertEquals(
        expected + "-" + lineColumn[0] + ":" + endColumn,
        SyntaxFixtures.range(text.span(offset, offset + word.length())));
  }
}
