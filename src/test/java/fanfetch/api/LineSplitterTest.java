package fanfetch.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineSplitterTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void linesEndWithLfOrCrlfAndMaySpanPieces() {
    LineSplitter splitter = new LineSplitter(100);
    List<String> lines = new ArrayList<>();

    lines.addAll(splitter.feed(bytes("http://a.test/\r\nhttp://b.test")));
    lines.addAll(splitter.feed(bytes("/x\n\nhttp://c.test/\r")));
    lines.addAll(splitter.feed(bytes("\nhttp://d.test/")));

    assertThat(lines).containsExactly("http://a.test/", "http://b.test/x", "", "http://c.test/");
    assertThat(splitter.finish()).as("the last line needs no line end").isEqualTo("http://d.test/");
    assertThat(splitter.finish()).isNull();
  }

  @Test
  void aMultiByteCharacterCutBetweenPiecesIsWhole() {
    LineSplitter splitter = new LineSplitter(100);
    byte[] text = bytes("http://é.test/\n");

    List<String> first = splitter.feed(java.util.Arrays.copyOfRange(text, 0, 8));
    List<String> second = splitter.feed(java.util.Arrays.copyOfRange(text, 8, text.length));

    assertThat(first).isEmpty();
    assertThat(second).containsExactly("http://é.test/");
  }

  @Test
  void aLineOfTheLimitPassesAndOneByteMoreFailsBeforeItsEnd() {
    LineSplitter splitter = new LineSplitter(10);

    assertThat(splitter.feed(bytes("0123456789\r\n"))).containsExactly("0123456789");
    assertThatThrownBy(() -> splitter.feed(bytes("0123456789ab")))
        .isInstanceOf(LineSplitter.LineTooLong.class).hasMessage("line 2 is longer than 10 bytes");
  }

  @Test
  void aTooLongLastLineFailsToo() {
    LineSplitter splitter = new LineSplitter(4);
    splitter.feed(bytes("abcde"));

    assertThatThrownBy(splitter::finish).isInstanceOf(LineSplitter.LineTooLong.class);
  }
}
