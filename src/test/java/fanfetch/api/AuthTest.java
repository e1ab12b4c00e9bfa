package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** With API keys configured, every /jobs call needs one of them as a bearer token. */
class AuthTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.nodeOnly(config -> config.put("auth", new JsonObject()
      .put("apiKeys", new JsonArray().add("first-key").add("second-key"))));

  @Test
  void aRequestWithoutAKeyIs401Problem() {
    var response = fixture.get("/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ").send().await();
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void aWrongKeyIs401() {
    var response = fixture.post("/jobs")
        .bearerTokenAuthentication("first-kex").sendJsonObject(new JsonObject()).await();
    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void anyConfiguredKeyIsAccepted() {
    var response = fixture.post("/jobs")
        .bearerTokenAuthentication("second-key").sendJsonObject(new JsonObject()).await();
    // Past authentication: the empty job is then refused for what it is.
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void aBodyWithoutAKeyIsNeverWaitedForNorRead() throws Exception {
    // The head promises 16 MB and no byte of the body is sent: the 401 must come without waiting for it.
    try (fanfetch.testing.RawClient client = fanfetch.testing.RawClient.connect(fixture.port(), 0)) {
      long started = System.nanoTime();
      fanfetch.testing.RawClient.Read read = client.send(fanfetch.testing.RawClient.head("POST", "/jobs",
          "Content-Type: application/json\r\nContent-Length: 16000000\r\n")).readUntilClosed(10_000, 4096);
      long tookMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(read.status()).isEqualTo(401);
      assertThat(read.closed()).as("the connection is closed: the body is not read").isTrue();
      assertThat(tookMs).isLessThan(8_000);
    }
  }
}
