package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the shape the coordinator is to report (summary.heldBackBy, queueMs and queuedBy per result). */
class HeldBackTest {

  private static JsonObject withSummary(JsonObject heldBackBy) {
    return new JsonObject().put("summary", new JsonObject().put("heldBackBy", heldBackBy));
  }

  private static JsonObject queued(double ms, String by) {
    return new JsonObject().put("queueMs", ms).put("queuedBy", by);
  }

  @Test
  void theSummarysLimitIsNamedWithItsValueAndTheOptionThatLiftsIt() {
    JsonObject report = withSummary(new JsonObject().put("limit", "perHost").put("ms", 40123.4).put("urls", 1984));
    assertThat(HeldBack.line(report, Map.of("perHost", 16)))
        .isEqualTo("most waiting was for perHost (16), 1984 URLs for 40.1 s in all: raise --per-host");
  }

  @Test
  void aValueTheReportGivesWinsOverWhatTheCommandKnows() {
    JsonObject report = withSummary(new JsonObject().put("limit", "concurrency").put("ms", 250.0).put("value", 64));
    assertThat(HeldBack.line(report, Map.of("concurrency", 256)))
        .isEqualTo("most waiting was for concurrency (64) for 250.0 ms in all: raise --concurrency");
  }

  @ParameterizedTest
  @ValueSource(strings = {"concurrency", "perHost", "nodeInFlight", "rate", "pool", "nodePerHost"})
  void everyLimitTheCoordinatorNamesHasARemedy(String limit) {
    String line = HeldBack.line(withSummary(new JsonObject().put("limit", limit).put("ms", 5000)), Map.of());
    assertThat(line).startsWith("most waiting was for " + limit + " for 5.0 s in all: raise ");
  }

  @Test
  void anUnknownLimitIsNamedWithoutARemedy() {
    assertThat(HeldBack.line(withSummary(new JsonObject().put("limit", "moonPhase").put("ms", 10)), Map.of()))
        .isEqualTo("most waiting was for moonPhase for 10.0 ms in all");
  }

  @Test
  void withoutTheSummaryFieldTheResultsWaitingIsAddedUpByCause() {
    JsonObject report = new JsonObject().put("results", new JsonArray()
        .add(queued(100, "perHost")).add(queued(300, "concurrency")).add(queued(250, "perHost"))
        .add(new JsonObject().put("queueMs", 0.0).put("queuedBy", "concurrency"))
        .add(new JsonObject().put("url", "http://a.test/")));
    assertThat(HeldBack.line(report, Map.of("perHost", 4)))
        .isEqualTo("most waiting was for perHost (4), 2 URLs for 350.0 ms in all: raise --per-host");
  }

  @Test
  void aReportThatSaysNothingAboutWaitingGivesNoLine() {
    assertThat(HeldBack.line(new JsonObject().put("summary", new JsonObject().put("total", 3))
        .put("results", new JsonArray().add(new JsonObject().put("url", "http://a.test/"))), Map.of())).isNull();
    assertThat(HeldBack.line(new JsonObject(), Map.of())).isNull();
    // a malformed field is no reason to fail the output
    assertThat(HeldBack.line(new JsonObject().put("summary", new JsonObject().put("heldBackBy", "perHost")), Map.of()))
        .isNull();
  }

  @Test
  void waitingOfLessThanAMillisecondIsNotWorthALine() {
    assertThat(HeldBack.line(withSummary(new JsonObject().put("limit", "perHost").put("ms", 0.4)), Map.of())).isNull();
  }
}
