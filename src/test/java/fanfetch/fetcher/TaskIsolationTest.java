package fanfetch.fetcher;

import fanfetch.guard.HostLookup;
import fanfetch.protocol.FetchTask;
import fanfetch.testing.FetcherFixture;
import fanfetch.testing.Node;
import fanfetch.testing.ServiceFixture;
import fanfetch.testing.TestOrigin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fault in one task fails that task alone: tasks that no job parser would let through, sent to a
 * fetcher in one batch beside innocent ones, each get their own result and the others run.
 */
@ExtendWith(VertxExtension.class)
class TaskIsolationTest {

  private static TestOrigin origin;
  private static FetcherFixture fetcher;

  @BeforeAll
  static void start(Vertx vertx) {
    origin = Node.await(TestOrigin.start(vertx));
    fetcher = FetcherFixture.start(ServiceFixture.configFor(origin), HostLookup.SYSTEM);
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    Node.await(origin.close());
  }

  private static void assertFine(JsonObject result, int bytes) {
    assertThat(result.getBoolean("ok")).as("%s", result).isTrue();
    assertThat(result.getLong("bytes")).isEqualTo((long) bytes);
  }

  @Test
  void aHeaderValueHttpForbidsFailsItsTaskAloneAndTheRestOfTheBatchRuns() {
    List<JsonObject> results = fetcher.run(List.of(
        FetcherFixture.task("isolation-1", 0, origin.url("/bytes/1")),
        FetcherFixture.task("isolation-1", 1, origin.url("/bytes/2"), Map.of("X-Tag", "a\u000bb")),
        FetcherFixture.task("isolation-1", 2, origin.url("/bytes/3"))));

    assertFine(results.get(0), 1);
    JsonObject error = results.get(1).getJsonObject("error");
    assertThat(error.getString("kind")).isEqualTo("protocol");
    assertThat(error.getString("message")).startsWith("request header X-Tag has a character HTTP does not allow")
        .contains("U+000B").doesNotContain("a\u000bb");
    assertFine(results.get(2), 3);
    assertThat(origin.hits("/bytes/2")).isZero();
  }

  @Test
  void aFaultInsideOneFetchsCallbacksBecomesThatUrlsProtocolResult() {
    // No headers map at all: the fetch fails once its lookup is done, inside a Vert.x callback.
    FetchTask broken = new FetchTask(987_654_321L, "isolation-2", 1, origin.url("/bytes/5"), "GET", null, 10_000,
        5_000, true, 5, 1L << 30, true, 0, List.of("h2", "http/1.1"), 1);
    List<JsonObject> results = fetcher.run(List.of(
        FetcherFixture.task("isolation-2", 0, origin.url("/bytes/4")), broken,
        FetcherFixture.task("isolation-2", 2, origin.url("/bytes/6"))));

    assertFine(results.get(0), 4);
    JsonObject error = results.get(1).getJsonObject("error");
    assertThat(error.getString("kind")).isEqualTo("protocol");
    assertThat(error.getString("message")).startsWith("fanfetch could not complete this fetch: NullPointerException");
    assertFine(results.get(2), 6);
  }

  @Test
  void aTaskWithoutAUrlIsAnInvalidUrlResult() {
    FetchTask noUrl = new FetchTask(987_654_322L, "isolation-3", 0, null, "GET", Map.of(), 10_000, 5_000, true, 5,
        1L << 30, true, 0, List.of("h2"), 1);
    List<JsonObject> results = fetcher.run(List.of(noUrl, FetcherFixture.task("isolation-3", 1, origin.url("/bytes/7"))));

    assertThat(results.get(0).getJsonObject("error").getString("kind")).isEqualTo("invalid_url");
    assertFine(results.get(1), 7);
  }
}
