package fanfetch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTest {

  @ParameterizedTest
  @ValueSource(strings = {"/dev/pts/0", "/dev/pts/17", "/dev/tty", "/dev/tty1", "/dev/ttyS0", "/dev/console"})
  void terminalDevicesAreTerminals(String path) {
    assertThat(Terminal.isTerminalDevice(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/dev/null", "pipe:[12345]", "socket:[678]", "/tmp/out.json", "/dev/zero", "anon_inode:[eventfd]"})
  void pipesFilesAndNullAreNot(String path) {
    assertThat(Terminal.isTerminalDevice(path)).isFalse();
  }

  /** Maven runs the tests with stdout and stderr captured: neither is a terminal here. */
  @Test
  void theTestsOwnStderrIsNoTerminal() {
    assertThat(Terminal.isTerminal(Terminal.STDERR)).isFalse();
    assertThat(Terminal.isTerminal(99)).isFalse();
  }
}
