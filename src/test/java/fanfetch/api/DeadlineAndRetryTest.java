package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's deadline closes it on time; retries back off and honour Retry-After. */
class DeadlineAndRetryTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, origin) ->
      config.getJsonObject("coordinator").put("retryBaseMs", 50).put("retryMaxMs", 2000));

  private JsonObject run(JsonObject spec) {
    return fixture.post("/jobs").sendJsonObject(spec).await().bodyAsJsonObject();
  }

  private static JsonObject error(JsonObject report, int index) {
    return report.getJsonArray("results").getJsonObject(index).getJsonObject("error");
  }

  @Test
  void aJobDeadlineClosesOpenUrlsAsTimeoutsWithTheirPhase() {
    JsonArray urls = new JsonArray()
        .add(fixture.url("/bytes/10?d=1"))
        .add(fixture.url("/hang?d=2"))
        .add(fixture.url("/trickle?d=3"))
        .add(fixture.url("/delay/5000?d=4"));
    JsonObject report = run(new JsonObject().put("urls", urls).put("deadlineMs", 800)
        .put("concurrency", 3).put("perHost", 3));

    assertThat(report.getString("state")).isEqualTo("done");
    assertThat(report.getBoolean("deadlineExceeded")).isTrue();
    assertThat(report.getDouble("durationMs")).isLessThan(3000.0);
    assertThat(report.getJsonArray("results").getJsonObject(0).getBoolean("ok")).isTrue();
    assertThat(error(report, 1).getString("kind")).isEqualTo("timeout");
    assertThat(error(report, 1).getString("phase")).isEqualTo("ttfb");
    assertThat(error(report, 1).getString("message")).contains("deadline");
    assertThat(error(report, 2).getString("kind")).isEqualTo("timeout");
    assertThat(error(report, 2).getString("phase")).isEqualTo("download");
    assertThat(error(report, 3).getString("kind")).isEqualTo("timeout");
    assertThat(error(report, 3).getString("phase")).isIn("queued", "ttfb");
  }

  @Test
  void theDeadlineEndsTheJobWhenItPassesNotAfterTheGraceAndTheUrlKeepsItsPhase() {
    // A URL that would answer long after the deadline, with retries to spare: the deadline is not
    // something to retry, so the fetcher's own deadline timeout is the result, on time.
    JsonObject report = run(new JsonObject().put("urls", new JsonArray().add(fixture.url("/delay/5000?end=1")))
        .put("deadlineMs", 1000).put("retries", 2));

    JsonObject result = report.getJsonArray("results").getJsonObject(0);
    assertThat(error(report, 0).getString("kind")).isEqualTo("timeout");
    assertThat(error(report, 0).getString("phase")).isEqualTo("ttfb");
    assertThat(result.getInteger("attempts")).isEqualTo(1);
    assertThat(result.containsKey("history")).isFalse();
    // Closed by force only after the deadline's grace (1 s) would mean 2 s or more.
    assertThat(report.getDouble("durationMs")).isLessThan(1900.0);
    JsonObject timings = result.getJsonObject("timings");
    assertThat(timings.getDouble("startMs") + timings.getDouble("totalMs"))
        .isLessThanOrEqualTo(report.getDouble("durationMs"));
    assertThat(timings.getDouble("ttfbMs")).isLessThanOrEqualTo(timings.getDouble("totalMs"));
  }

  @Test
  void urlsThatNeverStartedBeforeTheDeadlineAreTimedOutAsQueued() {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < 4; i++) {
      urls.add(fixture.url("/delay/600?q=" + i));
    }
    JsonObject report = run(new JsonObject().put("urls", urls).put("deadlineMs", 900).put("mode", "sequential"));

    assertThat(report.getJsonArray("results").getJsonObject(0).getBoolean("ok")).isTrue();
    assertThat(error(report, 1).getString("phase")).isEqualTo("ttfb");
    assertThat(error(report, 2).getString("phase")).isEqualTo("queued");
    assertThat(error(report, 3).getString("phase")).isEqualTo("queued");
    assertThat(report.getJsonArray("results").getJsonObject(3).getInteger("attempts")).isZero();
  }

  @Test
  void a503IsRetriedAndTheHistoryShowsEachAttempt() {
    JsonObject report = run(new JsonObject().put("urls", new JsonArray().add(fixture.url("/flaky/2/503?r=1")))
        .put("retries", 3));

    JsonObject result = report.getJsonArray("results").getJsonObject(0);
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getInteger("attempts")).isEqualTo(3);
    assertThat(result.getJsonArray("history")).hasSize(2);
    assertThat(result.getJsonArray("history").getJsonObject(0).getInteger("status")).isEqualTo(503);
  }

  @Test
  void retriesStopWhenTheyAreUsedUp() {
    JsonObject report = run(new JsonObject().put("urls", new JsonArray().add(fixture.url("/flaky/5/502?r=2")))
        .put("retries", 1));

    JsonObject result = report.getJsonArray("results").getJsonObject(0);
    assertThat(result.getInteger("status")).isEqualTo(502);
    assertThat(result.getInteger("attempts")).isEqualTo(2);
  }

  @Test
  void retryAfterIsHonoured() {
    JsonObject report = run(new JsonObject().put("urls", new JsonArray().add(fixture.url("/flaky/1/429/1?r=3")))
        .put("retries", 1));

    JsonObject result = report.getJsonArray("results").getJsonObject(0);
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getJsonObject("timings").getDouble("startMs")).isGreaterThanOrEqualTo(1000.0);
    assertThat(result.containsKey("retryAfterMs")).isFalse();
  }

  @Test
  void aFourOhFourIsNotRetried() {
    JsonObject report = run(new JsonObject().put("urls", new JsonArray().add(fixture.url("/status/404?r=4")))
        .put("retries", 3));

    assertThat(report.getJsonArray("results").getJsonObject(0).getInteger("attempts")).isEqualTo(1);
  }
}
