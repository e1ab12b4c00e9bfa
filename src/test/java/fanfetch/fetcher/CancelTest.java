package fanfetch.fetcher;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.TestOrigin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancelling a job through the API stops its fetches that are on the wire. */
class CancelTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  @Test
  void cancellingAJobAbortsItsInFlightFetch() {
    TestOrigin.Expected hang = fixture.origin().expect("/hang");
    String id = fixture.node().accept(Node.spec(fixture.url("/hang")).put("timeoutMs", 120_000));
    Node.await(hang.arrived());

    JsonObject report = fixture.node().cancel(id);

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
    TestOrigin.Expected hang = fixture.origin().expect("/hang");
    String id = fixture.node().accept(Node.spec(fixture.url("/hang"), fixture.url("/bytes/61"))
        .put("mode", "sequential").put("timeoutMs", 120_000));
    Node.await(hang.arrived());

    JsonObject report = fixture.node().cancel(id);

    JsonObject notStarted = report.getJsonArray("results").getJsonObject(1);
    assertThat(notStarted.getJsonObject("error").getString("kind")).isEqualTo("cancelled");
    assertThat(notStarted.getInteger("attempts")).isZero();
    assertThat(fixture.origin().hits("/bytes/61")).isZero();
    Node.await(hang.closed(), 30);
  }
}
