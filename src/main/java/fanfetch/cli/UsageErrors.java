package fanfetch.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * A usage error is one line that names what is wrong (and picocli's suggestion for a mistyped
 * option), then where the help is: not the whole help, in which the one line that matters is lost.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {

  /** Installs this handler on a command line and all its subcommands. */
  public static CommandLine install(CommandLine commandLine) {
    commandLine.setParameterExceptionHandler(new UsageErrors());
    return commandLine;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    err.println(name + ": " + oneLine(e.getMessage()));
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
      err.println("  did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?");
    }
    err.println("Try '" + name + " --help' for more.");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static String oneLine(String message) {
    String text = message == null ? "bad usage" : message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).strip();
  }
}
