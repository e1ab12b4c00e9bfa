package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Node-level behaviours: credit hand-over between jobs, connect timeouts, credentials on redirects. */
class NodeBehaviourTest {

  /** An origin and a node of each test's own: each test configures its node. */
  private OriginAndNode fixture;

  private void start(java.util.function.Consumer<JsonObject> configure) {
    fixture = OriginAndNode.withConfig((config, origin) -> configure.accept(config)).start();
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private Future<JsonObject> run(JsonObject spec) {
    return fixture.post("/jobs").sendJsonObject(spec).map(r -> r.bodyAsJsonObject());
  }

  @Test
  void jobsWaitingForTheNodesCreditRunWhenAnotherJobFinishes() throws Exception {
    start(config -> config.getJsonObject("limits").put("maxInFlight", 1));
    List<Future<JsonObject>> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      jobs.add(run(new JsonObject().put("urls", new JsonArray().add(fixture.url("/delay/200?job=" + i)))));
    }

    for (Future<JsonObject> job : jobs) {
      JsonObject report = job.await(java.util.concurrent.TimeUnit.SECONDS.toMillis(10),
          java.util.concurrent.TimeUnit.MILLISECONDS);
      assertThat(report.getString("state")).isEqualTo("done");
    }
    assertThat(fixture.origin().maxOpen()).isEqualTo(1);
  }

  @Test
  void waitingLongerThanConnectTimeoutForAPooledConnectionIsATimeout() {
    start(config -> config.getJsonObject("fetchers").put("instances", 1).put("maxConnectionsPerHost", 1));
    JsonArray urls = new JsonArray().add(fixture.url("/delay/1500?slow")).add(fixture.url("/bytes/10?second"));

    JsonObject report = run(new JsonObject().put("urls", urls).put("connectTimeoutMs", 300)).await();

    JsonObject second = report.getJsonArray("results").getJsonObject(1);
    assertThat(second.getJsonObject("error").getString("kind")).isEqualTo("timeout");
    assertThat(second.getJsonObject("error").getString("phase")).isEqualTo("connect");
    assertThat(second.getJsonObject("timings").getDouble("totalMs")).isLessThan(1400.0);
    assertThat(report.getJsonArray("results").getJsonObject(0).getBoolean("ok")).isTrue();
  }

  @Test
  void credentialsAreNotForwardedToAnotherOriginOnRedirect() {
    // localhost is loopback too: open all of loopback for this node.
    start(config -> config.getJsonObject("guard").put("allow", new JsonArray().add("127.0.0.0/8")));
    // 127.0.0.1 → localhost: another origin (the host differs), the same test server.
    String target = "http://localhost:" + fixture.origin().port() + "/headers";
    JsonObject spec = new JsonObject()
        .put("urls", new JsonArray().add(fixture.url("/redirect-to?url=" + URLEncoder.encode(target,
            StandardCharsets.UTF_8))))
        .put("headers", new JsonObject().put("Authorization", "Bearer s3cret").put("Cookie", "a=b")
            .put("X-Trace", "kept"));

    JsonObject result = run(spec).await().getJsonArray("results").getJsonObject(0);

    assertThat(result.getInteger("status")).isEqualTo(200);
    MultiMap seen = fixture.origin().lastRequestHeaders("/headers");
    assertThat(seen.get("X-Trace")).isEqualTo("kept");
    assertThat(seen.contains("Authorization")).isFalse();
    assertThat(seen.contains("Cookie")).isFalse();
  }

  @Test
  void credentialsStayOnSameOriginRedirects() {
    start(config -> { });
    JsonObject spec = new JsonObject().put("urls", new JsonArray().add(fixture.url("/redirect-to?url=%2Fheaders")))
        .put("headers", new JsonObject().put("Authorization", "Bearer s3cret"));

    JsonObject result = run(spec).await().getJsonArray("results").getJsonObject(0);

    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(fixture.origin().lastRequestHeaders("/headers").get("Authorization")).isEqualTo("Bearer s3cret");
  }
}
