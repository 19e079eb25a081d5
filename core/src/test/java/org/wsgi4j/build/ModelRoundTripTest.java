package org.wsgi4j.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.testing.Draw;
import org.wsgi4j.testing.Trials;

/**
 * Printing a model gives configuration text that loads to an equal model. Models carry source
 * positions, which differ by construction, so equality is checked on the printed form: the printer
 * writes every field of the model, so two models print the same exactly when they are equal up to
 * positions.
 */
class ModelRoundTripTest {
  private Path directory;

  @BeforeEach
  void createFiles() throws IOException {
    directory = Files.createTempDirectory("wsgi4j-roundtrip");
    Files.writeString(directory.resolve("app.wsgi"), "application = None\n");
    Files.writeString(directory.resolve("users"), "alice:$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40\n");
    Files.writeString(directory.resolve("map.txt"), "alpha /alpha\n");
  }

  @AfterEach
  void deleteFiles() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Test
  void builtModelsSurvivePrintAndLoad() {
    Trials.check(150, draw -> survivesPrintAndLoad(site(draw)));
  }

  private void survivesPrintAndLoad(SiteSpec site) throws IOException {
    ConfigBuilder builder = site.build(directory);
    LoadResult built = builder.build();
    assertEquals(List.of(), errors(built), builder.toConfigText());
    String printed = ModelPrinter.print(built.model());

    LoadResult reloaded = load(printed);
    assertEquals(List.of(), errors(reloaded), printed);
    assertEquals(printed, ModelPrinter.print(reloaded.model()));

    // The builder's own text, read as a file, gives the same model as building in code.
    LoadResult fromText = load(builder.toConfigText());
    assertEquals(printed, ModelPrinter.print(fromText.model()));
  }

  @Test
  void realConfigurationsSurvivePrintAndLoad() throws IOException {
    Path corpus = Path.of("../tck/src/test/resources/apachectl");
    List<Path> accepted;
    try (Stream<Path> expects = Files.list(corpus.resolve("expected"))) {
      accepted =
          expects
              .filter(p -> readString(p).startsWith("verdict: ok"))
              .map(
                  p ->
                      corpus
                          .resolve("cases")
                          .resolve(p.getFileName().toString().replace(".expect", ".conf")))
              .sorted()
              .collect(Collectors.toList());
    }
    assertTrue(accepted.size() > 50, "corpus has accepted configurations");
    for (Path config : accepted) {
      LoadResult original =
          ConfigLoader.load(config, LoadOptions.defaults().withServerRoot(corpus.toAbsolutePath()));
      String printed = ModelPrinter.print(original.model());
      LoadResult reloaded = load(printed);
      assertEquals(List.of(), errors(reloaded), config + "\n" + printed);
      assertEquals(printed, ModelPrinter.print(reloaded.model()), config.toString());
    }
  }

  private LoadResult load(String text) throws IOException {
    Path file = Files.createTempFile(directory, "printed", ".conf");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return ConfigLoader.load(file, LoadOptions.defaults().withServerRoot(directory));
  }

  private static List<String> errors(LoadResult result) {
    return result.diagnostics().stream()
        .filter(Diagnostic::isError)
        .map(Diagnostic::format)
        .toList();
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String word(Draw draw) {
    return draw.string("abcdefghijklmnopqrstuvwxyz", 1, 8);
  }

  private static SiteSpec site(Draw draw) {
    return new SiteSpec(draw.list(1, 4, ModelRoundTripTest::host));
  }

  private static HostSpec host(Draw draw) {
    return new HostSpec(
        word(draw),
        draw.list(0, 2, ModelRoundTripTest::word),
        draw.between(0, RewritePool.SIZE),
        draw.bool(),
        draw.between(0, 3),
        // Values with spaces, quotes, backslashes and '#'; '$' is left out because httpd would
        // substitute ${...} in it and has no escape for that.
        draw.string("abcXYZ019 _-/.:'\"\\#<>=,", 0, 12),
        draw.oneOf("valid-user", "all granted", "ip 10.0.0.0/8", "user alice bob"),
        draw.between(1, 40));
  }

  /** Fixed rewrite snippets: the property is about printing, not about regex generation. */
  static final class RewritePool {
    static final int SIZE = 4;

    private RewritePool() {}

    static void add(VirtualHostBuilder host, int count) {
      if (count > 0) {
        host.rewriteEngine(true);
      }
      if (count > 0) {
        host.rewriteCond("%{REQUEST_URI}", "^/([a-z_]+)").rewriteRule(".", "-", "E=TRAC_ID:%1");
      }
      if (count > 1) {
        host.rewriteCond("%{HTTP_HOST}", "!^www\\.", "NC")
            .rewriteRule("^/old/(.*)$", "/new/$1", "R=301", "L");
      }
      if (count > 2) {
        host.rewriteCond("%{QUERY_STRING}", "-eq5").rewriteRule("^/a b", "/c d", "PT");
      }
      if (count > 3) {
        host.rewriteRule("!^/static", "-", "E=DYNAMIC:1", "QSA");
      }
    }
  }

  record HostSpec(
      String name,
      List<String> aliases,
      int rewrites,
      boolean matchAlias,
      int sections,
      String envValue,
      String require,
      int threads) {}

  record SiteSpec(List<HostSpec> hosts) {
    ConfigBuilder build(Path directory) {
      ConfigBuilder builder = ConfigBuilder.create().serverRoot(directory);
      for (int i = 0; i < hosts.size(); i++) {
        HostSpec spec = hosts.get(i);
        String group = "group" + i;
        String serverName = spec.name() + i + ".example.org";
        builder.virtualHost(
            "*:80",
            host -> {
              host.serverName(serverName);
              if (!spec.aliases().isEmpty()) {
                host.serverAlias(spec.aliases().toArray(new String[0]));
              }
              host.wsgiDaemonProcess(group, "threads=" + spec.threads(), "maximum-requests=500");
              RewritePool.add(host, spec.rewrites());
              if (spec.matchAlias()) {
                host.wsgiScriptAliasMatch("^/([a-z_]+)", "app.wsgi");
              } else {
                host.wsgiScriptAlias(
                    "/app", "app.wsgi", "process-group=" + group, "application-group=%{GLOBAL}");
              }
              if (spec.sections() > 0) {
                host.location(
                    "/app",
                    s ->
                        s.wsgiProcessGroup(group)
                            .wsgiApplicationGroup("%{GLOBAL}")
                            .setEnv("NOTE", spec.envValue()));
              }
              if (spec.sections() > 1) {
                host.locationMatch(
                    "/([a-z_]+)/login",
                    s ->
                        s.authType("Basic")
                            .authName("Login " + spec.envValue())
                            .authUserFile("users")
                            .require(spec.require().split(" ")));
              }
              if (spec.sections() > 2) {
                host.directory(
                    directory.toString(),
                    s -> s.order("deny,allow").denyFrom("all").allowFrom("10.0.0.1", "env=LOCAL"));
              }
            });
      }
      return builder;
    }
  }
}
