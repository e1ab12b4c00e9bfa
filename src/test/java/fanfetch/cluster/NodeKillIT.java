package fanfetch.cluster;

import fanfetch.testing.OriginAndNode;
import fanfetch.testing.Polling;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three fanfetch nodes, each its own JVM started from the build's classpath, clustered on
 * loopback. A job of 300 one-second URLs (60 at a time) runs once undisturbed, once while a node
 * that does not coordinate it is killed with SIGKILL (its tasks are sent again, every URL is
 * reported exactly once). What happens when its coordinator is killed is {@link JobTakeoverIT}'s.
 * The figures are printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeKillIT {

  private static final int URLS = 300;
  private static final int CONCURRENCY = 60;
  private static final long READY_SECONDS = 90;
  private static final Duration JOB_LIMIT = Duration.ofSeconds(120);

  /** The origin, in this JVM; the nodes are child JVMs of a cluster of their own. */
  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.originOnly();
  private static final LoopbackCluster cluster = new LoopbackCluster();
  private static Path logs;
  private static final List<ChildJvm> nodes = new ArrayList<>();
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private static final Map<String, String> figures = new java.util.LinkedHashMap<>();
  private static double undisturbedMs;

  @BeforeAll
  static void startThreeNodes() throws Exception {
    logs = ChildJvm.logFolder("NodeKillIT");
    System.out.println("[node-kill] cluster " + cluster.name + ", Hazelcast ports from " + cluster.portBase
        + ", logs in " + logs);

    long t0 = System.nanoTime();
    // The first member alone, then the other two together (they join an existing member).
    nodes.add(startNode("node-1"));
    nodes.get(0).awaitReady(READY_SECONDS);
    long first = millisSince(t0);
    long t1 = System.nanoTime();
    nodes.add(startNode("node-2"));
    nodes.add(startNode("node-3"));
    nodes.get(1).awaitReady(READY_SECONDS);
    nodes.get(2).awaitReady(READY_SECONDS);
    for (ChildJvm node : nodes) {
      node.awaitLog("Members {size:3", 60);
    }
    long joined = millisSince(t1);
    figures.put("start", "first node ready in " + first + " ms; two more started together, both joined and ready "
        + joined + " ms later");
    // Warm-up: class loading and JIT on every node, so the timed jobs compare like with like.
    JsonObject warm = post(nodes.get(0), "/jobs", job(120, "/delay/100", CONCURRENCY));
    assertThat(warm.getString("state")).isEqualTo("done");
  }

  private static ChildJvm startNode(String name) throws Exception {
    Map<String, String> env = new HashMap<>(cluster.env());
    env.put("FANFETCH_HTTP_PORT", "0"); // any free port; the ready line tells which
    env.put("FANFETCH_GUARD_ALLOW", "127.0.0.1:" + fixture.origin().port());
    return ChildJvm.start(name, logs, env, "fanfetch.Main", List.of("serve", "--cluster"));
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
      for (ChildJvm node : nodes) {
        node.close();
      }
    } finally {
      System.out.println("[node-kill] figures:");
      figures.forEach((k, v) -> System.out.println("[node-kill]   " + k + ": " + v));
    }
  }

  @Test
  @Order(1)
  void undisturbedTheJobSpreadsOverTheThreeNodes() throws Exception {
    long t0 = System.nanoTime();
    JsonObject report = post(nodes.get(0), "/jobs", job(URLS, "/delay/1000", CONCURRENCY));
    long e2e = millisSince(t0);

    assertEveryUrlOnceAndOk(report);
    Map<String, Integer> perNode = perNode(report);
    assertThat(perNode.keySet()).containsExactlyInAnyOrder(ids(nodes).toArray(String[]::new));
    undisturbedMs = report.getDouble("durationMs");
    figures.put("undisturbed", URLS + " URLs, " + CONCURRENCY + " at a time: job " + undisturbedMs + " ms (POST to report "
        + e2e + " ms); per node " + named(perNode));
  }

  @Test
  @Order(2)
  void aNodeKilledMidJobHasItsTasksSentAgainAndEveryUrlIsReportedOnce() throws Exception {
    List<ChildJvm> alive = alive();
    assertThat(alive).hasSize(3);
    ChildJvm entry = alive.get(0);
    String id = submit(entry, job(URLS, "/delay/1000", CONCURRENCY));
    ChildJvm coordinator = coordinatorOf(alive);
    ChildJvm victim = alive.stream().filter(n -> n != coordinator && n != entry).findFirst()
        .orElseGet(() -> alive.stream().filter(n -> n != coordinator).findFirst().orElseThrow());
    ChildJvm reader = alive.stream().filter(n -> n != coordinator && n != victim).findFirst().orElseThrow();

    // Killed once it has fetched for the job: with 60 URLs of 1 s in flight over three nodes, it
    // then holds tasks the coordinator must send again.
    JsonObject underWay = until(() -> get(coordinator, "/jobs/" + id),
        r -> perNode(r).getOrDefault(victim.nodeId, 0) > 0, Duration.ofSeconds(30),
        "a result of the job fetched by " + victim.name);
    assertThat(underWay.getString("state")).as("the job when %s is killed", victim.name).isEqualTo("running");
    Instant killedAt = Instant.now();
    victim.kill();
    JsonObject report = until(() -> get(coordinator, "/jobs/" + id), r -> "done".equals(r.getString("state")),
        JOB_LIMIT, "the job done after " + victim.name + " was killed");

    assertEveryUrlOnceAndOk(report);
    Map<String, Integer> perNode = perNode(report);
    List<String> survivors = ids(List.of(coordinator, reader));
    assertThat(perNode.keySet()).containsAll(survivors);
    assertThat(perNode.keySet()).isSubsetOf(ids(alive));
    JsonArray results = report.getJsonArray("results");
    int resent = 0;
    double firstResentAtMs = Double.MAX_VALUE;
    for (int i = 0; i < results.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      if (r.getInteger("attempts") >= 2) {
        resent++;
        assertThat(r.getString("node")).as("a re-sent task's node").isIn(survivors);
        firstResentAtMs = Math.min(firstResentAtMs, r.getJsonObject("timings").getDouble("startMs"));
      } else {
        assertThat(r.getInteger("attempts")).isEqualTo(1);
      }
    }
    assertThat(resent).as("results with attempts >= 2").isPositive();

    // The report, read from the node that neither coordinated the job nor died.
    JsonObject fromReader = get(reader, "/jobs/" + id);
    assertThat(fromReader.getString("state")).isEqualTo("done");
    assertThat(fromReader.getJsonArray("results")).isEqualTo(results);

    long leftAt = coordinator.awaitLogTime("cluster node " + victim.nodeId + " left", 10);
    Instant started = Instant.parse(report.getString("startedAt"));
    Instant finished = Instant.parse(report.getString("finishedAt"));
    long noticedMs = Duration.between(killedAt, started.plusMillis((long) firstResentAtMs)).toMillis();
    figures.put("non-coordinator killed", victim.name + " SIGKILLed " + Duration.between(started, killedAt).toMillis()
        + " ms into the job; the coordinator heard it left " + (leftAt - killedAt.toEpochMilli())
        + " ms after the kill; its " + resent + " tasks in flight were sent again (first " + noticedMs
        + " ms after the kill); job " + report.getDouble("durationMs") + " ms (undisturbed " + undisturbedMs
        + " ms, so the kill cost " + Math.round(report.getDouble("durationMs") - undisturbedMs) + " ms); done "
        + Duration.between(killedAt, finished).toMillis() + " ms after the kill; per node " + named(perNode));

    // The re-sent tasks' first sends never get an answer: their node-wide credit comes back at the
    // reply timeout (timeoutMs + coordinator.replyMarginMs), not at the resend.
    long t0 = System.nanoTime();
    until(() -> coordinator.metric(http, "fanfetch_fetches_in_flight"), v -> v == 0, Duration.ofSeconds(60),
        "the coordinator's fetches in flight back to 0");
    figures.put("credit of lost sends", "the coordinator counted fetches in flight until "
        + (Duration.between(killedAt, Instant.now()).toMillis()) + " ms after the kill (" + millisSince(t0)
        + " ms after the job was done)");
  }

  // --- helpers -----------------------------------------------------------------------------

  private static JsonObject job(int n, String path, int concurrency) {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < n; i++) {
      urls.add(fixture.url(path + "?i=" + i));
    }
    return new JsonObject().put("urls", urls).put("concurrency", concurrency).put("perHost", concurrency);
  }

  private static void assertEveryUrlOnceAndOk(JsonObject report) {
    java.util.BitSet seen = ClusterReports.assertEachUrlOnce(report, URLS, "i", r -> assertThat(r.getBoolean("ok"))
        .as("result %d: %s", r.getInteger("index"), r.getJsonObject("error")).isTrue());
    assertThat(seen.cardinality()).isEqualTo(URLS);
    assertThat(report.getJsonObject("summary").getInteger("succeeded")).isEqualTo(URLS);
  }

  private static List<ChildJvm> alive() {
    return nodes.stream().filter(n -> n.process.isAlive()).toList();
  }

  private static List<String> ids(List<ChildJvm> of) {
    return of.stream().map(n -> n.nodeId).toList();
  }

  private static Map<String, Integer> perNode(JsonObject report) {
    Map<String, Integer> counts = new TreeMap<>();
    JsonArray results = report.getJsonArray("results");
    for (int i = 0; i < results.size(); i++) {
      counts.merge(results.getJsonObject(i).getString("node"), 1, Integer::sum);
    }
    return counts;
  }

  /** Node ids replaced by the test's node names. */
  private static Map<String, Integer> named(Map<String, Integer> perNode) {
    Map<String, Integer> named = new TreeMap<>();
    perNode.forEach((id, n) -> named.put(nodes.stream().filter(c -> id.equals(c.nodeId)).map(c -> c.name)
        .findFirst().orElse(id), n));
    return named;
  }

  /**
   * The node coordinating the only running job. A job posted to any node goes to the cluster's
   * {@code fanfetch.jobs} address, so any node may take it; its coordinator is the one node with
   * URLs waiting ({@code fanfetch_urls_waiting}).
   */
  private static ChildJvm coordinatorOf(List<ChildJvm> candidates) {
    return until(() -> {
      List<ChildJvm> busy = new ArrayList<>();
      for (ChildJvm node : candidates) {
        if (node.metric(http, "fanfetch_urls_waiting") > 0) {
          busy.add(node);
        }
      }
      return busy;
    }, busy -> busy.size() == 1, Duration.ofSeconds(10), Duration.ofMillis(50), "a single node with URLs waiting")
        .get(0);
  }



  private static JsonObject post(ChildJvm node, String path, JsonObject body) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.uri(path)).timeout(JOB_LIMIT)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST %s on %s: %s", path, node.name, response.body()).isIn(200, 202);
    return new JsonObject(response.body());
  }

  private static String submit(ChildJvm node, JsonObject spec) throws Exception {
    return post(node, "/jobs?wait=false", spec).getString("id");
  }

  private static JsonObject get(ChildJvm node, String path) throws Exception {
    JsonObject body = getOrNull(node, path);
    assertThat(body).as("GET %s on %s", path, node.name).isNotNull();
    return body;
  }

  /** The JSON of a 200 answer, or null for any other status (a 404 or 504 while the cluster settles). */
  private static JsonObject getOrNull(ChildJvm node, String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.uri(path)).timeout(Duration.ofSeconds(15))
        .build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
  }

  /** Asks again every 100 ms until the answer passes, for at most {@code limit}; fails naming what. */
  private static <T> T until(Callable<T> probe, Predicate<T> passes, Duration limit, String what) {
    return until(probe, passes, limit, Duration.ofMillis(100), what);
  }

  private static <T> T until(Callable<T> probe, Predicate<T> passes, Duration limit, Duration every, String what) {
    return Polling.until(what, limit, every, probe, passes);
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
