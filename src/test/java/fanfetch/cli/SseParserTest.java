package fanfetch.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {

  private final List<SseParser.Event> events = new ArrayList<>();
  private final SseParser parser = new SseParser(events::add);

  @Test
  void namedEventsWithIdAndData() {
    parser.feed("event: result\nid: 0\ndata: {\"index\":0}\n\nevent: done\ndata: {\"state\":\"done\"}\n\n");
    assertThat(events).containsExactly(
        new SseParser.Event("result", "{\"index\":0}", "0"),
        new SseParser.Event("done", "{\"state\":\"done\"}", "0"));
  }

  @Test
  void anEventIsOnlyHandedOverAtItsBlankLine() {
    parser.feed("event: result\ndata: {\"a\":1}\n");
    assertThat(events).isEmpty();
    parser.feed("\n");
    assertThat(events).hasSize(1);
  }

  @Test
  void chunksMaySplitLinesAnywhere() {
    String stream = "event: result\r\ndata: {\"url\":\"http://x.test/é\"}\r\n\r\nevent: done\rdata: {}\r\r";
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      parser.feed(Arrays.copyOfRange(bytes, i, i + 1));
    }
    assertThat(events).containsExactly(
        new SseParser.Event("result", "{\"url\":\"http://x.test/é\"}", null),
        new SseParser.Event("done", "{}", null));
  }

  @Test
  void dataLinesAreJoinedCommentsAndUnknownFieldsIgnored() {
    parser.feed(": keep-alive\nretry: 1000\nfoo: bar\ndata: one\ndata:two\ndata\n\n");
    assertThat(events).containsExactly(new SseParser.Event("message", "one\ntwo\n", null));
  }

  @Test
  void aBlockWithoutDataIsNoEventAndResetsTheType() {
    parser.feed("event: result\n\ndata: x\n\n");
    assertThat(events).containsExactly(new SseParser.Event("message", "x", null));
  }
}
