package fanfetch.coordinator;

import fanfetch.model.FinishedReport;
import fanfetch.model.JobSpec;
import fanfetch.model.Results;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes a report's parts, each in one place: the head (everything but the results), a run's block
 * (compare mode), the final report (the head and the results' stored bytes joined) and the report
 * of a job lost with its coordinator. Pure.
 */
final class ReportBuilder {

  private ReportBuilder() {
  }

  /** The fields every report starts with, in their order. */
  static JsonObject head(String id, String state, String mode, Instant createdAt, Instant startedAt,
                         Instant finishedAt, double durationMs, Aggregates.Totals totals) {
    return new JsonObject()
        .put("id", id)
        .put("state", state)
        .put("mode", mode)
        .put("createdAt", timestamp(createdAt))
        .put("startedAt", timestamp(startedAt))
        .put("finishedAt", timestamp(finishedAt))
        .put("durationMs", Results.round(durationMs))
        .put("fetchTimeSumMs", Results.round(totals.fetchTimeSumMs()))
        .put("speedup", Aggregates.speedup(totals.fetchTimeSumMs(), durationMs))
        .put("summary", totals.summaryJson());
  }

  /**
   * A job's head: the common fields, then {@code deadlineExceeded} when its deadline passed, and in
   * compare mode the run under way and, once the sequential run is over, both runs' blocks and the
   * measured speedup (the sequential run's duration over the parallel's).
   */
  static JsonObject head(Job job, RunSequence runs, Aggregates.Totals totals, double durationMs) {
    JsonObject head = head(job.id(), job.state().wireName(), job.spec().mode().wireName(), job.createdAt(),
        runs.startedAt(), runs.finishedAt(), durationMs, totals);
    if (job.expired()) {
      head.put("deadlineExceeded", true);
    }
    if (job.spec().mode() == JobSpec.Mode.COMPARE) {
      head.put("run", runs.label());
      if (runs.sequentialBlock() != null) {
        double sequentialMs = runs.sequentialMs();
        head.put("speedup", durationMs <= 0 ? 0 : Math.round(sequentialMs / durationMs * 100.0) / 100.0);
        head.put("sequential", runs.sequentialBlock());
        head.put("parallel", runBlock(totals, durationMs));
      }
    }
    return head;
  }

  /** One run's figures in compare mode ({@code sequential} or {@code parallel}). */
  static JsonObject runBlock(Aggregates.Totals totals, double durationMs) {
    return new JsonObject()
        .put("durationMs", Results.round(durationMs))
        .put("fetchTimeSumMs", Results.round(totals.fetchTimeSumMs()))
        .put("speedup", Aggregates.speedup(totals.fetchTimeSumMs(), durationMs))
        .put("summary", totals.summaryJson());
  }

  /** The final report: the head, then the results' stored JSON joined as they are. */
  static FinishedReport finished(JsonObject head, RunResults results) {
    return FinishedReport.of(head, results.encoded());
  }

  /**
   * The report of a job whose coordinator left the cluster: its state lived there, so it has no
   * results; {@code lostReason} says which node went.
   *
   * @param live the job's entry in the cluster's live-job map ({@code createdAt}, {@code mode}, {@code urls})
   */
  static FinishedReport lost(String id, JsonObject live, String nodeId, Instant now) {
    Instant created = Instant.parse(live.getString("createdAt"));
    JsonObject report = head(id, "lost", live.getString("mode"), created, created, now, 0,
        Aggregates.over(live.getInteger("urls", 0), java.util.List.of()));
    report.put("lostReason", "the node coordinating this job (" + nodeId + ") left the cluster; submit it again")
        .put("results", new JsonArray());
    return FinishedReport.of(report);
  }

  /** ISO-8601 UTC to the millisecond, or null. */
  static String timestamp(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
