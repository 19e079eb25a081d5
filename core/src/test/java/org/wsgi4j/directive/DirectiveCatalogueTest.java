package org.wsgi4j.directive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wsgi4j.compile.ModelCompiler;

class DirectiveCatalogueTest {
  private final DirectiveCatalogue catalogue = DirectiveCatalogue.builtIn();

  @Test
  void holdsEveryDirectiveOfTheGeneratedTable() {
    // 770 directives: httpd 2.4.71 core, every module Debian ships, and mod_wsgi 4.9.
    assertTrue(catalogue.directives().size() >= 770, "size " + catalogue.directives().size());
  }

  @Test
  void lookupIsCaseInsensitiveAsInHttpd() {
    assertEquals("RewriteRule", catalogue.find("REWRITERULE").orElseThrow().name());
    assertEquals("order", catalogue.find("Order").orElseThrow().name());
    assertEquals("<VirtualHost", catalogue.find("<virtualhost").orElseThrow().name());
  }

  @Test
  void listenBelongsToEveryMpm() {
    assertEquals(
        Set.of("event.c", "worker.c", "prefork.c"),
        catalogue.find("Listen").orElseThrow().moduleFiles());
  }

  @Test
  void everyImplementedDirectiveHasAHandler() {
    Set<String> handled = ModelCompiler.handledDirectives();
    List<String> missing =
        catalogue.directives().stream()
            .filter(spec -> spec.support() == SupportLevel.IMPLEMENTED)
            .filter(spec -> !spec.isSection())
            .map(DirectiveSpec::name)
            .filter(name -> !handled.contains(name.toLowerCase(Locale.ROOT)))
            .toList();
    assertEquals(List.of(), missing);
  }

  @Test
  void directivesThatDecideAccessAreNeverSilentlyIgnored() {
    for (String name :
        List.of("Require", "Allow", "Deny", "Order", "Satisfy", "AuthType", "AuthUserFile")) {
      assertEquals(SupportLevel.IMPLEMENTED, catalogue.find(name).orElseThrow().support(), name);
    }
    for (String name :
        List.of("Action", "ErrorDocument", "ProxyPass", "SetHandler", "ScriptAlias", "<If")) {
      assertEquals(SupportLevel.REFUSED, catalogue.find(name).orElseThrow().support(), name);
    }
  }

  @Test
  void arityMessagesUseHttpdWording() {
    DirectiveSpec serverName = catalogue.find("ServerName").orElseThrow();
    assertEquals(
        "ServerName takes one argument, The hostname and port of the server",
        DirectiveChecker.arityMessage(serverName));
    assertEquals(
        "RewriteEngine must be On or Off",
        DirectiveChecker.arityMessage(catalogue.find("RewriteEngine").orElseThrow()));
  }
}
