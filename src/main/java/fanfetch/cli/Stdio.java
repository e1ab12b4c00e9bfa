package fanfetch.cli;

import java.io.InputStream;
import java.util.function.Supplier;

/**
 * What the commands know of their standard streams: where stdin is read from, and whether stdin
 * and stderr are terminals. Given, so tests can say what a user's shell would have.
 *
 * @param in              stdin, opened only when URLs are read from it
 * @param inIsTerminal    whether stdin is a terminal (then it is read only with {@code -f -})
 * @param errIsTerminal   whether stderr is a terminal (then the progress bar is drawn)
 */
public record Stdio(Supplier<InputStream> in, boolean inIsTerminal, boolean errIsTerminal) {

  /** This process's streams. */
  public static Stdio system() {
    return new Stdio(() -> System.in, Terminal.isTerminal(Terminal.STDIN), Terminal.isTerminal(Terminal.STDERR));
  }

  /** For a command that is handed its streams. */
  public interface User {
    void stdio(Stdio stdio);
  }
}
