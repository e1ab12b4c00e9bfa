package fanfetch.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

  @Test
  void theBarShowsDoneOfExpectedAndTheCountsThenEndsItsLine() {
    StringWriter err = new StringWriter();
    ResultTracker tracker = new ResultTracker(2);
    try (Progress progress = Progress.bar("fetch", tracker, new PrintWriter(err), 100)) {
      tracker.add(new JsonObject().put("index", 0).put("ok", true));
      progress.update();
      tracker.add(new JsonObject().put("index", 1).put("ok", false));
      progress.update();
    }
    String drawn = err.toString();
    assertThat(drawn).startsWith("\r").endsWith(System.lineSeparator()).contains("fetch").contains("2/2")
        .contains("1 ok, 1 failed");
    for (String line : drawn.split("\r")) {
      assertThat(line.strip().length()).isLessThanOrEqualTo(100);
    }
  }

  @Test
  void withoutATerminalNothingIsDrawn() {
    ResultTracker tracker = new ResultTracker(1);
    try (Progress progress = Progress.none(tracker)) {
      tracker.add(new JsonObject().put("index", 0).put("ok", true));
      progress.update();
    }
    // Tests run without a console: the commands pick no bar.
    assertThat(Progress.wanted(false)).isEqualTo(System.console() != null);
    assertThat(Progress.wanted(true)).isFalse();
  }
}
