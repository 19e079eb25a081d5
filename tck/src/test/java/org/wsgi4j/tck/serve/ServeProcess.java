package org.wsgi4j.tck.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code wsgi4j serve} as a process of its own (for real signals), on this JVM's class path. */
final class ServeProcess {
  private ServeProcess() {}

  /**
   * Starts {@code wsgi4j serve ARGUMENTS}, its standard output and error going to {@code output}.
   */
  static Process start(Path output, String... arguments) throws IOException {
    return startUnder(List.of(), output, arguments);
  }

  /** The same, run by {@code wrapper} (a command such as {@code nohup} that then runs java). */
  static Process startUnder(List<String> wrapper, Path output, String... arguments)
      throws IOException {
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.wsgi4j.cli.Main");
    command.add("serve");
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }
}
