package org.wsgi4j.cli.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where log lines go: a file opened for appending (relative to ServerRoot), a piped log program, or
 * one of the process's own streams. Piped logs as httpd 2.4 starts them: {@code |program args} and
 * {@code ||program args} without a shell, {@code |$command} with {@code /bin/sh -c}; the program
 * reads the lines on its standard input and writes to the server's stdout and stderr.
 */
final class LogSink implements AutoCloseable {
  private final String target;
  private final PrintStream out;
  private final boolean owned;
  private final Process process;

  private LogSink(String target, PrintStream out, boolean owned, Process process) {
    this.target = target;
    this.out = out;
    this.owned = owned;
    this.process = process;
  }

  static LogSink stdout() {
    return new LogSink("stdout", System.out, false, null);
  }

  static LogSink stderr() {
    return new LogSink("stderr", System.err, false, null);
  }

  static LogSink file(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    OutputStream stream =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new LogSink(
        file.toString(), new PrintStream(stream, true, StandardCharsets.UTF_8), true, null);
  }

  /** Starts the program of a {@code |...} target, in {@code serverRoot}. */
  static LogSink pipe(String target, Path serverRoot) throws IOException {
    String command = target.substring(target.startsWith("||") ? 2 : 1).strip();
    List<String> argv;
    if (command.startsWith("$")) {
      argv = List.of("/bin/sh", "-c", command.substring(1).strip());
    } else {
      argv = words(command);
    }
    if (argv.isEmpty()) {
      throw new IOException("piped log without a program: " + target);
    }
    Process process =
        new ProcessBuilder(argv)
            .directory(serverRoot.toFile())
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return new LogSink(
        target,
        new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8),
        true,
        process);
  }

  /** Opens a CustomLog/ErrorLog target: a pipe, else a path relative to ServerRoot. */
  static LogSink open(String target, Path serverRoot) throws IOException {
    if (target.startsWith("|")) {
      return pipe(target, serverRoot);
    }
    return file(serverRoot.resolve(target));
  }

  /** Splits a command line as apr_tokenize_to_argv does: white space, quotes, backslashes. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == 0 && Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      } else {
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  PrintStream stream() {
    return out;
  }

  String target() {
    return target;
  }

  void write(String line) {
    synchronized (out) {
      out.println(line);
    }
  }

  @Override
  public void close() {
    out.flush();
    if (!owned) {
      return;
    }
    out.close();
    if (process != null) {
      try {
        // The program ends when its input does; give it a moment to write what it has.
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroy();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroy();
      }
    }
  }
}
