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
    assertThat(Progress.of(false, "fetch", tracker, new PrintWriter(new StringWriter()))).isNotNull();
  }

  @Test
  void aShorterDrawingCoversAllOfTheLongerOneBefore() {
    StringWriter err = new StringWriter();
    ResultTracker tracker = new ResultTracker(1000);
    try (Progress progress = Progress.bar("fetch", tracker, new PrintWriter(err), 100)) {
      for (int i = 0; i < 1000; i++) {
        tracker.add(new JsonObject().put("index", i).put("ok", i % 2 == 0));
      }
      progress.update();
    }
    String[] drawings = err.toString().split("\r");
    for (int i = 2; i < drawings.length; i++) {
      assertThat(drawings[i].replace(System.lineSeparator(), "").length())
          .as("drawing %d covers drawing %d", i, i - 1)
          .isGreaterThanOrEqualTo(drawings[i - 1].replace(System.lineSeparator(), "").stripTrailing().length());
    }
  }

  @Test
  void whetherToDrawFollowsTheOptionElseWhetherStderrIsATerminal() {
    JobOptions options = new JobOptions();
    Stdio terminal = new Stdio(() -> null, false, true);
    Stdio piped = new Stdio(() -> null, false, false);
    assertThat(options.progress(terminal)).isTrue();
    assertThat(options.progress(piped)).isFalse();
    options.progress = false;
    assertThat(options.progress(terminal)).isFalse();
    options.progress = true;
    assertThat(options.progress(piped)).isTrue();
  }
}
