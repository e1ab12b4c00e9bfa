package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTrackerTest {

  private static JsonObject result(int index, boolean ok, String run) {
    JsonObject result = new JsonObject().put("index", index).put("ok", ok);
    return run == null ? result : result.put("run", run);
  }

  @Test
  void eachUrlCountsOnceWhetherFromEventsOrSnapshots() {
    ResultTracker tracker = new ResultTracker(3);
    assertThat(tracker.add(result(1, true, null))).isTrue();
    assertThat(tracker.add(result(1, true, null))).isFalse();
    tracker.addAll(new JsonObject().put("results", new JsonArray().add(result(0, false, null)).add(result(1, true, null))));
    assertThat(tracker.done()).isEqualTo(2);
    assertThat(tracker.ok()).isEqualTo(1);
    assertThat(tracker.failed()).isEqualTo(1);
    assertThat(tracker.expected()).isEqualTo(3);
  }

  @Test
  void compareModeExpectsTwoResultsPerUrl() {
    ResultTracker tracker = new ResultTracker(2);
    tracker.add(result(0, true, "sequential"));
    tracker.add(result(0, true, "parallel"));
    assertThat(tracker.expected()).isEqualTo(4);
    assertThat(tracker.done()).isEqualTo(2);
  }

  @Test
  void aCompareSnapshotIsRecognisedByItsRunField() {
    ResultTracker tracker = new ResultTracker(2);
    tracker.addAll(new JsonObject().put("run", "sequential").put("results", new JsonArray()));
    assertThat(tracker.expected()).isEqualTo(4);
  }
}
