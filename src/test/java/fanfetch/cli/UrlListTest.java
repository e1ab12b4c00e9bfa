package fanfetch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlListTest {

  @Test
  void argumentsComeFirstThenTheFileWithoutBlankLinesAndComments(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("urls.txt");
    Files.writeString(file, "\uFEFFhttp://a.test/1\n\n# a comment\n  http://a.test/2  \r\n");
    assertThat(UrlList.read(List.of("http://b.test/"), file.toString(), terminal()))
        .containsExactly("http://b.test/", "http://a.test/1", "http://a.test/2");
  }

  @Test
  void aDashReadsStdin() throws IOException {
    assertThat(UrlList.read(List.of(), "-", piped("http://a.test/1\nhttp://a.test/2\n"))).containsExactly("http://a.test/1", "http://a.test/2");
    assertThat(UrlList.read(List.of(), "-", new Stdio(stdin("http://a.test/3\n"), true, true))).containsExactly("http://a.test/3");
  }

  @Test
  void withNeitherArgumentsNorAFileAPipedStdinIsRead() throws IOException {
    assertThat(UrlList.read(List.of(), null, piped("# piped\nhttp://a.test/1\n"))).containsExactly("http://a.test/1");
  }

  @Test
  void aTerminalIsNeverReadWithoutADash() throws IOException {
    Stdio terminal = new Stdio(() -> {
      throw new AssertionError("stdin was read");
    }, true, true);
    assertThat(UrlList.read(List.of(), null, terminal)).isEmpty();
  }

  @Test
  void stdinIsNotReadWhenUrlsWereGiven() throws IOException {
    Stdio untouchable = new Stdio(() -> {
      throw new AssertionError("stdin was read");
    }, false, false);
    assertThat(UrlList.read(List.of("http://b.test/"), null, untouchable)).containsExactly("http://b.test/");
  }

  private static Stdio terminal() {
    return new Stdio(() -> null, true, true);
  }

  private static Stdio piped(String text) {
    return new Stdio(stdin(text), false, false);
  }

  private static java.util.function.Supplier<java.io.InputStream> stdin(String text) {
    return () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aMissingFileFails(@TempDir Path dir) {
    assertThatThrownBy(() -> UrlList.read(List.of(), dir.resolve("none.txt").toString(), terminal()))
        .isInstanceOf(NoSuchFileException.class);
  }
}
