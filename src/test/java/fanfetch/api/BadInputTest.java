package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every malformed request gets a 4xx problem+json answer that names the field at fault. */
class BadInputTest {

  private static final int MAX_URLS = 5;
  private static final int MAX_BODY = 4096;

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.nodeOnly(config -> {
    config.getJsonObject("limits").put("maxUrlsPerJob", MAX_URLS).put("maxConcurrency", 300);
    config.getJsonObject("http").put("maxBodyBytes", MAX_BODY);
  });

  private HttpResponse<Buffer> postRaw(String body) {
    return fixture.post("/jobs")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(problem.getString("type")).startsWith("urn:fanfetch:problem:");
    if (field != null) {
      JsonArray errors = problem.getJsonArray("errors");
      assertThat(errors).isNotNull();
      assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field"))).contains(field);
    }
  }

  static Stream<Arguments> invalidJobs() {
    String url = "\"http://127.0.0.1:9/\"";
    return Stream.of(
        Arguments.of("not JSON", "{urls: nope", 400, "body"),
        Arguments.of("a JSON array", "[" + url + "]", 400, "body"),
        Arguments.of("an empty body", "", 400, "body"),
        Arguments.of("no urls", "{}", 400, "urls"),
        Arguments.of("empty urls", "{\"urls\": []}", 400, "urls"),
        Arguments.of("urls not a list", "{\"urls\": " + url + "}", 400, "urls"),
        Arguments.of("a URL that is not a string", "{\"urls\": [" + url + ", 42]}", 400, "urls[1]"),
        Arguments.of("too many URLs", "{\"urls\": [" + String.join(",", java.util.Collections.nCopies(MAX_URLS + 1, url))
            + "]}", 413, "urls"),
        Arguments.of("concurrency 0", "{\"urls\": [" + url + "], \"concurrency\": 0}", 400, "concurrency"),
        Arguments.of("concurrency over the cap", "{\"urls\": [" + url + "], \"concurrency\": 301}", 400, "concurrency"),
        Arguments.of("fractional timeout", "{\"urls\": [" + url + "], \"timeoutMs\": 1.5}", 400, "timeoutMs"),
        Arguments.of("timeout as a string", "{\"urls\": [" + url + "], \"timeoutMs\": \"1000\"}", 400, "timeoutMs"),
        Arguments.of("negative maxBytes", "{\"urls\": [" + url + "], \"maxBytes\": -1}", 400, "maxBytes"),
        Arguments.of("unknown mode", "{\"urls\": [" + url + "], \"mode\": \"turbo\"}", 400, "mode"),
        Arguments.of("unknown method", "{\"urls\": [" + url + "], \"method\": \"POST\"}", 400, "method"),
        Arguments.of("unknown digest", "{\"urls\": [" + url + "], \"digest\": \"md5\"}", 400, "digest"),
        Arguments.of("followRedirects not a boolean", "{\"urls\": [" + url + "], \"followRedirects\": \"yes\"}", 400,
            "followRedirects"),
        Arguments.of("headers not an object", "{\"urls\": [" + url + "], \"headers\": [\"a\"]}", 400, "headers"),
        Arguments.of("a reserved header", "{\"urls\": [" + url + "], \"headers\": {\"Host\": \"x\"}}", 400, "headers.Host"),
        Arguments.of("an unknown field", "{\"urls\": [" + url + "], \"concurency\": 4}", 400, "concurency"),
        Arguments.of("a control character in a header value", "{\"urls\": [" + url
            + "], \"headers\": {\"X-Tag\": \"a\\u000bb\"}}", 400, "headers.X-Tag"),
        Arguments.of("a key given twice", "{\"urls\": [" + url + "], \"mode\": \"parallel\", \"mode\": \"compare\"}",
            400, "mode"),
        Arguments.of("a header given twice", "{\"urls\": [" + url + "], \"headers\": {\"X-Tag\": \"a\", \"X-Tag\": \"b\"}}",
            400, "headers.X-Tag"));
  }

  @ParameterizedTest(name = "{0} → {2}")
  @MethodSource("invalidJobs")
  void invalidJobIsRefusedNamingTheField(String what, String body, int status, String field) {
    assertProblem(postRaw(body), status, field);
  }

  @Test
  void oversizedBodyIsRefusedWith413() {
    String big = "{\"urls\": [\"" + "x".repeat(MAX_BODY) + "\"]}";
    assertProblem(postRaw(big), 413, "body");
  }

  @Test
  void unknownJobIdIs404Problem() {
    HttpResponse<Buffer> response = fixture.get("/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ")
        .send().await();
    assertProblem(response, 404, null);
  }

  @Test
  void malformedJobIdIs404Problem() {
    assertProblem(fixture.get("/jobs/..%2Fetc").send().await(), 404, null);
    assertProblem(fixture.delete("/jobs/nope").send().await(), 404, null);
    assertProblem(fixture.get("/jobs/nope/events").send().await(), 404, null);
  }

  @Test
  void unknownPathIs404ProblemAndWrongMethodIs405Problem() {
    assertProblem(fixture.get("/nothing-here").send().await(), 404, null);
    assertProblem(fixture.put("/jobs").send().await(), 405, null);
  }

  @Test
  void aWrongMethodOnAKnownPathNamesTheMethodsItTakesInAllow() {
    HttpResponse<Buffer> put = fixture.put("/jobs").send().await();
    HttpResponse<Buffer> post = fixture.post("/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ").send().await();
    HttpResponse<Buffer> delete = fixture.delete("/metrics").send().await();

    assertProblem(put, 405, null);
    assertThat(put.headers().getAll("Allow")).containsExactly("GET, POST");
    assertProblem(post, 405, null);
    assertThat(post.headers().getAll("Allow")).containsExactly("GET, DELETE");
    assertProblem(delete, 405, null);
    assertThat(delete.headers().getAll("Allow")).containsExactly("GET, HEAD");
  }

  @Test
  void allErrorsOfOneJobAreReportedTogether() {
    HttpResponse<Buffer> response = postRaw("{\"urls\": [], \"mode\": \"x\", \"perHost\": 0}");
    assertProblem(response, 400, "urls");
    assertThat(response.bodyAsJsonObject().getJsonArray("errors")).hasSize(3);
  }

  @Test
  void aLongJobPostedAsAFormLikeCurlDashDIsReadAsJson() {
    StringBuilder urls = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      urls.append(i == 0 ? "" : ",").append("\"http://127.0.0.1:9/").append("x".repeat(700)).append(i).append("\"");
    }
    var response = fixture.post("/jobs?wait=false")
        .putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer("{\"urls\": [" + urls + "]}")).await();

    assertThat(response.statusCode()).isEqualTo(202);
  }
}
