package org.wsgi4j.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.model.FileEtag;
import org.wsgi4j.source.DiagnosticCode;

/**
 * mod_mime, ForceType, AddDefaultCharset and FileETag from configuration to the facts of a
 * decision. The behaviour itself is recorded from httpd in servlet-adapter's filter-mime cases and
 * compared over HTTP by FilterMimeTest; these check the pieces on their own.
 */
class MimeRoutingTest {
  @TempDir Path dir;

  private static final Map<String, String> TYPES =
      Map.of("txt", "text/plain", "html", "text/html", "gz", "application/gzip");

  @BeforeEach
  void files() throws IOException {
    for (String name : List.of("a/x.foo", "a/b/x.foo", "a/b/x.txt", "w.wsgi")) {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "x\n");
    }
  }

  private LoadResult load(String text) throws IOException {
    Path conf = dir.resolve("t.conf");
    Files.writeString(conf, text.replace("@D@", dir.toString()), StandardCharsets.UTF_8);
    return ConfigLoader.load(conf, LoadOptions.defaults().withServerRoot(dir));
  }

  private static MimeFacts mime(LoadResult loaded, String target) {
    RoutingDecision decision =
        new Router(RouteContext.of(loaded.model()))
            .route(RequestView.of("GET", target, 80, List.of(Map.entry("Host", "localhost"))));
    assertTrue(decision instanceof RoutingDecision.StaticFile, decision.toString());
    return decision.facts().mime();
  }

  @Test
  void aChildSectionOverridesAddsAndRemovesWhatItsParentSet() throws IOException {
    LoadResult loaded =
        load(
            """
            Alias /f @D@/a
            <Directory @D@/a>
              AddType Text/X-Foo .FOO
              AddCharset UTF-8 .foo
              FileETag Size
              AddDefaultCharset On
            </Directory>
            <Directory @D@/a/b>
              RemoveCharset .foo
              FileETag +MTime
              AddDefaultCharset Off
            </Directory>
            """);
    assertTrue(loaded.isServable(), loaded.diagnostics().toString());
    MimeFacts parent = mime(loaded, "/f/x.foo");
    assertEquals(
        Optional.of("text/x-foo; charset=utf-8"),
        parent.describe("x.foo", TYPES::get).contentType());
    assertEquals(FileEtag.SIZE, parent.etagComponents());
    assertEquals("text/plain; charset=iso-8859-1", parent.withDefaultCharset("text/plain"));
    MimeFacts child = mime(loaded, "/f/b/x.foo");
    assertEquals(Optional.of("text/x-foo"), child.describe("x.foo", TYPES::get).contentType());
    assertEquals(FileEtag.SIZE | FileEtag.MTIME, child.etagComponents());
    assertEquals("text/plain", child.withDefaultCharset("text/plain"));
  }

  @Test
  void removeTypeHidesTheTypesFileAndForceTypeWinsOverEverything() throws IOException {
    LoadResult loaded =
        load(
            """
            Alias /f @D@/a
            <Directory @D@/a/b>
              RemoveType .txt
            </Directory>
            <Location /f/b/x.foo>
              ForceType TEXT/HTML
            </Location>
            """);
    assertTrue(loaded.isServable(), loaded.diagnostics().toString());
    assertEquals(
        Optional.empty(), mime(loaded, "/f/b/x.txt").describe("x.txt", TYPES::get).contentType());
    assertEquals(
        Optional.of("text/html"),
        mime(loaded, "/f/b/x.foo").describe("x.foo", TYPES::get).contentType());
  }

  @Test
  void extensionsAreReadInOrderAndTheLastTypeWins() {
    MimeFacts facts =
        new MimeFacts(
            com.google.common.collect.ImmutableMap.of(
                "en",
                new MimeFacts.ExtensionInfo(
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("en")),
                "gz",
                new MimeFacts.ExtensionInfo(
                    Optional.empty(), Optional.empty(), Optional.of("x-gzip"), Optional.empty())),
            Optional.empty(),
            Optional.empty(),
            FileEtag.DEFAULT,
            Optional.empty(),
            Optional.empty());
    MimeFacts.FileMetadata page = facts.describe("page.html.en.gz", TYPES::get);
    assertEquals(Optional.of("application/gzip"), page.contentType());
    assertEquals(Optional.of("x-gzip"), page.encoding());
    assertEquals(List.of("en"), page.languages());
    assertEquals(Optional.empty(), facts.describe("x.en", TYPES::get).contentType());
    assertEquals(Optional.of("text/html"), facts.describe("bad..html", TYPES::get).contentType());
  }

  @Test
  void theDefaultCharsetGoesOnTypesThatContainTextPlainOrTextHtml() {
    MimeFacts facts =
        new MimeFacts(
            com.google.common.collect.ImmutableMap.of(),
            Optional.of("utf-8"),
            Optional.empty(),
            FileEtag.DEFAULT,
            Optional.empty(),
            Optional.empty());
    assertEquals("TEXT/PLAIN; charset=utf-8", facts.withDefaultCharset("TEXT/PLAIN"));
    assertEquals(
        "application/x-text/html; charset=utf-8",
        facts.withDefaultCharset("application/x-text/html"));
    assertEquals("text/plain;charset=x", facts.withDefaultCharset("text/plain;charset=x"));
    assertEquals("text/csv", facts.withDefaultCharset("text/csv"));
  }

  @Test
  void fileEtagMergesAsHttpdsCore() {
    FileEtag none = new FileEtag(FileEtag.NONE, 0, 0);
    FileEtag plusSize = new FileEtag(FileEtag.UNSET_BITS, FileEtag.SIZE, 0);
    FileEtag minusSize = new FileEtag(FileEtag.UNSET_BITS, 0, FileEtag.SIZE);
    FileEtag size = new FileEtag(FileEtag.SIZE, 0, 0);
    assertEquals(0, none.mergedOnto(FileEtag.UNSET).components());
    assertEquals(FileEtag.SIZE, plusSize.mergedOnto(none).components());
    assertEquals(FileEtag.DEFAULT, minusSize.mergedOnto(size).components());
    assertEquals(FileEtag.DEFAULT, minusSize.mergedOnto(FileEtag.UNSET).components());
  }

  @Test
  void typesThatNameAHandlerAreRefusedAndBadValuesAreErrors() throws IOException {
    LoadResult handler = load("AddType application/x-httpd-wsgi .py\n");
    assertFalse(handler.isServable());
    assertTrue(handler.diagnostics().stream().anyMatch(d -> d.code() == DiagnosticCode.W105));
    LoadResult forced =
        load("<Directory @D@/a>\nForceType application/x-httpd-cgi\n</Directory>\n");
    assertFalse(forced.isServable());
    LoadResult keyword = load("FileETag +None\n");
    assertTrue(
        keyword.diagnostics().stream()
            .anyMatch(d -> d.message().contains("cannot be used with '+' or '-'")),
        keyword.diagnostics().toString());
    LoadResult missing = load("TypesConfig no-such-types\n");
    assertTrue(
        missing.diagnostics().stream()
            .anyMatch(d -> d.message().startsWith("could not open mime types config file")),
        missing.diagnostics().toString());
    assertFalse(missing.isServable());
  }
}
