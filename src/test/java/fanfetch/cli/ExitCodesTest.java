package fanfetch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodesTest {

  static JsonObject result(int index, boolean ok) {
    return new JsonObject().put("index", index).put("ok", ok);
  }

  static JsonObject report(JsonObject... results) {
    return new JsonObject().put("summary", new JsonObject().put("total", results.length))
        .put("results", new JsonArray(java.util.List.of((Object[]) results)));
  }

  @Test
  void everyResultOkIsZero() {
    assertThat(ExitCodes.of(report(result(0, true), result(1, true)))).isEqualTo(0);
  }

  @Test
  void oneFailedResultIsOne() {
    assertThat(ExitCodes.of(report(result(0, true), result(1, false)))).isEqualTo(1);
  }

  @Test
  void aResultWithoutOkIsAFailure() {
    assertThat(ExitCodes.of(report(new JsonObject().put("index", 0)))).isEqualTo(1);
  }

  @Test
  void urlsWithoutAResultAreFailures() {
    JsonObject report = report(result(0, true));
    report.getJsonObject("summary").put("total", 2);
    assertThat(ExitCodes.of(report)).isEqualTo(1);
    assertThat(ExitCodes.of(new JsonObject().put("results", new JsonArray()))).isEqualTo(1);
  }

  @Test
  void inCompareModeTheSequentialRunCountsToo() {
    JsonObject report = report(result(0, true));
    report.put("sequential", new JsonObject().put("results", new JsonArray().add(result(0, false))));
    assertThat(ExitCodes.of(report)).isEqualTo(1);
    report.put("sequential", new JsonObject().put("results", new JsonArray().add(result(0, true))));
    assertThat(ExitCodes.of(report)).isEqualTo(0);
  }

  @Test
  void theCodesAreTheDocumentedOnes() {
    assertThat(ExitCodes.OK).isEqualTo(0);
    assertThat(ExitCodes.SOME_FAILED).isEqualTo(1);
    assertThat(ExitCodes.USAGE).isEqualTo(2);
  }
}
