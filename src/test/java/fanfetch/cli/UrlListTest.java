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
    Files.writeString(file, "\uFEFFhttp://a/1\n\n# a comment\n  http://a/2  \r\n");
    assertThat(UrlList.read(List.of("http://b/"), file.toString(), () -> null))
        .containsExactly("http://b/", "http://a/1", "http://a/2");
  }

  @Test
  void aDashReadsStdin() throws IOException {
    var stdin = new ByteArrayInputStream("http://a/1\nhttp://a/2\n".getBytes(StandardCharsets.UTF_8));
    assertThat(UrlList.read(List.of(), "-", () -> stdin)).containsExactly("http://a/1", "http://a/2");
  }

  @Test
  void aMissingFileFails(@TempDir Path dir) {
    assertThatThrownBy(() -> UrlList.read(List.of(), dir.resolve("none.txt").toString(), () -> null))
        .isInstanceOf(NoSuchFileException.class);
  }
}
