package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import fanfetch.testing.SseEvents;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The job API end to end: modes, ordering, windows, async submit, polling, SSE and cancel. */
class JobApiTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  @BeforeEach
  void resetOrigin() {
    fixture.origin().resetCounters();
  }

  private HttpResponse<Buffer> post(String pathAndQuery, JsonObject body) {
    return fixture.post(pathAndQuery).sendJsonObject(body).await();
  }

  private HttpResponse<Buffer> get(String path) {
    return fixture.get(path).send().await();
  }

  private static JsonObject job(String... urls) {
    return new JsonObject().put("urls", new JsonArray(List.of((Object[]) urls)));
  }

  private JsonArray urls(int n, String path) {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < n; i++) {
      urls.add(fixture.url(path + "?i=" + i));
    }
    return urls;
  }

  @Test
  void fourSlowDocumentsInParallelTakeAboutAsLongAsOne() {
    JsonArray urls = urls(4, "/delay/1000/bytes/100000");
    JsonObject sequential = post("/jobs", new JsonObject().put("urls", urls).put("mode", "sequential"))
        .bodyAsJsonObject();
    JsonObject parallel = post("/jobs", new JsonObject().put("urls", urls).put("mode", "parallel"))
        .bodyAsJsonObject();

    assertThat(sequential.getDouble("durationMs")).isGreaterThanOrEqualTo(4000.0);
    assertThat(parallel.getDouble("durationMs")).isLessThan(2000.0);
    assertThat(parallel.getDouble("speedup")).isGreaterThan(3.0);
    assertThat(sequential.getDouble("speedup")).isBetween(0.9, 1.1);
    assertThat(parallel.getDouble("fetchTimeSumMs")).isGreaterThanOrEqualTo(4000.0);
    assertThat(parallel.getJsonObject("summary").getInteger("succeeded")).isEqualTo(4);
    assertThat(parallel.getJsonObject("summary").getLong("bytes")).isEqualTo(400_000L);
  }

  @Test
  void sequentialModeFetchesOneAtATimeInOrder() {
    JsonObject report = post("/jobs", new JsonObject().put("urls", urls(3, "/delay/200")).put("mode", "sequential"))
        .bodyAsJsonObject();

    JsonArray results = report.getJsonArray("results");
    double previousEnd = -1;
    for (int i = 0; i < 3; i++) {
      JsonObject timings = results.getJsonObject(i).getJsonObject("timings");
      assertThat(timings.getDouble("startMs")).isGreaterThanOrEqualTo(previousEnd);
      previousEnd = timings.getDouble("startMs") + timings.getDouble("totalMs");
    }
    assertThat(fixture.origin().maxOpen()).isEqualTo(1);
  }

  @Test
  void compareModeReportsBothRunsAndTheMeasuredSpeedup() {
    JsonObject report = post("/jobs", new JsonObject().put("urls", urls(4, "/delay/500")).put("mode", "compare"))
        .bodyAsJsonObject();

    JsonObject sequential = report.getJsonObject("sequential");
    JsonObject parallel = report.getJsonObject("parallel");
    assertThat(sequential.getDouble("durationMs")).isGreaterThanOrEqualTo(2000.0);
    assertThat(parallel.getDouble("durationMs")).isLessThan(1500.0);
    assertThat(report.getDouble("speedup"))
        .isCloseTo(sequential.getDouble("durationMs") / parallel.getDouble("durationMs"),
            org.assertj.core.data.Offset.offset(0.02));
    assertThat(report.getDouble("speedup")).isGreaterThan(2.0);
    assertThat(sequential.getJsonArray("results")).hasSize(4);
    assertThat(report.getJsonArray("results")).hasSize(4);
    assertThat(report.getJsonArray("results").getJsonObject(0).getString("run")).isEqualTo("parallel");
    assertThat(sequential.getJsonArray("results").getJsonObject(0).getString("run")).isEqualTo("sequential");
  }

  @Test
  void everyUrlGetsExactlyOneResultInInputOrderWhateverHappens() {
    List<String> urls = List.of(
        fixture.url("/bytes/10"),
        "ftp://127.0.0.1/file",
        fixture.url("/status/404"),
        "not a url",
        fixture.url("/hang"),
        fixture.url("/status/500"),
        "http://bad^host.invalid/",
        fixture.url("/redirect/2"),
        "http://127.0.0.1:1/blocked-port");
    JsonObject report = post("/jobs", new JsonObject().put("urls", new JsonArray(new ArrayList<>(urls)))
        .put("timeoutMs", 1000)).bodyAsJsonObject();

    JsonArray results = report.getJsonArray("results");
    assertThat(results).hasSize(urls.size());
    for (int i = 0; i < urls.size(); i++) {
      assertThat(results.getJsonObject(i).getInteger("index")).isEqualTo(i);
      assertThat(results.getJsonObject(i).getString("url")).isEqualTo(urls.get(i));
    }
    assertThat(kind(results, 1)).isEqualTo("invalid_url");
    assertThat(results.getJsonObject(2).getInteger("status")).isEqualTo(404);
    assertThat(results.getJsonObject(2).getBoolean("ok")).isFalse();
    assertThat(results.getJsonObject(2).getValue("error")).isNull();
    assertThat(kind(results, 3)).isEqualTo("invalid_url");
    assertThat(kind(results, 4)).isEqualTo("timeout");
    assertThat(results.getJsonObject(5).getInteger("status")).isEqualTo(500);
    assertThat(kind(results, 6)).isEqualTo("invalid_url");
    assertThat(results.getJsonObject(7).getBoolean("ok")).isTrue();
    assertThat(kind(results, 8)).isEqualTo("blocked");
    JsonObject summary = report.getJsonObject("summary");
    assertThat(summary.getInteger("total")).isEqualTo(urls.size());
    assertThat(summary.getInteger("succeeded")).isEqualTo(2);
    assertThat(summary.getInteger("failed")).isEqualTo(urls.size() - 2);
    assertThat(summary.getJsonObject("statusCounts").getInteger("404")).isEqualTo(1);
  }

  private static String kind(JsonArray results, int i) {
    JsonObject error = results.getJsonObject(i).getJsonObject("error");
    return error == null ? null : error.getString("kind");
  }

  @Test
  void concurrencyCapsHowManyFetchesAreOpenAtOnce() {
    JsonObject report = post("/jobs", new JsonObject().put("urls", urls(12, "/delay/200"))
        .put("concurrency", 3).put("perHost", 12)).bodyAsJsonObject();

    assertThat(report.getJsonObject("summary").getInteger("succeeded")).isEqualTo(12);
    assertThat(fixture.origin().maxOpen()).isEqualTo(3);
    assertThat(report.getDouble("durationMs")).isGreaterThanOrEqualTo(800.0);
  }

  @Test
  void perHostCapsFetchesToOneHost() {
    JsonObject report = post("/jobs", new JsonObject().put("urls", urls(8, "/delay/200"))
        .put("concurrency", 8).put("perHost", 2)).bodyAsJsonObject();

    assertThat(report.getJsonObject("summary").getInteger("succeeded")).isEqualTo(8);
    assertThat(fixture.origin().maxOpen()).isEqualTo(2);
  }

  @Test
  void aLargeWindowOpensThatManyConnectionsToOneHost() {
    // The Vert.x default pool (5 per host) would silently serialize this job.
    JsonObject report = post("/jobs", new JsonObject().put("urls", urls(40, "/delay/500"))
        .put("concurrency", 40).put("perHost", 40)).bodyAsJsonObject();

    assertThat(report.getJsonObject("summary").getInteger("succeeded")).isEqualTo(40);
    assertThat(fixture.origin().maxOpen()).isEqualTo(40);
    assertThat(report.getDouble("durationMs")).isLessThan(1500.0);
  }

  @Test
  void asyncSubmitAnswers202WithLocationAndTheJobCanBePolled() {
    HttpResponse<Buffer> accepted = post("/jobs?wait=false", job(fixture.url("/delay/300"), fixture.url("/bytes/5")));

    assertThat(accepted.statusCode()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");
    assertThat(accepted.getHeader("Location")).isEqualTo("/jobs/" + id);
    assertThat(accepted.bodyAsJsonObject().getString("state")).isIn("queued", "running");

    JsonObject first = get("/jobs/" + id).bodyAsJsonObject();
    assertThat(first.getString("state")).isIn("queued", "running");
    JsonObject report = Polling.await("job " + id + " done, polled with GET", Duration.ofSeconds(10),
            Duration.ofMillis(50))
        .until(() -> get("/jobs/" + id).bodyAsJsonObject(), r -> "done".equals(r.getString("state")));
    assertThat(report.getString("state")).isEqualTo("done");
    assertThat(report.getJsonArray("results")).hasSize(2);
    assertThat(report.getString("finishedAt")).isNotNull();
  }

  @Test
  void aRunningJobReportsOnlyItsFinishedResults() {
    String id = post("/jobs?wait=false", job(fixture.url("/bytes/5"), fixture.url("/delay/1500")))
        .bodyAsJsonObject().getString("id");
    // The head is taken before the results are read, so a result may show a moment before it is counted.
    JsonObject report = waitUntil(id, "one result in",
        r -> r.getJsonArray("results").size() == 1 && r.getJsonObject("summary").getInteger("completed") == 1);

    assertThat(report.getString("state")).isEqualTo("running");
    assertThat(report.getJsonObject("summary").getInteger("total")).isEqualTo(2);
    assertThat(report.getJsonObject("summary").getInteger("completed")).isEqualTo(1);
    assertThat(report.getJsonArray("results").getJsonObject(0).getInteger("index")).isEqualTo(0);
    waitUntil(id, "done", r -> "done".equals(r.getString("state")));
  }

  private JsonObject waitUntil(String id, String what, java.util.function.Predicate<JsonObject> condition) {
    JsonObject report = Polling.await("job " + id + ": " + what, Duration.ofSeconds(10), Duration.ofMillis(20))
        .until(() -> get("/jobs/" + id).bodyAsJsonObject(), condition);
    assertThat(condition).accepts(report);
    return report;
  }

  @Test
  void finishedReportsStayReadable() {
    JsonObject done = post("/jobs", job(fixture.url("/bytes/7"))).bodyAsJsonObject();

    HttpResponse<Buffer> again = get("/jobs/" + done.getString("id"));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("state")).isEqualTo("done");
    assertThat(again.bodyAsJsonObject().getJsonArray("results")).isEqualTo(done.getJsonArray("results"));
  }

  @Test
  void progressStreamSendsOneEventPerUrlThenTheReport() {
    String id = post("/jobs?wait=false", job(fixture.url("/delay/300"), fixture.url("/delay/600"),
        fixture.url("/status/404"))).bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> stream = fixture.get("/jobs/" + id + "/events")
        .send().await();

    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.getHeader("Content-Type")).startsWith("text/event-stream");
    List<String[]> events = SseEvents.parse(stream.bodyAsString());
    assertThat(events).hasSize(4);
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      assertThat(events.get(i)[0]).isEqualTo("result");
      indices.add(new JsonObject(events.get(i)[1]).getInteger("index"));
    }
    assertThat(indices).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(events.get(3)[0]).isEqualTo("done");
    // The done event is the report's head: its results came one by one before it.
    JsonObject head = new JsonObject(events.get(3)[1]);
    assertThat(head.getString("id")).isEqualTo(id);
    assertThat(head.getString("state")).isEqualTo("done");
    assertThat(head.getJsonObject("summary").getInteger("completed")).isEqualTo(3);
    assertThat(head.containsKey("results")).isFalse();
  }

  @Test
  void progressStreamOfAFinishedJobReplaysItsResults() {
    String id = post("/jobs", job(fixture.url("/bytes/1"), fixture.url("/bytes/2"))).bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> stream = fixture.get("/jobs/" + id + "/events")
        .send().await();

    List<String[]> events = SseEvents.parse(stream.bodyAsString());
    assertThat(events).extracting(e -> e[0]).containsExactly("result", "result", "done");
  }

  @Test
  void cancelAbortsInFlightFetchesAndMarksTheRestCancelled() {
    JsonArray urls = new JsonArray().add(fixture.url("/hang?a")).add(fixture.url("/hang?b"))
        .add(fixture.url("/hang?c")).add(fixture.url("/bytes/1"));
    String id = post("/jobs?wait=false", new JsonObject().put("urls", urls).put("concurrency", 2)
        .put("timeoutMs", 60000)).bodyAsJsonObject().getString("id");
    waitUntil(id, "running", r -> "running".equals(r.getString("state")));

    HttpResponse<Buffer> cancelled = fixture.delete("/jobs/" + id).send().await();

    assertThat(cancelled.statusCode()).isEqualTo(200);
    JsonObject report = cancelled.bodyAsJsonObject();
    assertThat(report.getString("state")).isEqualTo("cancelled");
    JsonArray results = report.getJsonArray("results");
    assertThat(results).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(kind(results, i)).isEqualTo("cancelled");
    }
    assertThat(results.getJsonObject(0).getJsonObject("error").getString("message")).contains("while fetching");
    assertThat(results.getJsonObject(3).getJsonObject("error").getString("message")).contains("before");
    assertThat(get("/jobs/" + id).bodyAsJsonObject().getString("state")).isEqualTo("cancelled");
  }

  @Test
  void aCompareJobCancelledDuringItsSequentialRunIsReportedInTheDocumentedShape() {
    JsonArray urls = new JsonArray().add(fixture.url("/bytes/2?cmp")).add(fixture.url("/hang?cmp"))
        .add(fixture.url("/bytes/3?cmp"));
    String id = post("/jobs?wait=false", new JsonObject().put("urls", urls).put("mode", "compare")
        .put("timeoutMs", 60000)).bodyAsJsonObject().getString("id");
    waitUntil(id, "the sequential run at its second URL",
        r -> r.getJsonObject("summary").getInteger("completed") == 1);

    JsonObject report = fixture.delete("/jobs/" + id).send().await().bodyAsJsonObject();

    assertThat(report.getString("state")).isEqualTo("cancelled");
    JsonArray sequential = report.getJsonObject("sequential").getJsonArray("results");
    assertThat(sequential).hasSize(3);
    assertThat(sequential.getJsonObject(0).getBoolean("ok")).isTrue();
    assertThat(kind(sequential, 1)).isEqualTo("cancelled");
    JsonArray results = report.getJsonArray("results");
    assertThat(results).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(results.getJsonObject(i).getString("run")).isEqualTo("parallel");
      assertThat(kind(results, i)).isEqualTo("cancelled");
    }
    assertThat(get("/jobs/" + id).bodyAsJsonObject().getJsonObject("sequential").getJsonArray("results"))
        .isEqualTo(sequential);
  }

  @Test
  void cancellingAFinishedJobLeavesItsReportAlone() {
    String id = post("/jobs", job(fixture.url("/bytes/3"))).bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> response = fixture.delete("/jobs/" + id).send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("state")).isEqualTo("done");
  }
}
