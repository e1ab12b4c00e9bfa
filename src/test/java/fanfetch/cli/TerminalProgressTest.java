package fanfetch.cli;

import fanfetch.testing.Child;
import fanfetch.testing.TestOrigin;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The progress bar on a real terminal: {@code script(1)} runs {@code fanfetch fetch} in its own JVM on
 * a pseudo-terminal, with stdout (and stdin) redirected inside it, so only stderr is the terminal,
 * as in {@code fanfetch fetch -f urls.txt > out.json}. What the terminal received is script's output.
 */
class TerminalProgressTest {

  private static final File SCRIPT = new File("/usr/bin/script");
  private static final Duration RUN = Duration.ofSeconds(90);

  private static Vertx vertx;
  private static TestOrigin origin;
  private static String allow;

  @BeforeAll
  static void start() {
    if (!SCRIPT.canExecute()) {
      String message = "the terminal test needs /usr/bin/script (Debian package bsdutils)";
      if (System.getenv("CI") != null) {
        fail(message);
      }
      assumeTrue(false, message + "; skipped");
    }
    vertx = Vertx.vertx();
    origin = TestOrigin.start(vertx).await();
    allow = "127.0.0.1:" + origin.port();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /** {@code script -qefc "<shell command>" /dev/null}: the command's terminal output is script's stdout. */
  private static Child onTerminal(String shellCommand) throws Exception {
    return Child.start(List.of(SCRIPT.getPath(), "-qefc", shellCommand, "/dev/null"), Map.of());
  }

  private static String fanfetch(String... args) {
    return Child.fanfetch(args).stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
  }

  @Test
  void theBarIsDrawnOnStderrWhenOnlyStderrIsATerminal(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    try (Child run = onTerminal("exec " + fanfetch("fetch", "--allow", allow, origin.url("/delay/400"),
        origin.url("/bytes/100")) + " </dev/null >" + out)) {
      assertThat(run.awaitExit(RUN)).as(run.out() + run.err()).isZero();
      String terminal = run.out();
      assertThat(terminal).contains("\rfetch", "2/2", "2 ok, 0 failed").endsWith("\r\n")
          .doesNotContain("SHA-256").doesNotContain("URLs:");
      // the table went to the file, none of it to the terminal
      assertThat(Files.readString(out)).startsWith("URL").contains("2 URLs: 2 ok, 0 failed");
    }
  }

  @Test
  void noProgressKeepsTheTerminalQuiet(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    try (Child run = onTerminal("exec " + fanfetch("fetch", "--no-progress", "--allow", allow, origin.url("/bytes/10"))
        + " </dev/null >" + out)) {
      assertThat(run.awaitExit(RUN)).as(run.err()).isZero();
      assertThat(run.out()).isEmpty();
      assertThat(Files.readString(out)).contains("1 URL: 1 ok");
    }
  }

  @Test
  void urlsPipedToStdinAreFetchedWithTheBarOnTheTerminal(@TempDir Path dir) throws Exception {
    Path urls = dir.resolve("urls.txt");
    Files.writeString(urls, origin.url("/bytes/7") + "\n" + origin.url("/bytes/8") + "\n");
    Path out = dir.resolve("out.ndjson");
    try (Child run = onTerminal("cat " + urls + " | " + fanfetch("fetch", "-o", "ndjson", "--allow", allow)
        + " >" + out)) {
      assertThat(run.awaitExit(RUN)).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("\rfetch", "2/2");
      assertThat(Files.readAllLines(out)).hasSize(2);
    }
  }

  @Test
  void anInterruptEndsTheLineWithTheCountsReached(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    try (Child run = onTerminal("exec " + fanfetch("fetch", "--allow", allow, origin.url("/bytes/10"),
        origin.url("/hang")) + " </dev/null >" + out)) {
      run.awaitOut(text -> text.contains("1/2"), RUN);
      ProcessHandle java = run.process().toHandle().descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
          .findFirst().orElseThrow(() -> new AssertionError("no java under script"));
      assertThat(new ProcessBuilder("kill", "-INT", Long.toString(java.pid())).start().waitFor()).isZero();
      assertThat(run.awaitExit(RUN)).isEqualTo(130);
      String terminal = run.out();
      String lastDrawing = terminal.substring(terminal.lastIndexOf('\r', terminal.length() - 3) + 1);
      assertThat(lastDrawing).startsWith("fetch interrupted at 1/2: 1 ok, 0 failed").endsWith("\r\n");
      assertThat(lastDrawing.strip()).isEqualTo("fetch interrupted at 1/2: 1 ok, 0 failed");
    }
  }
}
