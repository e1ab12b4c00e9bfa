package fanfetch.api;

import fanfetch.store.JobStores;
import fanfetch.store.MemoryJobStore;
import fanfetch.testing.OriginAndNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /jobs} with the URL list as the body ({@code text/uri-list} or NDJSON) and the
 * JobSpec's options as query parameters: read as it streams, checked like a JSON job, answered
 * like one; a refused list leaves nothing in the store.
 */
class StreamedIntakeTest {

  private static final int MAX_URLS = 2_500;

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, origin) ->
      config.getJsonObject("limits").put("maxUrlsPerJob", MAX_URLS));

  private static HttpResponse<Buffer> post(String query, String type, String body) {
    return fixture.post("/jobs" + query).putHeader("Content-Type", type).sendBuffer(Buffer.buffer(body)).await();
  }

  private static MemoryJobStore store() {
    return (MemoryJobStore) JobStores.of(fixture.vertx());
  }

  private static List<String> field(HttpResponse<Buffer> problem) {
    assertThat(problem.getHeader("Content-Type")).isEqualTo("application/problem+json");
    return problem.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("field")).toList();
  }

  @Test
  void aUriListWithCommentsBlankLinesAndCrlfIsOneUrlALineInOrder() {
    String body = "# fetched by the test\r\n" + fixture.url("/bytes/3") + "\r\n\r\n"
        + fixture.url("/headers") + "\n  # indented comment\n" + fixture.url("/status/404");

    HttpResponse<Buffer> answer = post("?concurrency=2&perHost=1&method=GET&header=X-Streamed:%20yes",
        "text/uri-list", body);

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    JsonObject report = answer.bodyAsJsonObject();
    assertThat(report.getString("state")).isEqualTo("done");
    JsonArray results = report.getJsonArray("results");
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("url")))
        .containsExactly(fixture.url("/bytes/3"), fixture.url("/headers"), fixture.url("/status/404"));
    assertThat(results.getJsonObject(0).getLong("bytes")).isEqualTo(3);
    assertThat(results.getJsonObject(2).getInteger("status")).isEqualTo(404);
    assertThat(fixture.origin().lastRequestHeaders("/headers").get("X-Streamed")).isEqualTo("yes");
    assertThat(fixture.origin().maxOpen()).as("perHost=1 from the query").isLessThanOrEqualTo(2);
  }

  @Test
  void ndjsonTakesStringsAndUrlObjectsAndWaitFalseAnswers202() {
    String body = "\"" + fixture.url("/bytes/1") + "\"\n{\"url\": \"" + fixture.url("/bytes/2") + "\"}\n";

    HttpResponse<Buffer> accepted = post("?wait=false&digest=none", "application/x-ndjson", body);

    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");
    assertThat(accepted.getHeader("Location")).isEqualTo("/jobs/" + id);
    JsonObject report = fanfetch.testing.Polling.until("the job's end", java.time.Duration.ofSeconds(30),
        java.time.Duration.ofMillis(50), () -> fixture.get("/jobs/" + id).send().await().bodyAsJsonObject(),
        r -> "done".equals(r.getString("state")));
    assertThat(report.getJsonArray("results")).hasSize(2);
    assertThat(report.getJsonArray("results").getJsonObject(1).getValue("sha256")).as("digest=none").isNull();
  }

  @Test
  void aBadQueryParameterIsRefusedNamingTheFieldAsInAJsonJob() {
    int chunks = store().urlChunks();

    HttpResponse<Buffer> answer = post("?concurrency=0&followRedirects=maybe&header=nocolon&concurency=3",
        "text/uri-list", fixture.url("/bytes/1"));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(field(answer)).containsExactlyInAnyOrder("concurrency", "followRedirects", "header", "concurency");
    assertThat(store().urlChunks()).isEqualTo(chunks);
  }

  @Test
  void moreUrlsThanTheLimitIs413NamingUrlsAndLeavesNothingStored() {
    int chunks = store().urlChunks();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i <= MAX_URLS; i++) {
      body.append(fixture.url("/bytes/1?i=" + i)).append('\n');
    }

    HttpResponse<Buffer> answer = post("", "text/uri-list", body.toString());

    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(field(answer)).containsExactly("urls");
    assertThat(store().urlChunks()).as("the two chunks written before the count was passed").isEqualTo(chunks);
  }

  @Test
  void aLineLongerThan8KibIs400AndABadNdjsonLineNamesItsUrl() {
    int chunks = store().urlChunks();

    HttpResponse<Buffer> tooLong = post("", "text/uri-list",
        fixture.url("/bytes/1") + "\n" + fixture.url("/" + "x".repeat(8200)) + "\n");
    HttpResponse<Buffer> notJson = post("", "application/x-ndjson", "\"" + fixture.url("/bytes/1") + "\"\n{url}\n");

    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(field(tooLong)).containsExactly("urls[1]");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(field(notJson)).containsExactly("urls[1]");
    assertThat(store().urlChunks()).isEqualTo(chunks);
  }

  @Test
  void anEmptyListIsRefusedNamingUrls() {
    HttpResponse<Buffer> answer = post("", "text/uri-list", "# nothing but a comment\n\n");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(field(answer)).containsExactly("urls");
  }
}
