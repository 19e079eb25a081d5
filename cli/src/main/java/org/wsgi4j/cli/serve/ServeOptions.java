package org.wsgi4j.cli.serve;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code wsgi4j serve} was asked to do.
 *
 * @param config the configuration file
 * @param listen {@code HOST:PORT} (or {@code PORT}) addresses that replace the configuration's
 *     {@code Listen} directives; empty to use those
 * @param defines {@code -D} names
 * @param serverRoot the ServerRoot, when not the configuration's folder
 * @param pythonPath folders added to every interpreter's {@code sys.path}
 * @param accessLog where the access log goes instead of the configuration's {@code CustomLog}
 * @param errorLog where the error log goes instead of the configuration's {@code ErrorLog}
 * @param drain how long in-flight requests may run on stop
 */
public record ServeOptions(
    Path config,
    ImmutableList<String> listen,
    ImmutableSet<String> defines,
    Optional<Path> serverRoot,
    ImmutableList<Path> pythonPath,
    Optional<Path> accessLog,
    Optional<Path> errorLog,
    Duration drain) {

  /** httpd's own graceful-stop default is unbounded; 15 s keeps a stop predictable. */
  public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(15);

  public ServeOptions {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(defines, "defines");
    Objects.requireNonNull(serverRoot, "serverRoot");
    Objects.requireNonNull(pythonPath, "pythonPath");
    Objects.requireNonNull(accessLog, "accessLog");
    Objects.requireNonNull(errorLog, "errorLog");
    Objects.requireNonNull(drain, "drain");
  }

  /** Serve {@code config} on its own Listen addresses, logging where it says. */
  public static ServeOptions of(Path config) {
    return new ServeOptions(
        config,
        ImmutableList.of(),
        ImmutableSet.of(),
        Optional.empty(),
        ImmutableList.of(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_DRAIN);
  }

  public ServeOptions withListen(String... addresses) {
    return new ServeOptions(
        config,
        ImmutableList.copyOf(addresses),
        defines,
        serverRoot,
        pythonPath,
        accessLog,
        errorLog,
        drain);
  }

  public ServeOptions withPythonPath(Path... folders) {
    return new ServeOptions(
        config,
        listen,
        defines,
        serverRoot,
        ImmutableList.copyOf(folders),
        accessLog,
        errorLog,
        drain);
  }

  public ServeOptions withLogs(Optional<Path> access, Optional<Path> error) {
    return new ServeOptions(config, listen, defines, serverRoot, pythonPath, access, error, drain);
  }

  public ServeOptions withDrain(Duration timeout) {
    return new ServeOptions(
        config, listen, defines, serverRoot, pythonPath, accessLog, errorLog, timeout);
  }
}
