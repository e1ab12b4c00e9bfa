package fanfetch.bench;

import java.util.Collection;

/**
 * Median, extremes and percentiles of a few measured values. Percentiles are nearest-rank, as the
 * service's own reports compute them, so a p99 is always a value that was measured.
 */
final class Stats {

  private final double[] sorted;

  private Stats(double[] sorted) {
    this.sorted = sorted;
  }

  static Stats of(Collection<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Stats(sorted);
  }

  boolean isEmpty() {
    return sorted.length == 0;
  }

  /** The middle value; for an even count, the mean of the two middle ones. */
  double median() {
    requireValues();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  double min() {
    requireValues();
    return sorted[0];
  }

  double max() {
    requireValues();
    return sorted[sorted.length - 1];
  }

  /** The smallest value with at least {@code q} (0 < q ≤ 1) of all values at or below it. */
  double percentile(double q) {
    requireValues();
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("percentile must be in (0, 1], got " + q);
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[rank - 1];
  }

  private void requireValues() {
    if (sorted.length == 0) {
      throw new IllegalStateException("no values");
    }
  }
}
