package fanfetch.coordinator;

import fanfetch.store.StoredResult;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's figures, added up as its results come (or, when a job is taken over, as its stored
 * results are read): counts, bytes, status counts, the sum of fetch times, and each fetch's time
 * in microseconds (four bytes a URL) for exact percentiles. Plain class.
 */
final class RunTotals {

  private final int total;
  private int completed;
  private int succeeded;
  private long bytes;
  private double fetchTimeSumMs;
  private final Map<String, Integer> statusCounts = new TreeMap<>();
  private int[] micros = new int[16];
  /** By limit ({@link StoredResult#HOLDS}): microseconds URLs waited for it, and how many URLs. */
  private final long[] heldUs = new long[StoredResult.HOLDS.size()];
  private final int[] heldUrls = new int[StoredResult.HOLDS.size()];

  RunTotals(int total) {
    this.total = total;
  }

  void add(StoredResult result) {
    if (result.ok()) {
      succeeded++;
    }
    bytes += result.bytes();
    if (result.status() != null) {
      statusCounts.merge(String.valueOf(result.status()), 1, Integer::sum);
    }
    fetchTimeSumMs += result.totalMs();
    if (completed == micros.length) {
      micros = Arrays.copyOf(micros, micros.length * 2);
    }
    micros[completed++] = (int) Math.min(Integer.MAX_VALUE, result.totalUs());
    if (result.queuedBy() != null) {
      int hold = StoredResult.HOLDS.indexOf(result.queuedBy());
      heldUs[hold] += result.queueUs();
      heldUrls[hold]++;
    }
  }

  /** The limit URLs waited for longest, in all, or null when none waited. */
  private Aggregates.HeldBack heldBack() {
    int longest = -1;
    for (int i = 0; i < heldUs.length; i++) {
      if (heldUrls[i] > 0 && (longest < 0 || heldUs[i] > heldUs[longest])) {
        longest = i;
      }
    }
    return longest < 0 ? null
        : new Aggregates.HeldBack(StoredResult.HOLDS.get(longest), heldUs[longest] / 1000.0, heldUrls[longest]);
  }

  int completed() {
    return completed;
  }

  Aggregates.Totals totals() {
    int[] sorted = Arrays.copyOf(micros, completed);
    Arrays.sort(sorted);
    double[] ms = new double[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      ms[i] = sorted[i] / 1000.0;
    }
    return new Aggregates.Totals(total, completed, succeeded, bytes, new TreeMap<>(statusCounts), fetchTimeSumMs,
        Aggregates.percentile(ms, 0.50), Aggregates.percentile(ms, 0.90), Aggregates.percentile(ms, 0.99),
        ms.length == 0 ? 0 : ms[ms.length - 1], heldBack());
  }
}
