package org.wsgi4j.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsgi4j.source.Diagnostics;

/**
 * Golden syntax trees: every {@code syntax/examples/*.conf} has a {@code .tree} beside it, the
 * readable dump of its tree (one node per line, arguments and the section end as children, spans as
 * {@code line:column-line:column}). Run with {@code -Dwsgi4j.update=true} to rewrite the {@code
 * .tree} files after checking the differences by hand.
 */
class GoldenTreeTest {
  private static final Path EXAMPLES = Path.of("src/test/resources/syntax/examples");
  private static final boolean UPDATE = Boolean.getBoolean("wsgi4j.update");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> list = Files.list(EXAMPLES)) {
      return list.filter(p -> p.toString().endsWith(".conf")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void treeMatchesGolden(Path conf) throws IOException {
    String text = Files.readString(conf, StandardCharsets.UTF_8);
    Path name = conf.getFileName();
    ConfFile file = ConfParser.parse(name, text, new Diagnostics());
    String dump = SyntaxFixtures.dump(file);
    String base = name.toString();
    Path golden =
        conf.resolveSibling(base.substring(0, base.length() - ".conf".length()) + ".tree");
    if (UPDATE) {
      Files.writeString(golden, dump, StandardCharsets.UTF_8);
      return;
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), dump, golden.toString());
  }

  @Test
  void thereAreExamples() throws IOException {
    List<Path> all = examples().toList();
    assertFalse(all.isEmpty(), "no examples under " + EXAMPLES.toAbsolutePath());
  }
}
