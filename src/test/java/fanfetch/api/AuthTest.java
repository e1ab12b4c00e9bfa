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

/** With API keys configured, every /jobs call needs one of them as a bearer token. */
class AuthTest {

  private static Vertx vertx;
  private static Service service;
  private static WebClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    JsonObject config = ServiceFixture.defaultConfig().put("auth", new JsonObject()
        .put("apiKeys", new JsonArray().add("first-key").add("second-key")));
    service = ServiceFixture.start(vertx, config).await();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aRequestWithoutAKeyIs401Problem() {
    var response = client.get(service.port(), "127.0.0.1", "/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ").send().await();
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void aWrongKeyIs401() {
    var response = client.post(service.port(), "127.0.0.1", "/jobs")
        .bearerTokenAuthentication("first-kex").sendJsonObject(new JsonObject()).await();
    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void anyConfiguredKeyIsAccepted() {
    var response = client.post(service.port(), "127.0.0.1", "/jobs")
        .bearerTokenAuthentication("second-key").sendJsonObject(new JsonObject()).await();
    // Past authentication: the empty job is then refused for what it is.
    assertThat(response.statusCode()).isEqualTo(400);
  }
}
