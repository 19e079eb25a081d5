package org.wsgi4j.build;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.wsgi4j.compile.LoadOptions;
import org.wsgi4j.compile.LoadResult;
import org.wsgi4j.compile.ModelCompiler;
import org.wsgi4j.config.ConfigReader;
import org.wsgi4j.config.ExpandedConfig;
import org.wsgi4j.directive.DirectiveCatalogue;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.syntax.ConfFile;
import org.wsgi4j.syntax.ConfPrinter;

/**
 * Builds a configuration in code, for hosts that embed wsgi4j without a config file:
 *
 * <pre>{@code
 * LoadResult result = ConfigBuilder.create()
 *     .virtualHost("*:80", vh -> vh
 *         .serverName("www.example.org")
 *         .wsgiDaemonProcess("app1", "threads=10", "maximum-requests=5000")
 *         .wsgiScriptAlias("/app1", "/srv/app1.wsgi")
 *         .location("/app1", l -> l.wsgiProcessGroup("app1").wsgiApplicationGroup("%{GLOBAL}")))
 *     .build();
 * }</pre>
 *
 * <p>{@link #build} reads and compiles it exactly like a file, so it gets every check a file would;
 * relative paths resolve against {@link #serverRoot}.
 */
public final class ConfigBuilder extends HostBlockBuilder<ConfigBuilder> {
  private Path serverRoot = Path.of("").toAbsolutePath();

  private ConfigBuilder() {}

  public static ConfigBuilder create() {
    return new ConfigBuilder();
  }

  @Override
  ConfigBuilder self() {
    return this;
  }

  /** Where relative paths point (httpd's ServerRoot); the working directory by default. */
  public ConfigBuilder serverRoot(Path root) {
    this.serverRoot = root;
    return this;
  }

  public ConfigBuilder listen(String address) {
    return directive("Listen", address);
  }

  public ConfigBuilder virtualHost(String addresses, Consumer<VirtualHostBuilder> body) {
    VirtualHostBuilder host = new VirtualHostBuilder();
    body.accept(host);
    return section(
        "VirtualHost",
        section -> host.nodes().forEach(node -> section.append(node)),
        addresses.split("\\s+"));
  }

  /** The configuration as text, as it would be written in a file. */
  public String toConfigText() {
    return ConfPrinter.print(nodes());
  }

  /** Reads and compiles the configuration, as {@code ConfigLoader.load} does for a file. */
  public LoadResult build() {
    Diagnostics diagnostics = new Diagnostics();
    DirectiveCatalogue catalogue = DirectiveCatalogue.builtIn();
    ConfFile tree = new ConfFile(serverRoot.resolve("<builder>"), nodes());
    ExpandedConfig expanded =
        ConfigReader.readTree(
            tree, serverRoot, LoadOptions.defaults().read(), catalogue, diagnostics);
    ServerConfig model = ModelCompiler.compile(expanded, catalogue, diagnostics);
    return new LoadResult(model, diagnostics.all(), expanded.files());
  }
}
