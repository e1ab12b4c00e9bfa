package fanfetch.coordinator;

import fanfetch.model.Addresses;
import fanfetch.model.FinishedReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Where a coordinator keeps what outlives a job's run: finished reports in the shared-data map
 * {@link Addresses#REPORTS_MAP} (cluster-wide when clustered) for {@code jobs.ttlMs}, this node's
 * share of them bounded in URLs and bytes (oldest dropped first), and, clustered, the live-job map
 * {@link Addresses#LIVE_JOBS_MAP} from which any node reports the jobs of a departed coordinator
 * as {@code lost}.
 */
final class ReportStore {

  private static final Logger LOG = LoggerFactory.getLogger(ReportStore.class);

  private record Stored(String id, int urls, long bytes) {
  }

  private final Vertx vertx;
  private final String node;
  private final long ttlMs;
  private final long maxUrls;
  private final long maxBytes;
  /** Reports this node stored, oldest first. */
  private final ArrayDeque<Stored> stored = new ArrayDeque<>();
  private long storedUrls;
  private long storedBytes;
  private AsyncMap<String, FinishedReport> reports;
  /** Clustered only: which node coordinates each live job. */
  private AsyncMap<String, JsonObject> liveJobs;

  /** @param maxBytes {@code jobs.maxStoredBytes}, or 0 for a quarter of the heap */
  ReportStore(Vertx vertx, String node, long ttlMs, long maxUrls, long maxBytes) {
    this.vertx = vertx;
    this.node = node;
    this.ttlMs = ttlMs;
    this.maxUrls = maxUrls;
    this.maxBytes = maxBytes > 0 ? maxBytes : Runtime.getRuntime().maxMemory() / 4;
  }

  Future<Void> open() {
    Future<?> live = vertx.isClustered()
        ? vertx.sharedData().<String, JsonObject>getAsyncMap(Addresses.LIVE_JOBS_MAP).onSuccess(map -> liveJobs = map)
        : Future.succeededFuture();
    return vertx.sharedData().<String, FinishedReport>getAsyncMap(Addresses.REPORTS_MAP)
        .onSuccess(map -> reports = map)
        .compose(map -> live)
        .mapEmpty();
  }

  /** A job was accepted here: clustered, the others learn who coordinates it. */
  void started(String id, String mode, int urls) {
    if (liveJobs != null) {
      liveJobs.put(id, new JsonObject().put("id", id).put("owner", node).put("mode", mode)
          .put("createdAt", Instant.now().toString()).put("urls", urls));
    }
  }

  /**
   * Stores a finished job's report (and forgets it as live). The returned future completes once the
   * report is readable by every node, whether or not storing it worked.
   */
  Future<Void> finished(String id, int urls, FinishedReport report) {
    if (liveJobs != null) {
      liveJobs.remove(id);
    }
    return reports.put(id, report, ttlMs)
        .onSuccess(v -> keepBounded(new Stored(id, urls, report.size())))
        .onFailure(e -> LOG.error("job " + id + ": report not stored: " + e.getMessage()))
        .otherwiseEmpty();
  }

  /** Drops this node's oldest reports while their URLs or bytes are over the budget (the newest is kept). */
  private void keepBounded(Stored added) {
    stored.add(added);
    storedUrls += added.urls();
    storedBytes += added.bytes();
    while ((storedUrls > maxUrls || storedBytes > maxBytes) && stored.size() > 1) {
      Stored oldest = stored.poll();
      storedUrls -= oldest.urls();
      storedBytes -= oldest.bytes();
      reports.remove(oldest.id());
    }
  }

  /**
   * The jobs a departed node coordinated cannot finish: their state lived there. Any node that
   * notices first stores a {@code lost} report for each, so no one sees them running forever.
   */
  void reportJobsLostWith(String nodeId) {
    if (liveJobs == null) {
      return;
    }
    liveJobs.entries().onSuccess(all -> all.forEach((id, live) -> {
      if (nodeId.equals(live.getString("owner"))) {
        reports.putIfAbsent(id, ReportBuilder.lost(id, live, nodeId, Instant.now()), ttlMs)
            .onSuccess(previous -> LOG.info("job " + id + ": lost with node " + nodeId))
            .compose(previous -> liveJobs.remove(id));
      }
    }));
  }
}
