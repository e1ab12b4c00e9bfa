package fanfetch.coordinator;

import fanfetch.model.Results;
import fanfetch.store.StoredResult;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/** Adds up a set of results: counts, bytes, status counts, fetch-time sum and percentiles. Pure. */
final class Aggregates {

  private Aggregates() {
  }

  /** The figures for one run over its finished results. */
  record Totals(int total, int completed, int succeeded, long bytes, Map<String, Integer> statusCounts,
                double fetchTimeSumMs, double p50, double p90, double p99, double max, HeldBack heldBack) {

    Totals(int total, int completed, int succeeded, long bytes, Map<String, Integer> statusCounts,
           double fetchTimeSumMs, double p50, double p90, double p99, double max) {
      this(total, completed, succeeded, bytes, statusCounts, fetchTimeSumMs, p50, p90, p99, max, null);
    }

    JsonObject summaryJson() {
      JsonObject counts = new JsonObject();
      statusCounts.forEach(counts::put);
      JsonObject summary = summaryFields(counts);
      if (heldBack != null) {
        summary.put("heldBackBy", new JsonObject().put("limit", heldBack.limit())
            .put("ms", Results.round(heldBack.ms())).put("urls", heldBack.urls()));
      }
      return summary;
    }

    private JsonObject summaryFields(JsonObject counts) {
      return new JsonObject()
          .put("total", total)
          .put("completed", completed)
          .put("succeeded", succeeded)
          .put("failed", completed - succeeded)
          .put("bytes", bytes)
          .put("statusCounts", counts)
          .put("totalMs", new JsonObject()
              .put("p50", Results.round(p50))
              .put("p90", Results.round(p90))
              .put("p99", Results.round(p99))
              .put("max", Results.round(max)));
    }
  }

  /** The limit URLs waited for longest, in all: how long, and how many URLs it held. */
  record HeldBack(String limit, double ms, int urls) {
  }

  /**
   * @param total   how many URLs the run has
   * @param results the finished results (nulls, for unfinished URLs, are skipped)
   */
  static Totals over(int total, Iterable<StoredResult> results) {
    RunTotals totals = new RunTotals(total);
    for (StoredResult r : results) {
      if (r != null) {
        totals.add(r);
      }
    }
    return totals.totals();
  }

  /** Nearest-rank percentile of ascending values (0 for none). */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** {@code sum / duration}, or 0 when nothing was timed. */
  static double speedup(double fetchTimeSumMs, double durationMs) {
    return durationMs <= 0 ? 0 : Math.round(fetchTimeSumMs / durationMs * 100.0) / 100.0;
  }
}
