package org.wsgi4j.cli.serve;

import com.google.common.collect.ImmutableMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ErrorLogFormat} of each server, merged as httpd's core merges it: a virtual host
 * without its own uses the main server's. The format belongs to the server a message is logged for,
 * not to the file: a host without its own {@code ErrorLog} but with its own format writes its lines
 * into the main server's log in its own format (recorded: {@code serve/errorlogformat}).
 *
 * @param main the main server's format; empty for httpd's default
 * @param hosts each virtual host's merged format and {@code %v}, by lower-case ServerName
 * @param mainServerName the main server's {@code %v}
 */
record ErrorLogFormats(
    Optional<ErrorLogFormat> main, ImmutableMap<String, Server> hosts, String mainServerName) {

  static final ErrorLogFormats DEFAULT =
      new ErrorLogFormats(Optional.empty(), ImmutableMap.of(), "");

  /**
   * One server's format.
   *
   * @param name its ServerName without port ({@code %v})
   * @param format its format; empty for httpd's default
   */
  record Server(String name, Optional<ErrorLogFormat> format) {
    Optional<String> render(ErrorLogLine line) {
      return format.isPresent() ? format.get().render(line) : Optional.of(line.renderDefault());
    }

    /** Whether a line at {@code level} shows {@code %F} (the default format does from debug). */
    boolean needsSource(int level) {
      return format.isPresent()
          ? format.get().items().stream().anyMatch(i -> i.letter() == 'F')
          : level >= 7;
    }
  }

  /**
   * @param main the main server's format
   * @param own each virtual host's own format, by ServerName as written (empty: inherited)
   * @param mainServerName the main server's ServerName, if set
   */
  static ErrorLogFormats of(
      Optional<ErrorLogFormat> main,
      Map<String, Optional<ErrorLogFormat>> own,
      Optional<String> mainServerName) {
    ImmutableMap.Builder<String, Server> hosts = ImmutableMap.builder();
    own.forEach(
        (name, format) ->
            hosts.put(
                name.toLowerCase(Locale.ROOT),
                new Server(ServerName.host(name), format.isPresent() ? format : main)));
    return new ErrorLogFormats(
        main, hosts.buildKeepingLast(), mainServerName.orElseGet(ErrorLogFormats::localHost));
  }

  /** The server a message logged for {@code virtualHost} belongs to (the main one without). */
  Server server(Optional<String> virtualHost) {
    if (virtualHost.isPresent()) {
      Server host = hosts.get(virtualHost.get().toLowerCase(Locale.ROOT));
      if (host != null) {
        return host;
      }
    }
    return new Server(mainServerName, main);
  }

  /** httpd's ServerName when none is set: the machine's host name. */
  private static String localHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
