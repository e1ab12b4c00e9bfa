package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness and readiness, open even when API keys are required. */
class HealthTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.nodeOnly(config ->
      config.put("auth", new JsonObject().put("apiKeys", new JsonArray().add("k"))));

  @Test
  void aDeployedNodeIsLiveAndReadyWithoutAnApiKey() {
    var live = fixture.get("/health/live").send().await();
    var ready = fixture.get("/health/ready").send().await();

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
  }

  @Test
  void headOnHealthAndTheApiDescriptionAnswersLikeGetWithoutABody() {
    for (String path : java.util.List.of("/health/live", "/health/ready", "/openapi.json")) {
      var get = fixture.get(path).send().await();
      var head = fixture.client().head(fixture.port(), "127.0.0.1", path).send().await();

      assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode()).isEqualTo(200);
      assertThat(head.getHeader("Content-Type")).as(path).isEqualTo(get.getHeader("Content-Type"));
      assertThat(head.body()).as(path).isNull();
    }
  }

  @Test
  void aNodeThatIsNotReadyAnswers503() {
    fanfetch.model.NodeState.markReady(fixture.vertx(), false);
    try {
      var ready = fixture.get("/health/ready").send().await();
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("DOWN");
    } finally {
      fanfetch.model.NodeState.markReady(fixture.vertx(), true);
    }
  }
}
