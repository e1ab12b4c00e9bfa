package fanfetch.examples;

import fanfetch.app.ClusterSetup;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Your own Vert.x program using a fanfetch cluster over the event bus, without HTTP: it joins the
 * cluster as a member that runs none of fanfetch's verticles, sends one JobSpec to
 * {@code fanfetch.jobs} (a coordinator on one of the nodes takes it and spreads the URLs over every
 * node's fetchers), prints the report, and leaves the cluster.
 *
 * <pre>
 * FANFETCH_CLUSTER_NAME=fanfetch-local java &lt;Hazelcast flags&gt; -cp target/fanfetch.jar \
 *     fanfetch.examples.EventBusClient https://example.org/ https://example.com/
 * </pre>
 *
 * It finds the cluster as a node does: {@code conf/cluster.xml} (or the jar's copy) adjusted by the
 * {@code FANFETCH_CLUSTER_*} variables. Exit status 0 when every URL answered 2xx, else 1.
 */
public final class EventBusClient {

  /** The reply is the report, sent when the job is done: give it as long as the job may take. */
  private static final long SEND_TIMEOUT_MS = 10 * 60_000;

  private EventBusClient() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: EventBusClient URL...   (FANFETCH_CLUSTER_* variables say which cluster)");
      System.exit(1);
    }
    Vertx vertx;
    try {
      vertx = ClusterSetup.start(null, System.getenv()).await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      System.err.println("cannot join the cluster: " + e.getMessage());
      System.exit(1);
      return;
    }
    int status;
    try {
      status = run(vertx, List.of(args));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS); // leave the cluster
    }
    System.exit(status);
  }

  /** Sends one job on the event bus of a clustered Vert.x and prints its report; 0 if every URL was ok. */
  static int run(Vertx vertx, List<String> urls) {
    JsonObject spec = new JsonObject().put("urls", new JsonArray(List.copyOf(urls)));
    JsonObject report;
    try {
      report = vertx.eventBus().<JsonObject>request("fanfetch.jobs", spec,
          new DeliveryOptions().setSendTimeout(SEND_TIMEOUT_MS)).await().body();
    } catch (ReplyException e) {
      switch (e.failureType()) {
        case NO_HANDLERS -> System.err.println("no fanfetch node in this cluster (nothing consumes fanfetch.jobs)");
        case TIMEOUT -> System.err.println("no report within " + SEND_TIMEOUT_MS + " ms");
        // A refusal (400, 413, 429) carries the problem JSON: title, detail and field errors.
        default -> System.err.println("job refused (" + e.failureCode() + "): " + e.getMessage());
      }
      return 1;
    }

    JsonArray results = report.getJsonArray("results");
    for (int i = 0; i < results.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      JsonObject error = r.getJsonObject("error");
      String outcome = error != null ? error.getString("kind") + ": " + error.getString("message")
          : "HTTP " + r.getInteger("status");
      System.out.printf(Locale.ROOT, "%3d %-5s %9d bytes %8.1f ms  node %s  %s  %s%n", r.getInteger("index"),
          r.getBoolean("ok") ? "ok" : "FAIL", r.getLong("bytes", 0L),
          r.getJsonObject("timings").getDouble("totalMs", 0.0), r.getString("node"), r.getString("url"), outcome);
    }
    JsonObject summary = report.getJsonObject("summary");
    System.out.printf(Locale.ROOT, "job %s %s: %d URLs, %d ok, %d failed, %d bytes in %.1f ms (speedup %.2f)%n",
        report.getString("id"), report.getString("state"), summary.getInteger("total"),
        summary.getInteger("succeeded"), summary.getInteger("failed"), summary.getLong("bytes"),
        report.getDouble("durationMs"), report.getDouble("speedup"));
    return summary.getInteger("succeeded").equals(summary.getInteger("total")) ? 0 : 1;
  }
}
