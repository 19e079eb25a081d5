package org.wsgi4j.build;

import java.util.function.Consumer;

/**
 * The directives of the main server or of a virtual host: host-level directives plus sections.
 *
 * @param <B> the concrete builder, so that calls chain
 */
public abstract class HostBlockBuilder<B extends HostBlockBuilder<B>> extends BlockBuilder<B> {

  public B serverName(String name) {
    return directive("ServerName", name);
  }

  public B serverAlias(String... names) {
    return directive("ServerAlias", names);
  }

  public B documentRoot(String path) {
    return directive("DocumentRoot", path);
  }

  public B alias(String urlPath, String target) {
    return directive("Alias", urlPath, target);
  }

  public B aliasMatch(String regex, String target) {
    return directive("AliasMatch", regex, target);
  }

  /** {@code WSGIDaemonProcess name option=value...}. */
  public B wsgiDaemonProcess(String name, String... options) {
    String[] args = new String[options.length + 1];
    args[0] = name;
    System.arraycopy(options, 0, args, 1, options.length);
    return directive("WSGIDaemonProcess", args);
  }

  /** {@code WSGIScriptAlias urlPath script option=value...}. */
  public B wsgiScriptAlias(String urlPath, String script, String... options) {
    return directive("WSGIScriptAlias", withOptions(urlPath, script, options));
  }

  /** {@code WSGIScriptAliasMatch regex script option=value...}. */
  public B wsgiScriptAliasMatch(String regex, String script, String... options) {
    return directive("WSGIScriptAliasMatch", withOptions(regex, script, options));
  }

  public B directory(String path, Consumer<SectionBuilder> body) {
    return section("Directory", body, path);
  }

  public B directoryMatch(String regex, Consumer<SectionBuilder> body) {
    return section("DirectoryMatch", body, regex);
  }

  public B location(String path, Consumer<SectionBuilder> body) {
    return section("Location", body, path);
  }

  public B locationMatch(String regex, Consumer<SectionBuilder> body) {
    return section("LocationMatch", body, regex);
  }

  public B files(String pattern, Consumer<SectionBuilder> body) {
    return section("Files", body, pattern);
  }

  private static String[] withOptions(String first, String second, String[] options) {
    String[] args = new String[options.length + 2];
    args[0] = first;
    args[1] = second;
    System.arraycopy(options, 0, args, 2, options.length);
    return args;
  }
}
