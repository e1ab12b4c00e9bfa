package fanfetch.api;

import fanfetch.app.VertxFactory;
import fanfetch.testing.OriginAndNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** /metrics in Prometheus text: fanfetch's own figures and Vert.x's, never a host, URL or job id. */
class MetricsTest {

  /** Per-message meters on, so the label checks below also cover event-bus addresses. */
  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults().onVertx(() -> VertxFactory.create(true, true));

  private static String jobId;

  @BeforeAll
  static void runAJobOfFourOutcomes() {
    JsonObject report = fixture.post("/jobs")
        .sendJsonObject(new JsonObject().put("urls", new JsonArray()
            .add(fixture.url("/bytes/100")).add(fixture.url("/status/404")).add("ftp://x.invalid/")
            .add(fixture.url("/delay/20"))))
        .await().bodyAsJsonObject();
    jobId = report.getString("id");
  }

  private static List<String> scrape() {
    var response = fixture.get("/metrics").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
    return Arrays.asList(response.bodyAsString().split("\n"));
  }

  @Test
  void jobsAndUrlsAreCountedByOutcomeAndErrorKind() {
    List<String> lines = scrape();

    assertThat(lines).anyMatch(l -> l.startsWith("fanfetch_jobs_total{outcome=\"done\"}"));
    assertThat(lines).anyMatch(l -> l.startsWith("fanfetch_urls_total{kind=\"none\",outcome=\"ok\"} 2.0"));
    assertThat(lines).anyMatch(l -> l.startsWith("fanfetch_urls_total{kind=\"none\",outcome=\"http_error\"} 1.0"));
    assertThat(lines).anyMatch(l -> l.startsWith("fanfetch_urls_total{kind=\"invalid_url\",outcome=\"error\"} 1.0"));
  }

  @Test
  void phaseTimesAreHistograms() {
    List<String> lines = scrape();

    assertThat(lines).anyMatch(l -> l.startsWith("fanfetch_fetch_phase_seconds_bucket{phase=\"ttfb\""));
    assertThat(lines).anyMatch(l -> l.startsWith("fanfetch_fetch_phase_seconds_count{phase=\"total\"}"));
  }

  @Test
  void jobCountersAreDescribedAndEveryRefusalReasonIsThereFromTheStart() {
    List<String> lines = scrape();

    assertThat(lines).anyMatch(l -> l.startsWith("# HELP fanfetch_jobs_total Jobs finished"));
    assertThat(lines).anyMatch(l -> l.startsWith("# HELP fanfetch_jobs_refused_total Jobs refused"));
    for (String reason : List.of("jobs", "queued_urls", "client")) {
      assertThat(lines).as("no job was refused here").contains("fanfetch_jobs_refused_total{reason=\"" + reason + "\"} 0.0");
    }
  }

  @Test
  void phaseHistogramsHaveHumanBoundsFromOneMillisecondToAMinute() {
    List<String> buckets = scrape().stream()
        .filter(l -> l.startsWith("fanfetch_fetch_phase_seconds_bucket{") && l.contains("phase=\"total\""))
        .map(l -> l.substring(l.indexOf("le=\"") + 4, l.indexOf('"', l.indexOf("le=\"") + 4)))
        .toList();

    assertThat(buckets).containsExactly("0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
        "1.0", "2.5", "5.0", "10.0", "30.0", "60.0", "+Inf");
  }

  @Test
  void headOnMetricsAnswersLikeGetWithoutABody() {
    var response = fixture.client().head(fixture.port(), "127.0.0.1", "/metrics").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(response.body()).isNull();
  }

  @Test
  void levelsAndVertxOwnMetricsAreThere() {
    List<String> lines = scrape();

    assertThat(lines).anyMatch(l -> l.startsWith("fanfetch_fetches_in_flight"));
    assertThat(lines).anyMatch(l -> l.startsWith("fanfetch_urls_waiting"));
    assertThat(lines).anyMatch(l -> l.startsWith("fanfetch_jobs_live"));
    assertThat(lines).anyMatch(l -> l.startsWith("vertx_http_client_"));
    assertThat(lines).anyMatch(l -> l.startsWith("vertx_eventbus_"));
    assertThat(lines).anyMatch(l -> l.startsWith("vertx_http_server_"));
  }

  @Test
  void perMessageMetersAreOffUnlessAskedFor() {
    var byDefault = (io.vertx.micrometer.MicrometerMetricsOptions) VertxFactory.options(true).getMetricsOptions();
    var asked = (io.vertx.micrometer.MicrometerMetricsOptions) VertxFactory.options(true, true).getMetricsOptions();

    assertThat(byDefault.getDisabledMetricsCategories()).contains(
        io.vertx.micrometer.MetricsDomain.EVENT_BUS.toCategory(), io.vertx.micrometer.MetricsDomain.HTTP_CLIENT.toCategory());
    assertThat(byDefault.getDisabledMetricsCategories()).doesNotContain(
        io.vertx.micrometer.MetricsDomain.HTTP_SERVER.toCategory());
    assertThat(asked.getDisabledMetricsCategories()).doesNotContain(
        io.vertx.micrometer.MetricsDomain.EVENT_BUS.toCategory(), io.vertx.micrometer.MetricsDomain.HTTP_CLIENT.toCategory());
  }

  @Test
  void noLabelCarriesAHostAUrlOrAJobId() {
    List<String> labels = scrape().stream().filter(l -> !l.startsWith("#") && l.contains("{"))
        .map(l -> l.substring(l.indexOf('{'), l.lastIndexOf('}') + 1)).toList();

    assertThat(labels).isNotEmpty();
    int originPort = fixture.origin().port();
    assertThat(labels).noneMatch(l -> l.contains(":" + originPort) || l.contains("\"" + originPort));
    assertThat(labels).noneMatch(l -> l.contains("127.0.0.1"));
    assertThat(labels).noneMatch(l -> l.contains(jobId));
    assertThat(labels).noneMatch(l -> l.matches(".*fanfetch\\.fetch\\.[0-9a-f]{8}-.*"));
    assertThat(labels).noneMatch(l -> l.matches(".*__vertx\\.reply\\.[0-9].*"));
  }
}
