package fanfetch.cluster;

import fanfetch.testing.TestOrigin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One node keeping its jobs on local disk (the default, nothing to install): killed with SIGKILL
 * mid-job and started again on the same data directory, it finds the unfinished job and finishes
 * it, fetching only the URLs that had no result. Then a SIGTERM: the node drains, and the next start
 * goes on with the job. The figures are printed.
 */
class JobRestartIT {

  private static final int URLS = 600;
  private static final Duration LIMIT = Duration.ofSeconds(120);

  private static Vertx local;
  private static TestOrigin origin;
  private static Path logs;
  private static Path data;
  private static ChildJvm node;
  private static int starts;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @BeforeAll
  static void start() throws Exception {
    local = Vertx.vertx();
    origin = TestOrigin.start(local).await(30, TimeUnit.SECONDS);
    logs = ChildJvm.logFolder("JobRestartIT");
    data = Files.createDirectories(logs.resolve("data"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    local.close().await(30, TimeUnit.SECONDS);
  }

  private static ChildJvm startNode() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("FANFETCH_HTTP_PORT", "0");
    env.put("FANFETCH_GUARD_ALLOW", "127.0.0.1:" + origin.port());
    env.put("FANFETCH_JOB_STORE", "disk");
    env.put("FANFETCH_DATA_DIR", data.toString());
    ChildJvm started = ChildJvm.start("node-" + (++starts), logs, env, "fanfetch.Main", List.of("serve"));
    return started.awaitReady(60);
  }

  @Test
  void aNodeKilledAndStartedAgainFinishesItsJobFetchingOnlyWhatHadNoResult() throws Exception {
    node = startNode();
    String id = submit(job("/delay/500", "s", 40));
    JsonObject before = until(() -> getOrNull("/jobs/" + id),
        r -> r != null && r.getJsonObject("summary").getInteger("completed") >= 150, "the job under way");
    BitSet finishedBefore = indices(before);

    Instant killedAt = Instant.now();
    node.kill();
    node = startNode();
    long readyAt = System.currentTimeMillis();
    JsonObject done = until(() -> getOrNull("/jobs/" + id), r -> r != null && "done".equals(r.getString("state")),
        "the job done after the restart");

    assertEveryUrlOnceAndOk(done, "s");
    assertThat(done.getInteger("coordinatorChanges")).isEqualTo(1);
    int refetched = 0;
    int twice = 0;
    for (int i = 0; i < URLS; i++) {
      int hits = origin.uriHits("/delay/500?s=" + i);
      if (finishedBefore.get(i)) {
        assertThat(hits).as("URL %d, finished before the kill, fetched again", i).isEqualTo(1);
      } else if (hits > 1) {
        twice++;
      }
      refetched += hits > 1 ? 1 : 0;
    }
    // Only URLs with no stored result at the kill are fetched twice: those in flight (at most the job's
    // concurrency), and those whose answer came in the last moment before the kill, while their result
    // was still on its way into the store (a write a turn: a few at most; their slots already went
    // to the next URLs, so the sum can pass the concurrency by that much).
    assertThat(refetched).isLessThanOrEqualTo(40 + 20);
    System.out.printf("[restart] SIGKILL with %d of %d URLs done; the new node ready %d ms after the kill; the"
            + " job done %d ms after the kill; URLs fetched twice: %d (all of them unfinished at the kill)%n",
        finishedBefore.cardinality(), URLS, readyAt - killedAt.toEpochMilli(),
        Duration.between(killedAt, Instant.parse(done.getString("finishedAt"))).toMillis(), twice);
  }

  @Test
  void aNodeStoppedWithSigtermDrainsAndTheNextStartFinishesTheJob() throws Exception {
    if (node == null || !node.process.isAlive()) {
      node = startNode();
    }
    String id = submit(job("/delay/500", "t", 40));
    until(() -> getOrNull("/jobs/" + id), r -> r != null && r.getJsonObject("summary").getInteger("completed") >= 100,
        "the job under way");

    long t0 = System.nanoTime();
    int status = node.terminate(60);
    long stoppedMs = (System.nanoTime() - t0) / 1_000_000;
    node = startNode();
    JsonObject done = until(() -> getOrNull("/jobs/" + id), r -> r != null && "done".equals(r.getString("state")),
        "the job done after the restart");

    assertEveryUrlOnceAndOk(done, "t");
    int twice = 0;
    for (int i = 0; i < URLS; i++) {
      if (origin.uriHits("/delay/500?t=" + i) > 1) {
        twice++;
      }
    }
    System.out.printf("[restart] SIGTERM: stopped in %d ms (exit %d); job done with %d URL(s) fetched twice%n",
        stoppedMs, status, twice);
    // The fetches in flight finished within the grace and were stored before the node stopped.
    assertThat(twice).isZero();
  }

  private static JsonObject job(String path, String tag, int concurrency) {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < URLS; i++) {
      urls.add(origin.url(path + "?" + tag + "=" + i));
    }
    return new JsonObject().put("urls", urls).put("concurrency", concurrency).put("perHost", concurrency);
  }

  private static BitSet indices(JsonObject report) {
    BitSet set = new BitSet();
    JsonArray results = report.getJsonArray("results");
    for (int i = 0; i < results.size(); i++) {
      set.set(results.getJsonObject(i).getInteger("index"));
    }
    return set;
  }

  private static void assertEveryUrlOnceAndOk(JsonObject report, String tag) {
    ClusterReports.assertEachUrlOnce(report, URLS, tag, r -> assertThat(r.getInteger("status"))
        .as("result %d: %s", r.getInteger("index"), r.getJsonObject("error")).isEqualTo(200));
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort + path);
  }

  private static String submit(JsonObject spec) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/jobs?wait=false"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(spec.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST /jobs: %s", response.body()).isEqualTo(202);
    return new JsonObject(response.body()).getString("id");
  }

  private static JsonObject getOrNull(String path) throws Exception {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
          .build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private interface Probe<T> {
    T get() throws Exception;
  }

  private static <T> T until(Probe<T> probe, java.util.function.Predicate<T> passes, String what) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    T last = null;
    while (System.nanoTime() - deadline < 0) {
      last = probe.get();
      if (passes.test(last)) {
        return last;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return fail("no " + what + " within " + LIMIT.toSeconds() + " s; last answer: " + last);
  }
}
