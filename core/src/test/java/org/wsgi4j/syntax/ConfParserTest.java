package org.wsgi4j.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.wsgi4j.syntax.SyntaxFixtures.directive;
import static org.wsgi4j.syntax.SyntaxFixtures.parse;
import static org.wsgi4j.syntax.SyntaxFixtures.range;
import static org.wsgi4j.syntax.SyntaxFixtures.section;
import static org.wsgi4j.syntax.SyntaxFixtures.values;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.source.SourceSpan;

/**
 * The syntax tree of one file, table by table. Every expectation cites apache-semantics.md §1 or a
 * case of the apachectl corpus (tck/src/test/resources/apachectl/cases/NNN-*.conf).
 */
class ConfParserTest {

  // ---- directives and their argument values -------------------------------------------------

  static Stream<Arguments> directives() {
    return Stream.of(
        // §1.1.1, corpus 001: continuation, leading blanks of the next line kept (as separators).
        Arguments.of(
            "Options Indexes \\\n    FollowSymLinks\n",
            "Options",
            List.of("Indexes", "FollowSymLinks")),
        // Corpus 002: continuation inside quotes keeps the blanks in the value.
        Arguments.of("AuthName \"Trac \\\n    Login\"\n", "AuthName", List.of("Trac     Login")),
        // Corpus 006: "\\" before the line break is still a continuation.
        Arguments.of("ServerAdmin admin\\\\\nmore\n", "ServerAdmin", List.of("admin\\more")),
        // Corpus 008: a trailing backslash at end of file stays: a second argument "\".
        Arguments.of(
            "ServerAdmin webmaster@example.org \\",
            "ServerAdmin",
            List.of("webmaster@example.org", "\\")),
        // Corpus 010: backslash before CRLF joins: two arguments.
        Arguments.of(
            "ServerAdmin webmaster@example.org \\\r\n    more\r\n",
            "ServerAdmin",
            List.of("webmaster@example.org", "more")),
        // Corpus 012: a stray backslash joins two directives into one with 3 args.
        Arguments.of(
            "ServerAdmin a@example.org \\\nServerAdmin b@example.org\n",
            "ServerAdmin",
            List.of("a@example.org", "ServerAdmin", "b@example.org")),
        // §1.2: '#' mid-line is data (IndexIgnore *# -> *#).
        Arguments.of("IndexIgnore *#\n", "IndexIgnore", List.of("*#")),
        // §1.2, corpus 013.
        Arguments.of(
            "Allow from 10.0.0.1 # office\n", "Allow", List.of("from", "10.0.0.1", "#", "office")),
        // §1.2, corpus 014/015.
        Arguments.of(
            "RewriteRule ^/a /b [L] # note\n",
            "RewriteRule",
            List.of("^/a", "/b", "[L]", "#", "note")),
        Arguments.of("RewriteRule ^/a /b #note\n", "RewriteRule", List.of("^/a", "/b", "#note")),
        // Corpus 016, 019.
        Arguments.of("Options # comment\n", "Options", List.of("#", "comment")),
        Arguments.of("ServerName www # main\n", "ServerName", List.of("www", "#", "main")),
        // §1.4, corpus 020.
        Arguments.of("AuthName \"it\\'s\"\n", "AuthName", List.of("it\\'s")),
        Arguments.of("AuthName 'it\\'s'\n", "AuthName", List.of("it's")),
        // §1.4, corpus 021: unterminated quote runs to the end of the line.
        Arguments.of("AuthName \"Trac Login\n", "AuthName", List.of("Trac Login")),
        // §1.4, corpus 022: "a""b" is two arguments.
        Arguments.of("AuthName \"a\"\"b\"\n", "AuthName", List.of("a", "b")),
        // §1.4: "/js""http://x/js" -> two args.
        Arguments.of("Alias \"/js\"\"http://x/js\"\n", "Alias", List.of("/js", "http://x/js")),
        // §1.4, corpus 023: "x"y -> x, y.
        Arguments.of(
            "ServerAdmin \"webmaster\"@example.org\n",
            "ServerAdmin",
            List.of("webmaster", "@example.org")),
        // §1.4, corpus 024: quotes inside an unquoted token are literal.
        Arguments.of("ServerAdmin a\"b\"c\n", "ServerAdmin", List.of("a\"b\"c")),
        // §1.4, corpus 025: "" is an empty argument.
        Arguments.of("ServerName \"\"\n", "ServerName", List.of("")),
        Arguments.of("X '' a\n", "X", List.of("", "a")),
        // §1.4: \\ collapses unquoted, a single \ is literal, "\ " does not escape a blank.
        Arguments.of("X a\\\\b c\\d e\\ f\n", "X", List.of("a\\b", "c\\d", "e\\", "f")),
        // §1.1.2: the logical line is trimmed; §1.4: runs of whitespace separate.
        Arguments.of("  \t ServerName   a \t b  \t\n", "ServerName", List.of("a", "b")),
        // §1.5, corpus 027: the name is kept as written (compared case-insensitively later).
        Arguments.of("rewriteengine on\n", "rewriteengine", List.of("on")),
        // §1.4: a directive with no arguments.
        Arguments.of("ServerName\n", "ServerName", List.of()),
        // §1.4: '<' and '>' inside directive arguments are data.
        Arguments.of("Header set X <a>\n", "Header", List.of("set", "X", "<a>")),
        // §1.3/§1.4: ${VAR} is not substituted by the syntax layer.
        Arguments.of("AuthName ${REALM}\n", "AuthName", List.of("${REALM}")));
  }

  @ParameterizedTest
  @MethodSource("directives")
  void directiveArguments(String text, String name, List<String> expected) {
    Directive directive = directive(text);
    assertEquals(name, directive.name());
    assertEquals(expected, values(directive.args()));
  }

  static Stream<Arguments> rawArgs() {
    return Stream.of(
        // RAW_ARGS handlers read the text after the name (§1.4): joined line, trimmed.
        Arguments.of("RewriteRule  ^/a  /b  [L]  \n", "^/a  /b  [L]"),
        Arguments.of("Options Indexes \\\n    FollowSymLinks\n", "Indexes     FollowSymLinks"),
        Arguments.of("AuthName \"a b\" 'c'\n", "\"a b\" 'c'"),
        Arguments.of("ServerName\n", ""));
  }

  @ParameterizedTest
  @MethodSource("rawArgs")
  void rawArgumentText(String text, String raw) {
    assertEquals(raw, directive(text).rawArgs());
  }

  // ---- comments ----------------------------------------------------------------------------

  static Stream<Arguments> comments() {
    return Stream.of(
        // §1.2, corpus 017: indented comments are comments.
        Arguments.of("    # an indented comment\n", "# an indented comment", "1:5-1:26"),
        Arguments.of("\t# after a tab\n", "# after a tab", "1:2-1:15"),
        // §1.1.1, corpus 003: the comment swallows the next line.
        Arguments.of(
            "# continues \\\nBogus directive\n", "# continues Bogus directive", "1:1-2:16"),
        Arguments.of("#\n", "#", "1:1-1:2"));
  }

  @ParameterizedTest
  @MethodSource("comments")
  void commentLines(String text, String comment, String span) {
    Comment node = (Comment) SyntaxFixtures.only(text);
    assertEquals(comment, node.text());
    assertEquals(span, range(node.span()));
  }

  @Test
  void commentSwallowsTheNextDirective() {
    // Corpus 003: only ServerAdmin remains as a directive.
    assertEquals(
        "# ServerAdmin",
        shape(parse("# c \\\nBogus directive that is never parsed\nServerAdmin w@x\n").nodes()));
  }

  @Test
  void blankLinesAreIgnored() {
    // §1.2: empty lines are ignored.
    assertEquals("A B", shape(parse("\n\n  \t\nA\n\r\n\nB\n").nodes()));
  }

  // ---- section heads -----------------------------------------------------------------------

  static Stream<Arguments> heads() {
    return Stream.of(
        // §1.5, corpus 100: only the last '>' counts.
        Arguments.of("<IfVersion >= 2.4>\n", "IfVersion", List.of(">=", "2.4"), ">= 2.4", false),
        // Corpus 101.
        Arguments.of("<IfVersion < 2.0>\n", "IfVersion", List.of("<", "2.0"), "< 2.0", false),
        // §1.2, corpus 018: the last '>' is in the trailing "comment".
        Arguments.of(
            "<Directory /tmp> # see <Files>\n",
            "Directory",
            List.of("/tmp>", "#", "see", "<Files"),
            "/tmp> # see <Files",
            false),
        // §1.2: text after the last '>' is ignored.
        Arguments.of("<Directory /x> # c\n", "Directory", List.of("/x"), "/x", false),
        // Corpus 039: the closing tag on the opening line is part of the head.
        Arguments.of(
            "<FilesMatch \"\\.bak$\"></FilesMatch>\n",
            "FilesMatch",
            List.of("\\.bak$", "></FilesMatch"),
            "\"\\.bak$\"></FilesMatch",
            false),
        // Corpus 026: cut at the last '>' first, then tokenized: unterminated quote "/tmp.
        Arguments.of("<Directory \"/tmp>\n", "Directory", List.of("/tmp"), "\"/tmp", false),
        // Corpus 060: no arguments (an error only for handlers that need one).
        Arguments.of("<Directory>\n", "Directory", List.of(), "", false),
        // Corpus 061: an empty quoted argument.
        Arguments.of("<Location \"\">\n", "Location", List.of(""), "\"\"", false),
        // Corpus 051: no '>' at all.
        Arguments.of("<Directory /tmp\n", "Directory", List.of("/tmp"), "/tmp", true),
        Arguments.of("<Directory\n", "Directory", List.of(), "", true),
        // Corpus 081: every argument is kept; the handler uses the first.
        Arguments.of(
            "<IfModule mod_rewrite.c mod_nonexistent.c>\n",
            "IfModule",
            List.of("mod_rewrite.c", "mod_nonexistent.c"),
            "mod_rewrite.c mod_nonexistent.c",
            false),
        // Corpus 078.
        Arguments.of(
            "<IfModule !mod_rewrite.c>\n",
            "IfModule",
            List.of("!mod_rewrite.c"),
            "!mod_rewrite.c",
            false),
        // Corpus 168: quoting rules apply to section arguments (§1.4).
        Arguments.of(
            "<Location ~ \"^/(a\">\n", "Location", List.of("~", "^/(a"), "~ \"^/(a\"", false),
        // §1.5: the name is kept as written.
        Arguments.of("<directory /x>\n", "directory", List.of("/x"), "/x", false),
        // §1.1.1: a head continued on the next line.
        Arguments.of(
            "<VirtualHost a:80 \\\n  b:80>\n",
            "VirtualHost",
            List.of("a:80", "b:80"),
            "a:80   b:80",
            false),
        // §1.1.2: leading blanks before the tag.
        Arguments.of("   <Files x.txt>   \n", "Files", List.of("x.txt"), "x.txt", false));
  }

  @ParameterizedTest
  @MethodSource("heads")
  void sectionHeads(
      String text, String name, List<String> args, String rawHead, boolean missingGt) {
    Section section = section(text);
    assertEquals(name, section.name());
    assertEquals(args, values(section.args()));
    assertEquals(rawHead, section.rawHead());
    assertEquals(missingGt, section.missingGt());
  }

  // ---- closing tags and nesting ------------------------------------------------------------

  static Stream<Arguments> structures() {
    return Stream.of(
        // Corpus 030: text after the closing tag is ignored.
        Arguments.of(
            "<Directory /tmp>\nOptions None\n</Directory> trailing words after the tag\n",
            "<Directory>{Options}CLOSED"),
        Arguments.of(
            "<Location /x>\nRequire all granted\n</Location>\t# comment\n",
            "<Location>{Require}CLOSED"),
        // Corpus 031: "</Location>>" reads as a tag named "Location>": a mismatch.
        Arguments.of(
            "<Location /x>\nRequire all granted\n</Location>>\n",
            "<Location>{Require}MISMATCHED(Location>)"),
        // Corpus 032: the second tag on a closing line is ignored; IfModule stays open.
        Arguments.of(
            "<IfModule mod_rewrite.c>\n<VirtualHost *:80>\nServerName a\n</VirtualHost> </IfModule>\n",
            "<IfModule>{<VirtualHost>{ServerName}CLOSED}UNCLOSED"),
        // Corpus 033: mismatched closing tag.
        Arguments.of(
            "<Directory /tmp>\nOptions None\n</Location>\n",
            "<Directory>{Options}MISMATCHED(Location)"),
        // Corpus 034: stray closing tag.
        Arguments.of(
            "<Directory /tmp>\nOptions None\n</Directory>\n</Directory>\n",
            "<Directory>{Options}CLOSED </Directory>"),
        // Corpus 035: a stray closing tag inside a conditional section.
        Arguments.of(
            "<IfModule mod_rewrite.c>\n</Directory>\n</IfModule>\n",
            "<IfModule>{</Directory>}CLOSED"),
        // Corpus 036: unclosed at end of file.
        Arguments.of("<VirtualHost *:80>\nServerName a\n", "<VirtualHost>{ServerName}UNCLOSED"),
        // Corpus 039: the closing tag on the opening line does not close it.
        Arguments.of("<FilesMatch \"\\.bak$\"></FilesMatch>\n", "<FilesMatch>{}UNCLOSED"),
        // Corpus 004: the comment swallows the closing tag.
        Arguments.of(
            "<Directory /tmp>\nOptions None\n# end of the block \\\n</Directory>\n",
            "<Directory>{Options #}UNCLOSED"),
        // Corpus 043: a closing tag in a conditional's body cannot close a section outside it.
        Arguments.of(
            "<Location /x>\n<IfModule mod_rewrite.c>\nRequire all granted\n</Location>\n</IfModule>\n",
            "<Location>{<IfModule>{Require </Location>}CLOSED}UNCLOSED"),
        // Corpus 044: a section opened inside IfModule and closed outside it. httpd stops at the
        // mismatch; the tag that caused it belongs to the mismatched section (so printing writes
        // it back), and the IfModule stays open.
        Arguments.of(
            "<IfModule mod_rewrite.c>\n<Directory /tmp>\n</IfModule>\n</Directory>\n",
            "<IfModule>{<Directory>{}MISMATCHED(IfModule) </Directory>}UNCLOSED"),
        // Corpus 047: the inner conditional is a block of its own (config.c
        // ap_build_cont_config); the reader turns this into "Expected </IfDefine> but saw
        // </IfModule>" where the outer section is false.
        Arguments.of(
            "<IfModule mod_nonexistent.c>\n<IfDefine NEVER_DEFINED>\n</IfModule>\n",
            "<IfModule>{<IfDefine>{</IfModule>}UNCLOSED}UNCLOSED"),
        // Corpus 048: an opening tag without '>' still pairs with its closing tag.
        Arguments.of(
            "<IfModule mod_nonexistent.c>\n<VirtualHost *:80\n</VirtualHost>\n</IfModule>\n",
            "<IfModule>{<VirtualHost>!{}CLOSED}CLOSED"),
        // Corpus 050: a closing tag without '>' (httpd: "missing closing '>'").
        Arguments.of(
            "<Directory /tmp>\nOptions None\n</Directory\n", "<Directory>{Options}CLOSED!"),
        // "</Directory >": the tag word is "</Directory", which has no '>': read as name
        // "Directory" with missingGt (config.c ap_build_config_sub refuses it for the missing
        // '>'; only ap_soak_end_container, in a false conditional, drops the last character
        // blindly and reads "</Director"; the reader decides which applies).
        Arguments.of("<Directory /tmp>\n</Directory >\n", "<Directory>{}CLOSED!"),
        Arguments.of("</Directory >\n", "</Directory>!"),
        // §1.5: section names match case-insensitively.
        Arguments.of("<directory /x>\n</DIRECTORY>\n", "<directory>{}CLOSED"),
        Arguments.of(
            "<IfModule a>\n<ifmodule b>\nX\n</IFMODULE>\n</IfModule>\n",
            "<IfModule>{<ifmodule>{X}CLOSED}CLOSED"),
        // §1.5: a closing tag must name the innermost open section ("Expected </Directory> but
        // saw </VirtualHost>"): the inner section is mismatched.
        Arguments.of(
            "<VirtualHost *:80>\n<Directory /x>\n</VirtualHost>\n",
            "<VirtualHost>{<Directory>{}MISMATCHED(VirtualHost)}UNCLOSED"),
        // §1.5: stray closing tag at top level.
        Arguments.of("</VirtualHost>\n", "</VirtualHost>"),
        // §1.6: conditional sections nest anywhere.
        Arguments.of(
            "<VirtualHost *:80>\n<IfModule m>\n<Location /a>\nX\n</Location>\n</IfModule>\n</VirtualHost>\n",
            "<VirtualHost>{<IfModule>{<Location>{X}CLOSED}CLOSED}CLOSED"));
  }

  @ParameterizedTest
  @MethodSource("structures")
  void closingTags(String text, String expectedShape) {
    assertEquals(expectedShape, shape(parse(text).nodes()));
  }

  // ---- spans -------------------------------------------------------------------------------

  static Stream<Arguments> spans() {
    String continued = "Options Indexes \\\n    FollowSymLinks\n";
    String section = "<Directory /tmp>\n    Options None\n</Directory>\n";
    return Stream.of(
        // SourcePosition: 1-based line and column of the physical file (§1.1: joined lines keep
        // their physical positions; corpus 001, 007).
        Arguments.of(continued, "0.name", "1:1-1:8"),
        Arguments.of(continued, "0.arg0", "1:9-1:16"),
        Arguments.of(continued, "0.arg1", "2:5-2:19"),
        Arguments.of(continued, "0", "1:1-2:19"),
        Arguments.of(section, "0.open", "1:1-1:17"),
        Arguments.of(section, "0.arg0", "1:12-1:16"),
        Arguments.of(section, "0.body0.name", "2:5-2:12"),
        Arguments.of(section, "0.body0.arg0", "2:13-2:17"),
        Arguments.of(section, "0.close", "3:1-3:13"),
        // Quotes belong to the argument's span.
        Arguments.of("  AuthName \"a b\"\n", "0.arg0", "1:12-1:17"),
        // Corpus 010: CRLF.
        Arguments.of("# x\r\nServerAdmin w@x \\\r\n    more\r\n", "1.arg1", "3:5-3:9"),
        // §1.5, corpus 100.
        Arguments.of("<IfVersion >= 2.4>\n</IfVersion>\n", "0.arg0", "1:12-1:14"),
        Arguments.of("<IfVersion >= 2.4>\n</IfVersion>\n", "0.arg1", "1:15-1:18"),
        // A tab is one column.
        Arguments.of("\tA\tb\n", "0.arg0", "1:4-1:5"),
        // Corpus 034: the stray tag.
        Arguments.of("X\n  </Directory>\n", "1", "2:3-2:15"),
        // Corpus 031: where the mismatching tag is.
        Arguments.of("<Location /x>\n</Location>>\n", "0.close", "2:1-2:13"),
        // A head continued on the next physical line.
        Arguments.of("<VirtualHost a:80 \\\n  b:80>\n</VirtualHost>\n", "0.arg1", "2:3-2:7"));
  }

  @ParameterizedTest
  @MethodSource("spans")
  void spansAreOneBasedPhysicalPositions(String text, String path, String expected) {
    assertEquals(expected, range(select(parse(text).nodes(), path)));
  }

  @Test
  void parserReportsNothingForOrdinaryInput() {
    Diagnostics diagnostics = new Diagnostics();
    ConfParser.parse(
        SyntaxFixtures.FILE, "<A \"b>\n</A>>\n\"\\\n'\n<\n</\n<>\n>\n#\n\\", diagnostics);
    assertEquals(List.of(), diagnostics.all());
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Compact structure: names, children in braces, how each section ended. */
  static String shape(List<ConfNode> nodes) {
    return nodes.stream().map(ConfParserTest::shape).collect(Collectors.joining(" "));
  }

  private static String shape(ConfNode node) {
    if (node instanceof Comment) {
      return "#";
    }
    if (node instanceof Directive directive) {
      return directive.name();
    }
    if (node instanceof StrayCloseTag stray) {
      return "</" + stray.name() + ">" + (stray.missingGt() ? "!" : "");
    }
    Section section = (Section) node;
    Closure closure = section.closure();
    return "<"
        + section.name()
        + ">"
        + (section.missingGt() ? "!" : "")
        + "{"
        + shape(section.body())
        + "}"
        + closure.kind()
        + closure.sawName().map(saw -> "(" + saw + ")").orElse("")
        + (closure.missingGt() ? "!" : "");
  }

  /**
   * Follows a path such as {@code 0.body1.arg0}: a top-level index, then {@code bodyN}, {@code
   * argN}, {@code name}, {@code open} or {@code close}.
   */
  private static SourceSpan select(List<ConfNode> nodes, String path) {
    String[] steps = path.split("\\.", -1);
    ConfNode node = nodes.get(Integer.parseInt(steps[0]));
    for (int i = 1; i < steps.length; i++) {
      String step = steps[i];
      if (step.startsWith("body")) {
        node = ((Section) node).body().get(Integer.parseInt(step.substring(4)));
      } else if (step.startsWith("arg")) {
        int index = Integer.parseInt(step.substring(3));
        return node instanceof Section s
            ? s.args().get(index).span()
            : ((Directive) node).args().get(index).span();
      } else if (step.equals("name")) {
        return ((Directive) node).nameSpan();
      } else if (step.equals("open")) {
        return ((Section) node).openSpan();
      } else if (step.equals("close")) {
        return ((Section) node).closure().at();
      } else {
        throw new IllegalArgumentException(step);
      }
    }
    return node.span();
  }
}
