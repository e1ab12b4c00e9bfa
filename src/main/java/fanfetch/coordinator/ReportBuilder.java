package fanfetch.coordinator;

import fanfetch.model.JobSpec;
import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes a report's parts, each in one place: the head (everything but the results, which the job
 * store keeps), a run's block (compare mode), and the head of a job whose data was lost. Pure.
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
    JsonObject heldBack = head.getJsonObject("summary").getJsonObject("heldBackBy");
    if (heldBack != null) {
      double value = job.labels().limitValue(heldBack.getString("limit"));
      heldBack.put("value", value == Math.rint(value) ? (Object) (long) value : (Object) value);
    }
    head.put("coordinatorChanges", job.coordinatorChanges());
    if (job.closer().expired()) {
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

  /**
   * The head of a job that cannot go on: its data was lost with cluster members (more of them left
   * than {@code cluster.backups} covers). {@code lostReason} says what is missing.
   */
  static JsonObject lost(Job job, long nowNanos, String reason) {
    return job.head(nowNanos).put("state", "lost").put("lostReason", reason);
  }

  /** ISO-8601 UTC to the millisecond, or null. */
  static String timestamp(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
