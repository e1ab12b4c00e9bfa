package fanfetch.api;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job is findable from the moment it is accepted, and a waiting client does not leave an orphan:
 * the waiting POST sends its status and {@code Location} at once, and a client that goes away
 * while waiting cancels its job unless it detached.
 */
class FindableJobsTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  private HttpClient http;

  @BeforeEach
  void client() {
    http = fixture.vertx().createHttpClient();
  }

  @AfterEach
  void closeClient() {
    Node.await(http.close());
  }

  /** A waiting POST /jobs of one URL: the response as soon as its head arrives (the body still to come). */
  private HttpClientResponse postWaiting(String query, String url) {
    JsonObject spec = new JsonObject().put("urls", new JsonArray().add(url)).put("timeoutMs", 60_000);
    HttpClientRequest request = Node.await(http.request(HttpMethod.POST, fixture.port(), "127.0.0.1", "/jobs" + query));
    request.putHeader("Content-Type", "application/json");
    return Node.await(request.send(spec.toBuffer()), 10);
  }

  private static String state(String id) {
    return fixture.get("/jobs/" + id).send().await().bodyAsJsonObject().getString("state");
  }

  @Test
  void aWaitingPostSendsStatusAndLocationOnceTheJobIsAcceptedThenTheReport() {
    HttpClientResponse response = postWaiting("", fixture.url("/hang?findable=1"));
    io.vertx.core.Future<Buffer> report = response.body();

    String id = response.getHeader("Fanfetch-Job-Id");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Location")).isEqualTo("/jobs/" + id);
    assertThat(state(id)).as("the head came while the job runs").isEqualTo("running");
    fixture.delete("/jobs/" + id).send().await();
    Buffer body = Node.await(report, 30);
    assertThat(new JsonObject(body).getString("state")).isEqualTo("cancelled");
    assertThat(new JsonObject(body).getString("id")).isEqualTo(id);
  }

  /** Waits for the job's head, closes the connection, and tells the state the job ends in. */
  private String endStateAfterTheClientGoesAway(String query, String url) {
    HttpClientResponse response = postWaiting(query, url);
    String id = response.getHeader("Fanfetch-Job-Id");

    Node.await(response.request().connection().close());

    return Polling.until("the job's end", Duration.ofSeconds(30), Duration.ofMillis(50),
        () -> state(id), s -> !"running".equals(s) && !"queued".equals(s));
  }

  @Test
  void aWaitingClientThatGoesAwayCancelsItsJob() {
    assertThat(endStateAfterTheClientGoesAway("", fixture.url("/hang?findable=2"))).isEqualTo("cancelled");
  }

  @Test
  void aDetachedClientThatGoesAwayLeavesItsJobRunningToItsEnd() {
    assertThat(endStateAfterTheClientGoesAway("?detach=true", fixture.url("/delay/1500?findable=3")))
        .isEqualTo("done");
  }

  @Test
  void whenTheWaitRunsOutTheAnswerEndsWithTheReportAsItStands() {
    Node shortWait = fixture.startNode((config, origin) -> config.getJsonObject("http").put("waitTimeoutMs", 300));
    JsonObject spec = new JsonObject().put("urls", new JsonArray().add(fixture.url("/hang?findable=4")))
        .put("timeoutMs", 60_000);

    var answer = Node.await(shortWait.client().post(shortWait.port(), "127.0.0.1", "/jobs").sendJsonObject(spec), 30);

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonObject report = answer.bodyAsJsonObject();
    assertThat(report.getString("state")).isEqualTo("running");
    assertThat(answer.getHeader("Location")).isEqualTo("/jobs/" + report.getString("id"));
    shortWait.client().delete(shortWait.port(), "127.0.0.1", "/jobs/" + report.getString("id")).send().await();
  }
}
