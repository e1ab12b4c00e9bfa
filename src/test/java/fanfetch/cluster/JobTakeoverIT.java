package fanfetch.cluster;

import fanfetch.testing.TestOrigin;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Jobs that outlive their node, on three fanfetch nodes in JVMs of their own, clustered on loopback:
 * the coordinating node of a 3,000-URL job is killed with SIGKILL mid-job and a survivor takes the
 * job over; then all three nodes are restarted one after another with SIGTERM while a job runs.
 * Each time every URL gets exactly one result, all 200, the nodes agree on the report, and what had
 * finished is not fetched again. The figures are printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobTakeoverIT {

  private static final long READY_SECONDS = 90;
  private static final Duration JOB_LIMIT = Duration.ofSeconds(180);

  private static Vertx local;
  private static TestOrigin origin;
  private static LoopbackCluster cluster;
  private static Path logs;
  private static final List<ChildJvm> nodes = new ArrayList<>();
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private static final Map<String, String> figures = new LinkedHashMap<>();
  private static int started;

  @BeforeAll
  static void startThreeNodes() throws Exception {
    local = Vertx.vertx();
    origin = TestOrigin.start(local).await(30, TimeUnit.SECONDS);
    cluster = new LoopbackCluster();
    logs = ChildJvm.logFolder("JobTakeoverIT");
    System.out.println("[takeover] cluster " + cluster.name + ", logs in " + logs);
    nodes.add(startNode());
    nodes.get(0).awaitReady(READY_SECONDS);
    nodes.add(startNode());
    nodes.add(startNode());
    nodes.get(1).awaitReady(READY_SECONDS);
    nodes.get(2).awaitReady(READY_SECONDS);
    for (ChildJvm node : nodes) {
      node.awaitLog("Members {size:3", 60);
    }
  }

  private static ChildJvm startNode() throws Exception {
    Map<String, String> env = new HashMap<>(cluster.env());
    env.put("FANFETCH_HTTP_PORT", "0");
    env.put("FANFETCH_GUARD_ALLOW", "127.0.0.1:" + origin.port());
    env.put("FANFETCH_LEASE_MS", "6000");
    env.put("FANFETCH_SHUTDOWN_GRACE_MS", "15000");
    return ChildJvm.start("node-" + (++started), logs, env, "fanfetch.Main", List.of("serve", "--cluster"));
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
      for (ChildJvm node : nodes) {
        node.close();
      }
    } finally {
      if (local != null) {
        local.close().await(30, TimeUnit.SECONDS);
      }
      System.out.println("[takeover] figures:");
      figures.forEach((k, v) -> System.out.println("[takeover]   " + k + ": " + v));
    }
  }

  @Test
  @Order(1)
  void whenItsCoordinatorIsKilledASurvivorFinishesTheJob() throws Exception {
    int urls = 3_000;
    origin.resetCounters();
    List<ChildJvm> alive = alive();
    String id = submit(alive.get(0), job(urls, "/delay/500", 150, "k"));
    ChildJvm coordinator = ownerOf(alive, id);
    List<ChildJvm> survivors = alive.stream().filter(n -> n != coordinator).toList();
    // Mid-job: a good part done, and more to do.
    JsonObject before = until(() -> getOrNull(survivors.get(0), "/jobs/" + id),
        r -> r != null && r.getJsonObject("summary").getInteger("completed") >= 600, JOB_LIMIT, "the job under way");
    assertThat(before.getString("state")).isEqualTo("running");

    Instant killedAt = Instant.now();
    coordinator.kill();
    JsonObject done = until(() -> getOrNull(survivors.get(0), "/jobs/" + id),
        r -> r != null && "done".equals(r.getString("state")), JOB_LIMIT, "the job done on a survivor");

    assertEveryUrlOnceAndOk(done, urls, "k");
    assertThat(done.getInteger("coordinatorChanges")).isGreaterThanOrEqualTo(1);
    for (ChildJvm reader : survivors) {
      assertThat(get(reader, "/jobs/" + id)).as("the report read from %s", reader.name).isEqualTo(done);
    }
    ChildJvm newOwner = survivors.stream().filter(n -> logged(n, "job " + id + ": taken over")).findFirst()
        .orElseThrow(() -> new AssertionError("no survivor logged the takeover"));
    long takenOverAt = newOwner.awaitLogTime("job " + id + ": taken over", 10);
    int twice = fetchedTwice(urls, "/delay/500", "k");
    figures.put("coordinator killed", coordinator.name + " SIGKILLed with " + before.getJsonObject("summary")
        .getInteger("completed") + " of " + urls + " URLs done; " + newOwner.name + " took the job over "
        + (takenOverAt - killedAt.toEpochMilli()) + " ms after the kill; done "
        + Duration.between(killedAt, Instant.parse(done.getString("finishedAt"))).toMillis()
        + " ms after the kill; URLs fetched twice: " + twice + "; coordinatorChanges "
        + done.getInteger("coordinatorChanges"));
  }

  @Test
  @Order(2)
  void aRollingRestartOfEveryNodeLosesNothingAndRefetchesNothingThatHadFinished() throws Exception {
    if (alive().size() < 3) {
      ChildJvm replacement = startNode();
      nodes.add(replacement);
      replacement.awaitReady(READY_SECONDS);
      replacement.awaitLog("Members {size:3", 60);
    }
    // Long enough for three restarts: 3,000 URLs of one second, 30 at a time.
    int urls = 3_000;
    origin.resetCounters();
    String id = submit(alive().get(0), job(urls, "/delay/1000", 30, "r"));
    List<String> steps = new ArrayList<>();
    for (ChildJvm node : List.copyOf(alive())) {
      ChildJvm other = alive().stream().filter(n -> n != node).findFirst().orElseThrow();
      JsonObject before = until(() -> getOrNull(other, "/jobs/" + id), r -> r != null, Duration.ofSeconds(30),
          "the job readable before " + node.name + " stops");
      assertThat(before.getString("state")).as("the job while %s is stopped", node.name).isEqualTo("running");
      long t0 = System.nanoTime();
      int status = node.terminate(60);
      long stoppedMs = (System.nanoTime() - t0) / 1_000_000;
      long t1 = System.nanoTime();
      ChildJvm replacement = startNode();
      nodes.add(replacement);
      replacement.awaitReady(READY_SECONDS);
      replacement.awaitLog("Members {size:3", 60);
      steps.add(node.name + " stopped in " + stoppedMs + " ms (exit " + status + ") with "
          + before.getJsonObject("summary").getInteger("completed") + " URLs done, " + replacement.name
          + " ready and joined " + (System.nanoTime() - t1) / 1_000_000 + " ms later");
    }
    JsonObject done = until(() -> getOrNull(alive().get(0), "/jobs/" + id),
        r -> r != null && "done".equals(r.getString("state")), JOB_LIMIT, "the job done after the rolling restart");

    assertEveryUrlOnceAndOk(done, urls, "r");
    for (ChildJvm reader : alive()) {
      assertThat(get(reader, "/jobs/" + id)).as("the report read from %s", reader.name).isEqualTo(done);
    }
    int twice = fetchedTwice(urls, "/delay/1000", "r");
    figures.put("rolling restart", String.join("; ", steps) + "; job " + done.getDouble("durationMs") + " ms, "
        + "coordinatorChanges " + done.getInteger("coordinatorChanges") + ", URLs fetched twice: " + twice);
    assertThat(twice).as("URLs fetched again").isZero();
  }

  // --- helpers -----------------------------------------------------------------------------

  private static JsonObject job(int n, String path, int concurrency, String tag) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < n; i++) {
      list.add(origin.url(path + "?" + tag + "=" + i));
    }
    return new JsonObject().put("urls", list).put("concurrency", concurrency).put("perHost", concurrency);
  }

  /** How many of the job's URLs the origin was asked for more than once. */
  private static int fetchedTwice(int n, String path, String tag) {
    int twice = 0;
    for (int i = 0; i < n; i++) {
      if (origin.uriHits(path + "?" + tag + "=" + i) > 1) {
        twice++;
      }
    }
    return twice;
  }

  private static void assertEveryUrlOnceAndOk(JsonObject report, int n, String tag) {
    java.util.BitSet seen = ClusterReports.assertEachUrlOnce(report, n, tag, r -> assertThat(r.getInteger("status"))
        .as("result %d: %s", r.getInteger("index"), r.getJsonObject("error")).isEqualTo(200));
    assertThat(seen.cardinality()).isEqualTo(n);
  }

  private static boolean logged(ChildJvm node, String text) {
    try {
      return node.err().contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static List<ChildJvm> alive() {
    return nodes.stream().filter(n -> n.process.isAlive()).toList();
  }

  /**
   * The node coordinating the only job under way: the one whose {@code fanfetch_jobs_live} gauge
   * (updated once a second) counts a job.
   */
  private static ChildJvm ownerOf(List<ChildJvm> candidates, String id) throws Exception {
    return until(() -> {
      List<ChildJvm> busy = new ArrayList<>();
      for (ChildJvm node : candidates) {
        if (node.metric(http, "fanfetch_jobs_live") > 0) {
          busy.add(node);
        }
      }
      return busy.size() == 1 ? busy.get(0) : null;
    }, n -> n != null, Duration.ofSeconds(10), "the coordinator of job " + id);
  }



  private static String submit(ChildJvm node, JsonObject spec) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.uri("/jobs?wait=false"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(spec.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST /jobs on %s: %s", node.name, response.body()).isEqualTo(202);
    return new JsonObject(response.body()).getString("id");
  }

  private static JsonObject get(ChildJvm node, String path) throws Exception {
    JsonObject body = getOrNull(node, path);
    assertThat(body).as("GET %s on %s", path, node.name).isNotNull();
    return body;
  }

  /** The JSON of a 200 answer, or null for any other (a 503 while the job changes hands). */
  private static JsonObject getOrNull(ChildJvm node, String path) throws Exception {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.uri(path))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private interface Probe<T> {
    T get() throws Exception;
  }

  private static <T> T until(Probe<T> probe, Predicate<T> passes, Duration limit, String what) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    T last = null;
    while (System.nanoTime() - deadline < 0) {
      last = probe.get();
      if (passes.test(last)) {
        return last;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    String shown = String.valueOf(last);
    return fail("no " + what + " within " + limit.toSeconds() + " s; last answer: "
        + (shown.length() > 500 ? shown.substring(0, 500) + "…" : shown));
  }
}
