package fanfetch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream is a terminal, from Java 17 without native code. On Linux the process's
 * {@code /proc/self/fd/N} is a link to what the descriptor is open on: a terminal is
 * {@code /dev/pts/*}, {@code /dev/tty*} or {@code /dev/console}; a pipe, a file or {@code /dev/null}
 * is not. Elsewhere (no {@code /proc}) the answer falls back to {@code System.console() != null},
 * which is true only when stdin and stdout are both terminals.
 */
public final class Terminal {

  public static final int STDIN = 0;
  public static final int STDERR = 2;

  private Terminal() {
  }

  public static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
      return System.console() != null;
    }
    try {
      return isTerminalDevice(Files.readSymbolicLink(link).toString());
    } catch (IOException | UnsupportedOperationException e) {
      // a descriptor that is not open is no terminal
      return false;
    }
  }

  /** Whether a device path names a terminal. */
  static boolean isTerminalDevice(String path) {
    return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") || path.equals("/dev/console");
  }
}
