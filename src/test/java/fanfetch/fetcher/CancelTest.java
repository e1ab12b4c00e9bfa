package fanfetch.fetcher;

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

import static org.assertj.core.api.Assertions.assertThat;

/** Cancelling a job through the API stops its fetches that are on the wire. */
@ExtendWith(VertxExtension.class)
class CancelTest {

  private static TestOrigin origin;
  private static Node node;

  @BeforeAll
  static void start(Vertx vertx) {
    origin = Node.await(TestOrigin.start(vertx));
    node = Node.start(vertx, ServiceFixture.configFor(origin));
  }

  @AfterAll
  static void stop() {
    node.close();
    Node.await(origin.close());
  }

  @Test
  void cancellingAJobAbortsItsInFlightFetch() {
    TestOrigin.Expected hang = origin.expect("/hang");
    String id = node.accept(Node.spec(origin.url("/hang")).put("timeoutMs", 120_000));
    Node.await(hang.arrived());

    JsonObject report = node.cancel(id);

    assertThat(report.getString("state")).isEqualTo("cancelled");
    JsonObject result = report.getJsonArray("results").getJsonObject(0);
    assertThat(result.getBoolean("ok")).isFalse();
    assertThat(result.getJsonObject("error").getString("kind")).isEqualTo("cancelled");
    assertThat(result.getInteger("attempts")).isEqualTo(1);
    // The origin sees the request dropped long before its 120 s timeout.
    Node.await(hang.closed(), 30);
  }

  @Test
  void cancellingASequentialJobCancelsTheUrlsNotYetStarted() {
    TestOrigin.Expected hang = origin.expect("/hang");
    String id = node.accept(Node.spec(origin.url("/hang"), origin.url("/bytes/61"))
        .put("mode", "sequential").put("timeoutMs", 120_000));
    Node.await(hang.arrived());

    JsonObject report = node.cancel(id);

    JsonObject notStarted = report.getJsonArray("results").getJsonObject(1);
    assertThat(notStarted.getJsonObject("error").getString("kind")).isEqualTo("cancelled");
    assertThat(notStarted.getInteger("attempts")).isZero();
    assertThat(origin.hits("/bytes/61")).isZero();
    Node.await(hang.closed(), 30);
  }
}
