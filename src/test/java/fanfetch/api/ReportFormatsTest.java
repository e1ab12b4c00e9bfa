package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /jobs/{id} answers JSON, CSV or NDJSON as the Accept header asks. */
class ReportFormatsTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  private static JsonObject report;

  @BeforeAll
  static void runAJobOfThreeOutcomes() {
    report = fixture.post("/jobs")
        .sendJsonObject(new JsonObject().put("urls", new JsonArray().add(fixture.url("/bytes/10"))
            .add(fixture.url("/status/404")).add("not, a url")))
        .await().bodyAsJsonObject();
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> get(String accept) {
    var request = fixture.get("/jobs/" + report.getString("id"));
    if (accept != null) {
      request.putHeader("Accept", accept);
    }
    return request.send().await();
  }

  @Test
  void withoutAcceptTheReportIsJson() {
    var response = get(null);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject().getString("id")).isEqualTo(report.getString("id"));
  }

  @Test
  void aLargeLiveReportIsStreamedInSlicesAndAFinishedOneIsServedAsStored() {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < 700; i++) {
      urls.add(i % 100 == 7 ? "not a url " + i : fixture.url((i < 600 ? "/bytes/10?i=" : "/delay/20000?i=") + i));
    }
    String id = fixture.post("/jobs?wait=false")
        .sendJsonObject(new JsonObject().put("urls", urls).put("concurrency", 700).put("perHost", 700))
        .await().bodyAsJsonObject().getString("id");
    var live = Polling.await("job " + id + " with its 601 quick results in", Duration.ofSeconds(10),
            Duration.ofMillis(50))
        .until(() -> getJob(id), r -> r.bodyAsJsonObject().getJsonObject("summary").getInteger("completed") >= 601);

    // Running, with 601 results (the fast 600 and one invalid URL among the slow ones): sent in
    // slices, and still one JSON document in input order.
    assertThat(live.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(live.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject running = live.bodyAsJsonObject();
    assertThat(running.getString("state")).isEqualTo("running");
    JsonArray results = running.getJsonArray("results");
    assertThat(results.size()).isEqualTo(601);
    for (int i = 0; i < 600; i++) {
      assertThat(results.getJsonObject(i).getInteger("index")).isEqualTo(i);
    }
    assertThat(results.getJsonObject(600).getInteger("index")).isEqualTo(607);
    assertThat(running.fieldNames()).last().isEqualTo("results");

    JsonObject cancelled = fixture.delete("/jobs/" + id).send().await().bodyAsJsonObject();
    assertThat(cancelled.getJsonArray("results").size()).isEqualTo(700);
    // Finished, it is read from the store and streamed: the same document, byte for byte, every time.
    var stored = getJob(id);
    assertThat(stored.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(stored.bodyAsJsonObject()).isEqualTo(cancelled);
    assertThat(getJob(id).bodyAsString()).isEqualTo(stored.bodyAsString());
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> getJob(String id) {
    return fixture.get("/jobs/" + id).send().await();
  }

  @Test
  void csvHasAHeaderAndOneRowPerUrl() {
    var response = get("text/csv");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/csv");
    String[] lines = response.bodyAsString().split("\r\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).startsWith("index,url,finalUrl,ok,status,bytes");
    assertThat(lines[1]).startsWith("0,http://127.0.0.1:");
    assertThat(lines[2]).contains(",404,");
    assertThat(lines[3]).startsWith("2,\"not, a url\",").contains(",invalid_url,");
  }

  @Test
  void ndjsonIsOneResultPerLineInOrder() {
    var response = get("application/x-ndjson");

    assertThat(response.getHeader("Content-Type")).isEqualTo("application/x-ndjson");
    String[] lines = response.bodyAsString().split("\n");
    assertThat(lines).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(new JsonObject(lines[i])).isEqualTo(report.getJsonArray("results").getJsonObject(i));
    }
  }

  @Test
  void anUnsupportedFormatIs406Problem() {
    var response = get("application/xml");
    assertThat(response.statusCode()).isEqualTo(406);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }
}
