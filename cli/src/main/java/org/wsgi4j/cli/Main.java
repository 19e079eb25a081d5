package org.wsgi4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wsgi4j} command. */
@Command(
    name = "wsgi4j",
    mixinStandardHelpOptions = true,
    version = "wsgi4j 0.1.0",
    description = "Run and check mod_wsgi configurations for Jakarta servlet containers.",
    subcommands = {LintCommand.class, RouteCommand.class, ServeCommand.class})
public final class Main implements Runnable {
  /** Exit code for a bad command line or an unreadable input, as in most Unix tools. */
  static final int USAGE_ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** Runs the command with its output and error streams redirected, and returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = commandLine();
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  private static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          exception.getCommandLine().getErr().println("wsgi4j: " + exception.getMessage());
          exception.getCommandLine().usage(exception.getCommandLine().getErr());
          return USAGE_ERROR;
        });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
