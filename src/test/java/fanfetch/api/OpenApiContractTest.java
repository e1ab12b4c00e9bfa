package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import fanfetch.testing.TestOrigin;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The OpenAPI document served at /openapi.json describes the real answers: each is validated against it. */
class OpenApiContractTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, origin) -> {
    config.getJsonObject("limits").put("maxUrlsPerJob", 5);
    // The node trusts the origin's certificate: https and h2 results are answers, not tls failures.
    config.getJsonObject("fetchers").put("trustPem", new JsonArray().add(origin.certificatePem()));
  });

  private static ResponseValidator validator;

  @BeforeAll
  static void readTheContract() {
    JsonObject document = fixture.get("/openapi.json").send().await().bodyAsJsonObject();
    OpenAPIContract contract = OpenAPIContract.from(fixture.vertx(), (JsonObject) validatable(document.copy())).await();
    validator = ResponseValidator.create(fixture.vertx(), contract);
  }

  /**
   * vertx-openapi validates JSON and text bodies only: problem documents are checked as the JSON
   * they are, and the streamed formats (CSV, NDJSON, SSE) as text.
   */
  private static Object validatable(Object node) {
    if (node instanceof JsonObject object) {
      JsonObject content = object.getJsonObject("content");
      if (content != null) {
        JsonObject renamed = new JsonObject();
        content.forEach(e -> renamed.put(mediaType(e.getKey()), e.getValue()));
        object.put("content", renamed);
      }
      object.forEach(e -> validatable(e.getValue()));
    } else if (node instanceof JsonArray array) {
      array.forEach(OpenApiContractTest::validatable);
    }
    return node;
  }

  private static String mediaType(String type) {
    return switch (type) {
      case "application/problem+json" -> "application/json";
      case "text/csv", "application/x-ndjson", "text/event-stream", "text/uri-list" -> "text/plain";
      default -> type;
    };
  }

  private static void assertConforms(HttpResponse<Buffer> response, String operationId) {
    Map<String, String> headers = new HashMap<>();
    MultiMap all = response.headers();
    all.names().stream().filter(name -> !name.equalsIgnoreCase("Content-Type"))
        .forEach(name -> headers.put(name, all.get(name)));
    String given = response.getHeader("Content-Type");
    String contentType = given == null ? null : mediaType(given.split(";")[0].trim());
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    ValidatableResponse validatable = response.body() == null
        ? ValidatableResponse.create(response.statusCode(), headers)
        : ValidatableResponse.create(response.statusCode(), headers, response.body(), contentType);
    assertThatCode(() -> validator.validate(validatable, operationId).await())
        .as("%s %d %s", operationId, response.statusCode(), response.bodyAsString())
        .doesNotThrowAnyException();
  }

  private static JsonObject job(String... urls) {
    return new JsonObject().put("urls", new JsonArray(java.util.List.of((Object[]) urls)));
  }

  @Test
  void theDocumentIsOpenApi31() {
    JsonObject document = fixture.get("/openapi.json").send().await().bodyAsJsonObject();
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
  }

  @Test
  void reportsWithHttpsHttp2AndH2cResultsConform() {
    TestOrigin origin = fixture.origin();
    HttpResponse<Buffer> done = fixture.post("/jobs").sendJsonObject(
        job(origin.h2Url("/bytes/10"), origin.tlsUrl("/bytes/11"), origin.url("/bytes/12"), origin.h2Url("/hang"))
            // 3 s: the JVM's first TLS handshakes take over a second on a busy 2-core machine; /hang waits it out.
            .put("httpVersions", new JsonArray().add("h2").add("http/1.1").add("h2c")).put("timeoutMs", 3_000))
        .await();
    assertConforms(done, "submitJob");
    JsonArray results = done.bodyAsJsonObject().getJsonArray("results");
    assertThat(results.getJsonObject(0).getString("httpVersion")).as("%s", results.getJsonObject(0)).isEqualTo("HTTP/2");
    assertThat(results.getJsonObject(0).getJsonObject("tls")).isNotNull();
    assertThat(results.getJsonObject(1).getString("httpVersion")).isEqualTo("HTTP/1.1");
    assertThat(results.getJsonObject(2).getString("httpVersion")).isEqualTo("HTTP/2");
    assertThat(results.getJsonObject(3).getJsonObject("error").getString("kind")).isEqualTo("timeout");
  }

  @Test
  void reportsWithEveryKindOfResultConform() {
    HttpResponse<Buffer> done = fixture.post("/jobs").sendJsonObject(
        job(fixture.url("/bytes/10"), fixture.url("/status/404"), "ftp://x.invalid/", fixture.url("/redirect/1"),
            "http://127.0.0.1:1/")).await();
    assertConforms(done, "submitJob");

    HttpResponse<Buffer> compare = fixture.post("/jobs").sendJsonObject(
        job(fixture.url("/bytes/5"), fixture.url("/bytes/6")).put("mode", "compare")).await();
    assertConforms(compare, "submitJob");

    String id = done.bodyAsJsonObject().getString("id");
    assertConforms(fixture.get("/jobs/" + id).send().await(), "getJob");
    assertConforms(fixture.delete("/jobs/" + id).send().await(), "cancelJob");
  }

  @Test
  void acceptedRunningAndCancelledJobsConform() {
    HttpResponse<Buffer> accepted = fixture.post("/jobs?wait=false")
        .sendJsonObject(job(fixture.url("/hang?oa"), fixture.url("/bytes/3")).put("timeoutMs", 60_000)).await();
    assertConforms(accepted, "submitJob");
    String id = accepted.bodyAsJsonObject().getString("id");

    assertConforms(fixture.get("/jobs/" + id).send().await(), "getJob");
    assertConforms(fixture.delete("/jobs/" + id).send().await(), "cancelJob");
  }

  @Test
  void problemsConform() {
    assertConforms(fixture.post("/jobs").sendJsonObject(new JsonObject()
        .put("urls", new JsonArray()).put("mode", "x")).await(), "submitJob");
    assertConforms(fixture.post("/jobs").sendJsonObject(job("a", "b", "c", "d", "e", "f"))
        .await(), "submitJob");
    assertConforms(fixture.get("/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ").send().await(),
        "getJob");
  }

  @Test
  void aStreamedListAJobListingAndAWrongMethodConform() {
    HttpResponse<Buffer> accepted = fixture.post("/jobs?wait=false&concurrency=2&header=X-A:%20b")
        .putHeader("Content-Type", "text/uri-list").sendBuffer(Buffer.buffer(fixture.url("/bytes/1") + "\r\n")).await();
    assertConforms(accepted, "submitJob");
    assertThat(accepted.statusCode()).isEqualTo(202);
    HttpResponse<Buffer> waited = fixture.post("/jobs").putHeader("Content-Type", "application/x-ndjson")
        .sendBuffer(Buffer.buffer("\"" + fixture.url("/bytes/2") + "\"\n")).await();
    assertConforms(waited, "submitJob");
    assertThat(waited.getHeader("Fanfetch-Job-Id")).isEqualTo(waited.bodyAsJsonObject().getString("id"));

    assertConforms(fixture.get("/jobs?limit=2").send().await(), "listJobs");
    assertConforms(fixture.get("/jobs?limit=0").send().await(), "listJobs");
    HttpResponse<Buffer> wrongMethod = fixture.put("/jobs").send().await();
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertConforms(wrongMethod, "submitJob");
  }

  @Test
  void headAnswersConform() {
    assertConforms(fixture.client().head(fixture.port(), "127.0.0.1", "/health/live").send().await(), "liveHead");
    assertConforms(fixture.client().head(fixture.port(), "127.0.0.1", "/openapi.json").send().await(), "openapiHead");
  }

  @Test
  void healthConforms() {
    assertConforms(fixture.get("/health/live").send().await(), "live");
    assertConforms(fixture.get("/health/ready").send().await(), "ready");
  }

  @Test
  void theValidatorCatchesAnAnswerThatBreaksTheContract() {
    JsonObject broken = new JsonObject().put("id", "nope").put("state", "running");
    ValidatableResponse response = ValidatableResponse.create(202, Map.of("Content-Type", "application/json"),
        broken.toBuffer(), "application/json");

    assertThat(catchThrowable(() -> validator.validate(response, "submitJob").await())).isNotNull();
  }
}
