package fanfetch.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCheckTest {

  private static JsonObject ok(long bytes) {
    return new JsonObject().put("ok", true).put("status", 200).put("bytes", bytes);
  }

  private static String report(JsonObject... results) {
    return new JsonObject().put("durationMs", 12.5).put("results", new JsonArray(java.util.List.of((Object[]) results)))
        .encode();
  }

  @Test
  void aCompleteReportOfOkResultsWithTheRightBytesPasses() {
    assertThat(ReportCheck.problem(200, report(ok(1024), ok(1024)), 2, 1024)).isNull();
  }

  @Test
  void aRefusedJobFailsWithItsStatusAndProblem() {
    assertThat(ReportCheck.problem(429, "{\"title\":\"Too many jobs\"}", 2, 1024))
        .isEqualTo("HTTP 429: {\"title\":\"Too many jobs\"}");
  }

  @Test
  void aReportWithoutOneResultPerUrlFails() {
    assertThat(ReportCheck.problem(200, report(ok(3)), 2, 3)).isEqualTo("1 results for 2 URLs");
    assertThat(ReportCheck.problem(200, "{}", 2, 3)).isEqualTo("0 results for 2 URLs");
  }

  @Test
  void failedUrlsAreCountedByErrorKindOrStatus() {
    String answer = report(ok(3),
        new JsonObject().put("ok", false).put("status", 404).put("bytes", 9),
        new JsonObject().put("ok", false).put("bytes", 0).put("error", new JsonObject().put("kind", "connect")),
        new JsonObject().put("ok", false).put("bytes", 0).put("error", new JsonObject().put("kind", "connect")));

    assertThat(ReportCheck.problem(200, answer, 4, 3)).isEqualTo("3 of 4 URLs failed: connect ×2, status 404 ×1");
  }

  @Test
  void anOkResultWithTheWrongLengthFails() {
    assertThat(ReportCheck.problem(200, report(ok(1024), ok(10)), 2, 1024))
        .isEqualTo("1 of 2 URLs failed: bytes 10 instead of 1024 ×1");
  }

  @Test
  void anAnswerThatIsNotJsonFails() {
    assertThat(ReportCheck.problem(200, "<html>proxy error</html>", 1, 3))
        .isEqualTo("the answer is not a report: <html>proxy error</html>");
  }
}
