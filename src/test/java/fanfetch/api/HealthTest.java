package fanfetch.api;

import fanfetch.app.Service;
import fanfetch.testing.ServiceFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness and readiness, open even when API keys are required. */
class HealthTest {

  private static Vertx vertx;
  private static Service service;
  private static WebClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    JsonObject config = ServiceFixture.defaultConfig()
        .put("auth", new JsonObject().put("apiKeys", new JsonArray().add("k")));
    service = ServiceFixture.start(vertx, config).await();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aDeployedNodeIsLiveAndReadyWithoutAnApiKey() {
    var live = client.get(service.port(), "127.0.0.1", "/health/live").send().await();
    var ready = client.get(service.port(), "127.0.0.1", "/health/ready").send().await();

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
  }

  @Test
  void aNodeThatIsNotReadyAnswers503() {
    fanfetch.model.NodeState.markReady(vertx, false);
    try {
      var ready = client.get(service.port(), "127.0.0.1", "/health/ready").send().await();
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("DOWN");
    } finally {
      fanfetch.model.NodeState.markReady(vertx, true);
    }
  }
}
