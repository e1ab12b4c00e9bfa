package fanfetch.api;

import fanfetch.model.Addresses;
import fanfetch.testing.OriginAndNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Beyond its caps a node refuses new jobs at once with 429 and Retry-After; accepted jobs go on. */
class OverloadTest {

  /** An origin and a node of each test's own: each test sets its node's caps. */
  private OriginAndNode fixture;

  private void start(JsonObject limits, JsonObject auth) {
    fixture = OriginAndNode.withConfig((config, origin) -> {
      config.getJsonObject("limits").mergeIn(limits);
      if (auth != null) {
        config.put("auth", auth);
      }
    }).start();
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private HttpResponse<Buffer> submit(String key, int urls, String path) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < urls; i++) {
      list.add(fixture.url(path + "?u=" + i));
    }
    var request = fixture.post("/jobs?wait=false");
    if (key != null) {
      request.bearerTokenAuthentication(key);
    }
    return request.sendJsonObject(new JsonObject().put("urls", list)).await();
  }

  private HttpResponse<Buffer> awaitDone(String id) {
    return fixture.post("/jobs").send().await();
  }

  private static void assertBusy(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.getHeader("Retry-After")).isEqualTo("1");
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("retry later");
  }

  @Test
  void jobsBeyondTheJobCapAreRefusedAndTheAcceptedOnesFinish() {
    start(new JsonObject().put("maxJobs", 2), null);
    List<String> accepted = new ArrayList<>();
    accepted.add(submit(null, 1, "/delay/500").bodyAsJsonObject().getString("id"));
    accepted.add(submit(null, 1, "/delay/500").bodyAsJsonObject().getString("id"));

    assertBusy(submit(null, 1, "/delay/500"));

    for (String id : accepted) {
      JsonObject report = waitForEnd(id);
      assertThat(report.getString("state")).isEqualTo("done");
      assertThat(report.getJsonObject("summary").getInteger("succeeded")).isEqualTo(1);
    }
    assertThat(submit(null, 1, "/bytes/1").statusCode()).isEqualTo(202);
  }

  private JsonObject waitForEnd(String id) {
    var waited = fixture.vertx().eventBus()
        .<JsonObject>request(Addresses.control(id), new JsonObject().put("op", "wait"))
        .map(m -> m.body())
        .recover(e -> fixture.get("/jobs/" + id).send().map(r -> r.bodyAsJsonObject()));
    return waited.await();
  }

  @Test
  void urlsBeyondTheQueueCapAreRefused() {
    start(new JsonObject().put("maxQueuedUrls", 10).put("maxUrlsPerJob", 10), null);
    String first = submit(null, 8, "/delay/400").bodyAsJsonObject().getString("id");

    assertBusy(submit(null, 3, "/bytes/1"));
    assertThat(submit(null, 2, "/bytes/1").statusCode()).isEqualTo(202);
    assertThat(waitForEnd(first).getJsonArray("results")).hasSize(8);
  }

  @Test
  void eachApiKeyHasItsOwnJobCap() {
    start(new JsonObject().put("maxJobsPerClient", 1),
        new JsonObject().put("apiKeys", new JsonArray().add("alice").add("bob")));

    assertThat(submit("alice", 1, "/delay/500").statusCode()).isEqualTo(202);
    assertBusy(submit("alice", 1, "/delay/500"));
    assertThat(submit("bob", 1, "/delay/500").statusCode()).isEqualTo(202);
  }

  @Test
  void theEventBusEntryPointRefusesWithReplyCode429() {
    start(new JsonObject().put("maxJobs", 1), null);
    submit(null, 1, "/delay/500");

    ReplyException refusal = catchThrowableOfType(ReplyException.class, () -> fixture.vertx().eventBus()
        .request(Addresses.JOBS, new JsonObject().put("urls", new JsonArray().add(fixture.url("/bytes/1")))).await());

    assertThat(refusal.failureCode()).isEqualTo(429);
    assertThat(new JsonObject(refusal.getMessage()).getInteger("retryAfter")).isEqualTo(1);
  }
}
