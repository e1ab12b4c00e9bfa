package fanfetch.api;

import fanfetch.testing.OriginAndNode;
import fanfetch.testing.RefusingPort;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Politeness end to end against a loopback origin: a job's {@code perHostRate} spaces its requests
 * as the origin sees them, the node's {@code nodePerHost} caps two jobs on one host together, and
 * {@code maxHostErrors} stops a job trying a host that refuses it.
 */
class PolitenessTest {

  private static final int NODE_PER_HOST = 3;
  private static RefusingPort refusing;

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withConfig((config, origin) -> {
    refusing = RefusingPort.hold();
    config.getJsonObject("guard").getJsonArray("allow").add(refusing.allowEntry());
    config.getJsonObject("limits").put("nodePerHost", NODE_PER_HOST);
  });

  @AfterAll
  static void releasePort() throws Exception {
    refusing.close();
  }

  private static Future<JsonObject> run(JsonObject spec) {
    return fixture.post("/jobs").sendJsonObject(spec).map(r -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      return r.bodyAsJsonObject();
    });
  }

  private static List<String> kinds(JsonObject report) {
    List<String> kinds = new ArrayList<>();
    JsonArray results = report.getJsonArray("results");
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      assertThat(result.getInteger("index")).isEqualTo(i);
      JsonObject error = result.getJsonObject("error");
      kinds.add(error == null ? "ok" : error.getString("kind"));
    }
    return kinds;
  }

  @Test
  void aRateLimitedHostNeverSeesMoreRequestsThanItsTokenBucketAllows() {
    // A burst of 3, within the class's node-wide cap: only the rate holds these URLs.
    int n = 9;
    double rate = 3;
    int burst = 3;
    JsonArray urls = new JsonArray();
    for (int i = 0; i < n; i++) {
      urls.add(fixture.url("/bytes/7?rated=" + i));
    }

    JsonObject report = run(new JsonObject().put("urls", urls).put("perHostRate", rate)).await();

    assertThat(kinds(report)).containsOnly("ok");
    // The coordinator's send times (each result's startMs) obey the bucket: any j-i+1 requests
    // span at least the time their tokens take beyond the burst (less the report's rounding).
    List<Double> sent = new ArrayList<>();
    report.getJsonArray("results").forEach(r -> sent.add(((JsonObject) r).getJsonObject("timings").getDouble("startMs")));
    sent.sort(null);
    for (int i = 0; i < n; i++) {
      for (int j = i + burst; j < n; j++) {
        double atLeastMs = (j - i + 1 - burst) / rate * 1000;
        assertThat(sent.get(j) - sent.get(i)).as("sends %d..%d", i, j).isGreaterThanOrEqualTo(atLeastMs - 1);
      }
    }
    // And the origin saw them so: the job's requests span the paced part (less a little for the
    // first connections' set-up, which delays the burst's arrivals), not one quick burst.
    List<Long> arrived = new ArrayList<>(fixture.origin().arrivalNanos("/bytes/7"));
    assertThat(arrived).hasSize(n);
    arrived.sort(null);
    assertThat(arrived.get(n - 1) - arrived.get(0)).as("the origin's first to last request")
        .isGreaterThanOrEqualTo((long) ((n - burst) / rate * 1e9) - TimeUnit.MILLISECONDS.toNanos(100));
    JsonObject heldBack = report.getJsonObject("summary").getJsonObject("heldBackBy");
    assertThat(heldBack.getString("limit")).isEqualTo("rate");
    assertThat(heldBack.getInteger("urls")).isEqualTo(n - burst);
    assertThat(heldBack.getDouble("value")).isEqualTo(rate);
    JsonObject last = report.getJsonArray("results").getJsonObject(n - 1);
    assertThat(last.getString("queuedBy")).isEqualTo("rate");
    assertThat(last.getDouble("queueMs")).isGreaterThan(1000.0 * (n - burst - 1) / rate - 30);
  }

  @Test
  void twoJobsOnOneHostTogetherStayWithinTheNodesPerHostCap() throws Exception {
    fixture.origin().resetCounters();
    List<Future<JsonObject>> jobs = new ArrayList<>();
    for (String job : List.of("a", "b")) {
      JsonArray urls = new JsonArray();
      for (int i = 0; i < 8; i++) {
        urls.add(fixture.url("/delay/150?job=" + job + "&i=" + i));
      }
      jobs.add(run(new JsonObject().put("urls", urls).put("concurrency", 8).put("perHost", 8)));
    }

    List<String> causes = new ArrayList<>();
    for (Future<JsonObject> job : jobs) {
      JsonObject report = job.await(30, TimeUnit.SECONDS);
      assertThat(kinds(report)).containsOnly("ok");
      report.getJsonArray("results").forEach(r -> causes.add(((JsonObject) r).getString("queuedBy")));
    }
    assertThat(fixture.origin().maxOpen()).isEqualTo(NODE_PER_HOST);
    assertThat(causes).contains("nodePerHost");
  }

  @Test
  void afterMaxHostErrorsARefusingHostsOtherUrlsAreNotTriedAndTheRestRun() {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < 6; i++) {
      urls.add(refusing.url("/down/" + i));
    }
    urls.add(fixture.url("/bytes/3?after=1")).add(fixture.url("/bytes/3?after=2"));

    JsonObject report = run(new JsonObject().put("urls", urls).put("perHost", 1).put("maxHostErrors", 2)).await();

    assertThat(kinds(report)).containsExactly("connect", "connect", "host_errors", "host_errors", "host_errors",
        "host_errors", "ok", "ok");
    JsonObject notTried = report.getJsonArray("results").getJsonObject(2);
    assertThat(notTried.getInteger("attempts")).isZero();
    assertThat(notTried.getJsonObject("error").getString("message")).contains("maxHostErrors");
    assertThat(report.getJsonObject("summary").getInteger("failed")).isEqualTo(6);
  }
}
