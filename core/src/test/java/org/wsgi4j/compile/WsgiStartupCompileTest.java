package org.wsgi4j.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.Sets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.model.WsgiImportScript;
import org.wsgi4j.source.Diagnostic;
import org.wsgi4j.source.DiagnosticCode;

/** WSGIImportScript, preloading aliases, WSGIPythonPath/Home and every WSGIDaemonProcess option. */
class WsgiStartupCompileTest {
  @TempDir Path dir;

  private LoadResult load(String text) throws IOException {
    Path conf = dir.resolve("t.conf");
    Files.writeString(conf, text, StandardCharsets.UTF_8);
    return ConfigLoader.load(conf, LoadOptions.defaults().withServerRoot(dir));
  }

  private static List<Diagnostic> withCode(LoadResult result, DiagnosticCode code) {
    return result.diagnostics().stream().filter(d -> d.code() == code).toList();
  }

  @Test
  void everyDaemonOptionIsAppliedOrWarnedAboutOrRefusedAndNoneIsTwoOfThem() {
    Set<String> notEnforced = DaemonOptions.NOT_ENFORCED.keySet();
    Set<String> refused = DaemonOptions.REFUSED.keySet();
    assertEquals(Set.of(), Sets.intersection(DaemonOptions.APPLIED, notEnforced));
    assertEquals(Set.of(), Sets.intersection(DaemonOptions.APPLIED, refused));
    assertEquals(Set.of(), Sets.intersection(notEnforced, refused));
    Set<String> all = new HashSet<>(DaemonOptions.APPLIED);
    all.addAll(notEnforced);
    all.addAll(refused);
    assertEquals(DaemonOptions.KNOWN, all);
  }

  @Test
  void eachOptionNotEnforcedLoadsWithW108AtItsOwnWordSayingWhy() throws IOException {
    for (String option : DaemonOptions.NOT_ENFORCED.keySet()) {
      LoadResult result = load("WSGIDaemonProcess g threads=2 " + option + "=1\n");
      List<Diagnostic> w108 = withCode(result, DiagnosticCode.W108);
      assertEquals(1, w108.size(), option + ": " + result.diagnostics());
      assertEquals(1, w108.get(0).span().line());
      assertEquals(31, w108.get(0).span().column(), option);
      assertTrue(w108.get(0).message().contains(option + "= is not enforced: "), option);
      assertTrue(
          w108.get(0).message().endsWith(DaemonOptions.NOT_ENFORCED.get(option)),
          w108.get(0).message());
      assertTrue(result.isServable(), option);
    }
  }

  @Test
  void appliedOptionsLoadWithoutAWarning() throws IOException {
    for (String option : DaemonOptions.APPLIED) {
      String value = option.equals("python-home") ? dir.toString() : "1";
      if (option.equals("python-home")) {
        Files.createDirectories(dir.resolve("Lib/site-packages"));
      }
      LoadResult result = load("WSGIDaemonProcess g " + option + "=" + value + "\n");
      assertEquals(List.of(), result.diagnostics(), option);
    }
  }

  @Test
  void scriptOwnershipOptionsBlockServingBecauseIgnoringThemWouldRunWhatModWsgiRefuses()
      throws IOException {
    for (String option : DaemonOptions.REFUSED.keySet()) {
      LoadResult result = load("WSGIDaemonProcess g " + option + "=www-data\n");
      assertFalse(result.hasErrors(), option);
      assertFalse(result.isServable(), option);
      assertEquals(1, withCode(result, DiagnosticCode.W105).size(), option);
    }
  }

  @Test
  void importScriptsAndPreloadingAliasesAreCollectedInOrderWithGlobalAsEmpty() throws IOException {
    Path script = Files.writeString(dir.resolve("app.wsgi"), "application = None\n");
    LoadResult result =
        load(
            "WSGIDaemonProcess g threads=2\n"
                + "WSGIImportScript app.wsgi process-group=g application-group=%{GLOBAL}\n"
                + "WSGIImportScript "
                + script
                + " process-group=%{GLOBAL} application-group=one\n"
                + "WSGIScriptAlias /a "
                + script
                + " process-group=g application-group=two\n"
                + "WSGIScriptAlias /b "
                + script
                + " process-group=g application-group=%{RESOURCE}\n"
                + "WSGIScriptAlias /c "
                + script
                + " process-group=g\n"
                + "WSGIScriptAliasMatch ^/d/(\\w+) "
                + dir
                + "/$1.wsgi process-group=g application-group=three\n"
                + "WSGIScriptAliasMatch ^/e "
                + script
                + " process-group=%{GLOBAL} application-group=%{GLOBAL}\n");
    assertEquals(List.of(), result.diagnostics());
    List<WsgiImportScript> scripts = result.model().wsgiStartup().importScripts();
    assertEquals(4, scripts.size(), scripts.toString());
    assertEquals(script.toString(), scripts.get(0).scriptFilename());
    assertEquals("g", scripts.get(0).processGroup());
    assertEquals("", scripts.get(0).applicationGroup());
    assertFalse(scripts.get(0).fromScriptAlias());
    assertEquals("", scripts.get(1).processGroup());
    assertEquals("one", scripts.get(1).applicationGroup());
    assertEquals("two", scripts.get(2).applicationGroup());
    assertTrue(scripts.get(2).fromScriptAlias());
    assertEquals("", scripts.get(3).processGroup());
    assertEquals("", scripts.get(3).applicationGroup());
    assertEquals(2, result.model().wsgiStartup().importScriptsOf("g").size());
    assertEquals(2, result.model().wsgiStartup().importScriptsOf("").size());
  }

  /**
   * Recorded from Apache + mod_wsgi 4.9.4: a relative WSGIImportScript path is opened from the
   * process's working directory: the daemon group's home=, and / for the embedded group (Apache's
   * child), where imp.py next to ServerRoot is not found.
   */
  @Test
  void relativeImportScriptsResolveAgainstTheProcessesWorkingDirectory() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    LoadResult result =
        load(
            "WSGIDaemonProcess h home="
                + home
                + "\nWSGIDaemonProcess g\n"
                + "WSGIImportScript imp.py process-group=h application-group=%{GLOBAL}\n"
                + "WSGIImportScript imp.py process-group=%{GLOBAL} application-group=%{GLOBAL}\n"
                + "WSGIImportScript imp.py process-group=g application-group=%{GLOBAL}\n");
    List<WsgiImportScript> scripts = result.model().wsgiStartup().importScripts();
    assertEquals(home.resolve("imp.py").toString(), scripts.get(0).scriptFilename());
    assertEquals("/imp.py", scripts.get(1).scriptFilename());
    assertEquals(dir.resolve("imp.py").toString(), scripts.get(2).scriptFilename(), "ServerRoot");
  }

  @Test
  void importScriptThatDoesNotExistIsAWarningNotAnError() throws IOException {
    LoadResult result =
        load(
            """
            WSGIDaemonProcess g
            WSGIImportScript missing.wsgi process-group=g application-group=x
            """);
    assertFalse(result.hasErrors());
    assertEquals(2, withCode(result, DiagnosticCode.W203).get(0).span().line());
  }

  @Test
  void pythonPathAndHomeAreInTheModel() throws IOException {
    Files.createDirectories(dir.resolve("env/lib/python2.7/site-packages"));
    LoadResult result =
        load("WSGIPythonPath /srv/a::/srv/b\nWSGIPythonHome " + dir.resolve("env") + "\n");
    assertEquals(List.of(), result.diagnostics());
    assertEquals(List.of("/srv/a", "/srv/b"), result.model().wsgiStartup().pythonPath());
    assertEquals(
        Optional.of(dir.resolve("env").toString()), result.model().wsgiStartup().pythonHome());
  }

  @Test
  void pythonHomeJythonCannotUseIsW110() throws IOException {
    Files.createDirectories(dir.resolve("py3/lib/python3.11/site-packages"));
    Files.createDirectories(dir.resolve("jy/Lib/site-packages"));
    LoadResult result =
        load(
            "WSGIPythonHome "
                + dir.resolve("nowhere")
                + "\nWSGIDaemonProcess a python-home="
                + dir.resolve("py3")
                + "\nWSGIDaemonProcess b python-home="
                + dir.resolve("jy")
                + "\n");
    List<Diagnostic> w110 = withCode(result, DiagnosticCode.W110);
    assertEquals(2, w110.size(), result.diagnostics().toString());
    assertEquals(1, w110.get(0).span().line());
    assertTrue(w110.get(0).message().contains("is not a directory"), w110.get(0).message());
    assertEquals(2, w110.get(1).span().line());
    assertTrue(w110.get(1).message().contains("python3.11"), w110.get(1).message());
    assertTrue(result.isServable());
  }
}
