package org.wsgi4j.compile;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.wsgi4j.model.AliasMapping;
import org.wsgi4j.model.HostSettings;
import org.wsgi4j.model.PathSection;
import org.wsgi4j.model.ProtocolSettings;
import org.wsgi4j.model.ServerHost;
import org.wsgi4j.model.VhostAddress;
import org.wsgi4j.model.WsgiScriptAlias;
import org.wsgi4j.source.SourceSpan;

/** Collects the host-level directives of the main server or of one virtual host. */
final class HostBuilder {
  final ImmutableList<VhostAddress> addresses;
  final SourceSpan origin;
  Optional<String> serverName = Optional.empty();
  final List<String> serverAliases = new ArrayList<>();
  Optional<String> documentRoot = Optional.empty();
  final List<AliasMapping> aliases = new ArrayList<>();
  final List<org.wsgi4j.model.RedirectMapping> redirects = new ArrayList<>();
  final List<WsgiScriptAlias> scriptAliases = new ArrayList<>();
  final List<PathSection> sections = new ArrayList<>();
  final DirectoryBuilder defaults = new DirectoryBuilder();
  Optional<String> useCanonicalName = Optional.empty();
  Optional<String> allowEncodedSlashes = Optional.empty();
  Optional<String> traceEnable = Optional.empty();
  OptionalLong limitRequestBody = OptionalLong.empty();
  OptionalInt limitRequestLine = OptionalInt.empty();
  OptionalInt limitRequestFieldSize = OptionalInt.empty();
  OptionalInt limitRequestFields = OptionalInt.empty();
  Optional<String> typesConfig = Optional.empty();

  HostBuilder(ImmutableList<VhostAddress> addresses, SourceSpan origin) {
    this.addresses = addresses;
    this.origin = origin;
  }

  ServerHost build() {
    HostSettings settings =
        new HostSettings(
            documentRoot,
            defaults.rewrite.build(),
            ImmutableList.copyOf(redirects),
            ImmutableList.copyOf(aliases),
            ImmutableList.copyOf(scriptAliases),
            ImmutableList.copyOf(sections),
            withoutRewrite(defaults),
            new ProtocolSettings(
                useCanonicalName,
                allowEncodedSlashes,
                traceEnable,
                limitRequestBody,
                limitRequestLine,
                limitRequestFieldSize,
                limitRequestFields),
            typesConfig);
    return new ServerHost(
        addresses, serverName, ImmutableList.copyOf(serverAliases), settings, origin);
  }

  /** Host-level rewrite directives form the server-context program, not a per-directory one. */
  private static org.wsgi4j.model.DirectorySettings withoutRewrite(DirectoryBuilder builder) {
    org.wsgi4j.model.DirectorySettings built = builder.build();
    return new org.wsgi4j.model.DirectorySettings(
        built.wsgi(),
        built.auth(),
        built.accessCompat(),
        built.authorization(),
        built.environment(),
        org.wsgi4j.model.RewriteProgram.empty(),
        built.methodLimits(),
        built.options(),
        built.allowOverride(),
        built.mime());
  }
}
