package fanfetch.cluster;

import fanfetch.testing.SseEvents;
import fanfetch.model.Addresses;
import fanfetch.testing.Polling;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clustered nodes inside the test JVM (each its own clustered Vert.x on Hazelcast, a cluster of
 * its own): tasks spread over every node's fetchers, a job can be read and followed from a node
 * that does not coordinate it, and a node that joins while a job runs gets some of its tasks.
 * The last test adds a third node, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InJvmClusterTest {

  private static final long WAIT_SECONDS = 60;

  @RegisterExtension
  static final OriginAndCluster fixture = OriginAndCluster.ofNodes(2);

  private static WebClient client;
  private static LoopbackCluster.Node a;
  private static LoopbackCluster.Node b;

  @BeforeAll
  static void nameTheNodes() {
    client = WebClient.create(fixture.vertx());
    a = fixture.node(0);
    b = fixture.node(1);
  }

  @Test
  @Order(1)
  void tasksGoToTheFetchersOfEveryNode() throws Exception {
    for (LoopbackCluster.Node entry : List.of(a, b)) {
      JsonObject report = post(entry, "/jobs", job(40, "/delay/100", 40)).bodyAsJsonObject();

      assertThat(report.getString("state")).isEqualTo("done");
      JsonArray results = report.getJsonArray("results");
      assertThat(results).hasSize(40);
      Map<String, Integer> perNode = perNode(results);
      System.out.println("[cluster] 40 URLs posted to node " + entry.id() + ": results per node " + perNode);
      assertThat(perNode.keySet()).containsExactlyInAnyOrder(a.id(), b.id());
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.getJsonObject(i).getBoolean("ok")).as("result %d", i).isTrue();
        assertThat(results.getJsonObject(i).getInteger("attempts")).isEqualTo(1);
      }
    }
  }

  @Test
  @Order(2)
  void aNodeThatDoesNotCoordinateTheJobAnswersItsReportWhileRunningAndAfter() throws Exception {
    String id = submit(a, job(12, "/delay/700", 4));
    LoopbackCluster.Node reader = notCoordinating(id);

    JsonObject running = get(reader, "/jobs/" + id);
    assertThat(running.getString("state")).isEqualTo("running");
    assertThat(running.getJsonObject("summary").getInteger("total")).isEqualTo(12);
    assertThat(running.getJsonObject("summary").getInteger("completed")).isLessThan(12);

    JsonObject done = until(() -> get(reader, "/jobs/" + id), r -> "done".equals(r.getString("state")),
        "the job done, read from the node that does not coordinate it");
    assertThat(done.getJsonArray("results")).hasSize(12);
    assertThat(done.getJsonObject("summary").getInteger("succeeded")).isEqualTo(12);

    // After the coordinator's control address is gone, the report comes from the cluster's job store.
    fanfetch.store.JobRecord stored = until(() -> fanfetch.store.JobStores.of(reader.vertx()).get(id)
        .await(10, TimeUnit.SECONDS), r -> r != null && r.finished(), "the job's record in the cluster's store");
    assertThat(stored.json("head").getString("state")).isEqualTo("done");
    Polling.await("the control address of job " + id + " gone (no handlers)", Duration.ofSeconds(WAIT_SECONDS),
            Duration.ofMillis(100))
        .until(() -> controlFailure(reader, id), failure -> failure == ReplyFailure.NO_HANDLERS);
    JsonObject later = get(reader, "/jobs/" + id);
    assertThat(later.getString("state")).isEqualTo("done");
    assertThat(later.getJsonArray("results")).isEqualTo(done.getJsonArray("results"));
  }

  @Test
  @Order(3)
  void progressCanBeFollowedFromANodeThatDoesNotCoordinateTheJob() throws Exception {
    String id = submit(a, job(10, "/delay/600", 5));
    LoopbackCluster.Node reader = notCoordinating(id);

    HttpResponse<Buffer> stream = client.get(reader.port(), "127.0.0.1", "/jobs/" + id + "/events")
        .send().await(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.getHeader("Content-Type")).startsWith("text/event-stream");
    List<Integer> indices = new ArrayList<>();
    JsonObject report = null;
    for (String[] event : SseEvents.parse(stream.bodyAsString())) {
      if (event[0].equals("result")) {
        indices.add(new JsonObject(event[1]).getInteger("index"));
      } else if (event[0].equals("done")) {
        report = new JsonObject(event[1]);
      }
    }
    assertThat(indices).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    // The done event is the report's head: the results came one by one before it.
    assertThat(report).isNotNull();
    assertThat(report.getString("state")).isEqualTo("done");
    assertThat(report.getJsonObject("summary").getInteger("completed")).isEqualTo(10);
  }

  @Test
  @Order(4)
  void aNodeThatJoinsWhileAJobRunsIsGivenSomeOfItsTasks() throws Exception {
    // 600 URLs of 200 ms, 4 at a time: half a minute, far longer than a node takes to join.
    String id = submit(a, job(600, "/delay/200", 4));
    JsonObject before = until(() -> get(a, "/jobs/" + id),
        r -> r.getJsonObject("summary").getInteger("completed") >= 8, "the job under way");
    int completedBeforeJoin = before.getJsonObject("summary").getInteger("completed");

    long joining = System.nanoTime();
    LoopbackCluster.Node c = fixture.startNode();
    long readyMs = (System.nanoTime() - joining) / 1_000_000;
    JsonObject withC = until(() -> get(a, "/jobs/" + id),
        r -> perNode(r.getJsonArray("results")).getOrDefault(c.id(), 0) >= 3, "results fetched by the node that joined");
    long firstResultMs = (System.nanoTime() - joining) / 1_000_000;
    JsonObject cancelled = delete(c, "/jobs/" + id);

    assertThat(cancelled.getString("state")).isEqualTo("cancelled");
    JsonArray results = cancelled.getJsonArray("results");
    List<JsonObject> fetched = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      JsonObject error = result.getJsonObject("error");
      if (error == null || !"cancelled".equals(error.getString("kind"))) {
        fetched.add(result);
      }
    }
    Map<String, Integer> perNode = perNode(new JsonArray(new ArrayList<>(fetched)));
    System.out.println("[cluster] node joined mid-job: ready " + readyMs + " ms after it started joining, its first"
        + " result " + firstResultMs + " ms after; " + completedBeforeJoin + " URLs were done before it joined;"
        + " results per node until cancelled " + perNode);
    assertThat(perNode.keySet()).isSubsetOf(Set.of(a.id(), b.id(), c.id()));
    assertThat(perNode.get(c.id())).isGreaterThanOrEqualTo(3);
    for (JsonObject result : fetched) {
      assertThat(result.getBoolean("ok")).as("result %s", result.getInteger("index")).isTrue();
      // A task that found no fetcher on the joining node yet is sent elsewhere without counting.
      assertThat(result.getInteger("attempts")).as("attempts of %s", result.getInteger("index")).isEqualTo(1);
      if (c.id().equals(result.getString("node"))) {
        // Tasks go out in input order: whatever the new node fetched was sent after it joined.
        assertThat(result.getInteger("index")).isGreaterThanOrEqualTo(completedBeforeJoin);
      }
    }
    assertThat(withC.getJsonArray("results").size()).isLessThan(600);
  }

  // --- helpers -----------------------------------------------------------------------------

  /** A job of n URLs {@code path?i=N} on the test origin, n at most {@code concurrency} at once. */
  private static JsonObject job(int n, String path, int concurrency) {
    JsonArray urls = new JsonArray();
    for (int i = 0; i < n; i++) {
      urls.add(fixture.url(path + "?i=" + i));
    }
    return new JsonObject().put("urls", urls).put("concurrency", concurrency).put("perHost", concurrency);
  }

  private static String submit(LoopbackCluster.Node node, JsonObject spec) throws Exception {
    HttpResponse<Buffer> accepted = post(node, "/jobs?wait=false", spec);
    assertThat(accepted.statusCode()).isEqualTo(202);
    return accepted.bodyAsJsonObject().getString("id");
  }

  /**
   * The node that does not coordinate the job. A job posted to any node's API goes to the cluster's
   * {@code fanfetch.jobs} address, so any node's coordinator may take it: the job's record says which.
   */
  private static LoopbackCluster.Node notCoordinating(String id) throws Exception {
    fanfetch.store.JobRecord record = until(() -> fanfetch.store.JobStores.of(a.vertx()).get(id)
        .await(10, TimeUnit.SECONDS), r -> r != null, "the job's record in the cluster's store");
    String owner = record.owner();
    assertThat(owner).isIn(a.id(), b.id());
    return owner.equals(a.id()) ? b : a;
  }

  private static HttpResponse<Buffer> post(LoopbackCluster.Node node, String path, JsonObject body) throws Exception {
    return client.post(node.port(), "127.0.0.1", path).sendJsonObject(body).await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static JsonObject get(LoopbackCluster.Node node, String path) throws Exception {
    HttpResponse<Buffer> response = client.get(node.port(), "127.0.0.1", path).send().await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as("GET %s: %s", path, response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static JsonObject delete(LoopbackCluster.Node node, String path) throws Exception {
    HttpResponse<Buffer> response = client.delete(node.port(), "127.0.0.1", path).send()
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as("DELETE %s: %s", path, response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static Map<String, Integer> perNode(JsonArray results) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < results.size(); i++) {
      counts.merge(results.getJsonObject(i).getString("node"), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * How a {@code get} sent to the job's control address fails: null while its coordinator still
   * answers there, {@link ReplyFailure#NO_HANDLERS} once the address is gone from the cluster.
   */
  private static ReplyFailure controlFailure(LoopbackCluster.Node node, String id) throws Exception {
    return node.vertx().eventBus().request(Addresses.control(id), new JsonObject().put("op", Addresses.OP_GET),
            new DeliveryOptions().setSendTimeout(10_000))
        .<ReplyFailure>transform(answer -> answer.succeeded() ? Future.succeededFuture(null)
            : answer.cause() instanceof ReplyException refused ? Future.succeededFuture(refused.failureType())
            : Future.failedFuture(answer.cause()))
        .await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Asks again every 100 ms until the answer passes, for at most {@link #WAIT_SECONDS}; fails naming what. */
  private static <T> T until(Callable<T> probe, Predicate<T> passes, String what) {
    return Polling.until(what, Duration.ofSeconds(WAIT_SECONDS), Duration.ofMillis(100), probe, passes);
  }
}
