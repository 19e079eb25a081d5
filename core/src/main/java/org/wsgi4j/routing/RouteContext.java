package org.wsgi4j.routing;

import com.google.common.collect.ImmutableMap;
import java.util.Objects;
import org.wsgi4j.auth.DigestNonces;
import org.wsgi4j.files.CachingFileSystem;
import org.wsgi4j.files.FileSystemView;
import org.wsgi4j.files.LocalFileSystem;
import org.wsgi4j.model.ServerConfig;
import org.wsgi4j.rewrite.MapFiles;

/**
 * Everything a router needs besides the request: the model and the few outside facts it may
 * consult, each behind an interface.
 *
 * @param config the compiled configuration
 * @param files existence and kind of files (scripts, static files, -f/-d conditions)
 * @param authenticator AuthUserFile and AuthGroupFile checks
 * @param resolver DNS for host-name access rules
 * @param mapFiles the cache of RewriteMap text files
 * @param processEnvironment the environment {@code %{ENV:x}} and PassEnv fall back to
 * @param explain whether traces record every rule tried (for explanations) or only what fired
 * @param authScripts runs WSGIAuthUserScript / WSGIAuthGroupScript ({@link WsgiAuthScripts#NONE}
 *     where no WSGI runtime is present: such requests are refused, never granted)
 * @param digestNonces the secret and clock Digest nonces are made and checked with
 */
public record RouteContext(
    ServerConfig config,
    FileSystemView files,
    Authenticator authenticator,
    HostResolver resolver,
    MapFiles mapFiles,
    ImmutableMap<String, String> processEnvironment,
    boolean explain,
    WsgiAuthScripts authScripts,
    DigestNonces digestNonces) {

  /**
   * One secret for the whole process, as httpd makes one at start-up: a reloaded configuration
   * keeps accepting the nonces it gave out.
   */
  private static final DigestNonces PROCESS_NONCES = DigestNonces.random();

  public RouteContext {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(mapFiles, "mapFiles");
    Objects.requireNonNull(processEnvironment, "processEnvironment");
    Objects.requireNonNull(authScripts, "authScripts");
    Objects.requireNonNull(digestNonces, "digestNonces");
  }

  /** A context with this process's Digest nonce secret and the system clock. */
  public RouteContext(
      ServerConfig config,
      FileSystemView files,
      Authenticator authenticator,
      HostResolver resolver,
      MapFiles mapFiles,
      ImmutableMap<String, String> processEnvironment,
      boolean explain,
      WsgiAuthScripts authScripts) {
    this(
        config,
        files,
        authenticator,
        resolver,
        mapFiles,
        processEnvironment,
        explain,
        authScripts,
        PROCESS_NONCES);
  }

  /** A context without a WSGI runtime for auth scripts. */
  public RouteContext(
      ServerConfig config,
      FileSystemView files,
      Authenticator authenticator,
      HostResolver resolver,
      MapFiles mapFiles,
      ImmutableMap<String, String> processEnvironment,
      boolean explain) {
    this(
        config,
        files,
        authenticator,
        resolver,
        mapFiles,
        processEnvironment,
        explain,
        WsgiAuthScripts.NONE);
  }

  /**
   * The real file system and the system resolver (host-name rules must be able to deny), no
   * authentication source.
   */
  public static RouteContext of(ServerConfig config) {
    return new RouteContext(
        config,
        // Stats are remembered for a second: routing looks at the same files on every request.
        new CachingFileSystem(LocalFileSystem.INSTANCE, 1_000_000_000L),
        Authenticator.NOBODY,
        HostResolver.SYSTEM,
        new MapFiles(),
        ImmutableMap.of(),
        false);
  }

  /** Traces that record every rule and condition tried, for {@code wsgi4j route}. */
  public RouteContext explaining() {
    return new RouteContext(
        config,
        files,
        authenticator,
        resolver,
        mapFiles,
        processEnvironment,
        true,
        authScripts,
        digestNonces);
  }

  public RouteContext withEnvironment(ImmutableMap<String, String> environment) {
    return new RouteContext(
        config,
        files,
        authenticator,
        resolver,
        mapFiles,
        environment,
        explain,
        authScripts,
        digestNonces);
  }

  public RouteContext withResolver(HostResolver value) {
    return new RouteContext(
        config,
        files,
        authenticator,
        value,
        mapFiles,
        processEnvironment,
        explain,
        authScripts,
        digestNonces);
  }

  public RouteContext withAuthenticator(Authenticator value) {
    return new RouteContext(
        config,
        files,
        value,
        resolver,
        mapFiles,
        processEnvironment,
        explain,
        authScripts,
        digestNonces);
  }

  public RouteContext withFiles(FileSystemView value) {
    return new RouteContext(
        config,
        value,
        authenticator,
        resolver,
        mapFiles,
        processEnvironment,
        explain,
        authScripts,
        digestNonces);
  }

  /** Digest nonces made and checked with this secret and clock (tests fix both). */
  public RouteContext withDigestNonces(DigestNonces value) {
    return new RouteContext(
        config,
        files,
        authenticator,
        resolver,
        mapFiles,
        processEnvironment,
        explain,
        authScripts,
        value);
  }

  /** The runtime that runs WSGIAuthUserScript / WSGIAuthGroupScript. */
  public RouteContext withAuthScripts(WsgiAuthScripts value) {
    return new RouteContext(
        config,
        files,
        authenticator,
        resolver,
        mapFiles,
        processEnvironment,
        explain,
        value,
        digestNonces);
  }
}
