package fanfetch.fetcher;

import fanfetch.testing.Node;
import fanfetch.testing.OriginAndNode;
import fanfetch.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Phase timings as the report shows them. Assertions are about order and presence, not speed:
 * the machine running them may be slow and busy.
 */
class TimingsTest {

  private static final List<String> PHASES = List.of("startMs", "dnsMs", "connectMs", "tlsMs", "ttfbMs",
      "downloadMs", "totalMs");
  /** Results round to microseconds: sums may differ by a few of them. */
  private static final double ROUNDING = 0.01;

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();
  /**
   * A node with a single fetcher, used only by the connection-reuse tests (so their first fetch is
   * the host's first). With several fetchers, consecutive tasks go to different fetchers, each with
   * its own connection pool (see {@link #laterSequentialFetchReusesTheConnectionWithTheDefaultFetcherCount}).
   */
  private static Node oneFetcherNode;

  @BeforeAll
  static void startTheOneFetcherNode() {
    oneFetcherNode = fixture.startNode((config, origin) -> config.getJsonObject("fetchers").put("instances", 1));
  }

  private static JsonObject timings(JsonObject result) {
    JsonObject timings = result.getJsonObject("timings");
    assertThat(timings).as("result %s", result).isNotNull();
    return timings;
  }

  private static double ms(JsonObject timings, String phase) {
    assertThat(timings.getValue(phase)).as("%s in %s", phase, timings).isInstanceOf(Number.class);
    return timings.getDouble(phase);
  }

  @Test
  void everyPhaseIsPresentAndNonNegative() {
    JsonObject timings = timings(fixture.node().fetch(fixture.url("/delay/20/bytes/50000")));

    for (String phase : PHASES) {
      assertThat(ms(timings, phase)).as(phase).isGreaterThanOrEqualTo(0.0);
    }
    assertThat(timings.getValue("reusedConnection")).isInstanceOf(Boolean.class);
  }

  @Test
  void totalCoversTimeToFirstByte() {
    JsonObject timings = timings(fixture.node().fetch(fixture.url("/delay/50/bytes/1000")));

    assertThat(ms(timings, "totalMs")).isGreaterThanOrEqualTo(ms(timings, "ttfbMs"));
  }

  @Test
  void timeToFirstByteIncludesTheOriginsDelay() {
    JsonObject timings = timings(fixture.node().fetch(fixture.url("/delay/100")));

    // The origin answers no sooner than 100 ms after the request reached it (a little slack for timer rounding).
    assertThat(ms(timings, "ttfbMs")).isGreaterThanOrEqualTo(95.0);
  }

  @Test
  void phasesAddUpToNoMoreThanTheTotal() {
    JsonObject timings = timings(fixture.node().fetch(fixture.url("/redirect/2")));

    double phases = ms(timings, "dnsMs") + ms(timings, "connectMs") + ms(timings, "ttfbMs")
        + ms(timings, "downloadMs");
    assertThat(phases).isLessThanOrEqualTo(ms(timings, "totalMs") + ROUNDING);
  }

  @Test
  void plainHttpHasZeroTlsTime() {
    JsonObject timings = timings(fixture.node().fetch(fixture.url("/bytes/10")));

    assertThat(timings.getValue("tlsMs")).isInstanceOf(Number.class);
    assertThat(timings.getDouble("tlsMs")).isZero();
  }

  @Test
  void timedOutFetchLastsAtLeastItsTimeout() {
    JsonObject result = fixture.node().fetch(Node.spec(fixture.url("/hang")).put("timeoutMs", 200));

    assertThat(result.getJsonObject("error").getString("kind")).isEqualTo("timeout");
    assertThat(ms(timings(result), "totalMs")).isGreaterThanOrEqualTo(195.0);
  }

  @Test
  void sequentialFetchesStartOnlyAfterThePreviousOneEnded() {
    JsonObject report = fixture.node().submit(Node.spec(fixture.url("/delay/50"), fixture.url("/delay/10"),
        fixture.url("/bytes/100")).put("mode", "sequential"));

    JsonArray results = report.getJsonArray("results");
    for (int i = 1; i < results.size(); i++) {
      JsonObject previous = timings(results.getJsonObject(i - 1));
      JsonObject current = timings(results.getJsonObject(i));
      assertThat(ms(current, "startMs"))
          .as("start of #%d after the end of #%d", i, i - 1)
          .isGreaterThanOrEqualTo(ms(previous, "startMs") + ms(previous, "totalMs") - ROUNDING);
    }
  }

  @Test
  void parallelFetchesAllStartBeforeTheFirstOneEnds() {
    JsonObject report = fixture.node().submit(Node.spec(fixture.url("/delay/400"), fixture.url("/delay/400"),
        fixture.url("/delay/400")).put("mode", "parallel"));

    JsonArray results = report.getJsonArray("results");
    double firstEnd = Double.MAX_VALUE;
    for (int i = 0; i < results.size(); i++) {
      JsonObject t = timings(results.getJsonObject(i));
      firstEnd = Math.min(firstEnd, ms(t, "startMs") + ms(t, "totalMs"));
    }
    for (int i = 0; i < results.size(); i++) {
      assertThat(ms(timings(results.getJsonObject(i)), "startMs")).as("start of #%d", i).isLessThan(firstEnd);
    }
  }

  @Test
  void fetchTimeSumIsTheSumOfTotals() {
    JsonObject report = fixture.node().submit(Node.spec(fixture.url("/bytes/1"), fixture.url("/delay/30"),
        fixture.url("/stream/1000")));

    double sum = 0;
    for (int i = 0; i < 3; i++) {
      sum += ms(timings(report.getJsonArray("results").getJsonObject(i)), "totalMs");
    }
    assertThat(report.getDouble("fetchTimeSumMs")).isCloseTo(sum, within(ROUNDING * 3));
  }

  @Test
  void laterSequentialFetchOfTheSameHostReusesTheConnection() {
    JsonObject report = oneFetcherNode.submit(Node.spec(fixture.url("/bytes/100"), fixture.url("/bytes/200"))
        .put("mode", "sequential"));

    JsonObject first = timings(report.getJsonArray("results").getJsonObject(0));
    JsonObject second = timings(report.getJsonArray("results").getJsonObject(1));
    assertThat(first.getBoolean("reusedConnection")).as("first %s", first).isFalse();
    assertThat(second.getBoolean("reusedConnection")).as("second %s", second).isTrue();
    assertThat(ms(second, "connectMs")).isZero();
  }

  @Test
  void laterSequentialFetchReusesTheConnectionWithTheDefaultFetcherCount() {
    Node fresh = Node.startAlone(ServiceFixture.configFor(fixture.origin()));
    try {
      JsonObject report = fresh.submit(Node.spec(fixture.url("/bytes/300"), fixture.url("/bytes/301"))
          .put("mode", "sequential"));

      JsonObject second = timings(report.getJsonArray("results").getJsonObject(1));
      assertThat(second.getBoolean("reusedConnection")).as("second %s", second).isTrue();
    } finally {
      fresh.close();
    }
  }
}
