package fanfetch.cli;

import fanfetch.Main;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

/** Runs the fanfetch command line in this JVM, as {@code Main.main} would but without exiting. */
final class Cli {

  /** What one run left behind. */
  record Run(int code, String out, String err) {
  }

  private Cli() {
  }

  /** As from an interactive shell: stdin and stderr are terminals (so nothing is read), no progress bar is drawn. */
  static Run run(String... args) {
    return run(new Stdio(() -> {
      throw new AssertionError("stdin is a terminal: it must not be read");
    }, true, false), args);
  }

  /** With stdin piped from this text (not a terminal). */
  static Run runWithStdin(String stdin, String... args) {
    return run(new Stdio(() -> new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        false, false), args);
  }

  static Run run(Stdio stdio, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(stdio);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A loopback port nothing listens on (it was free a moment ago). */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
