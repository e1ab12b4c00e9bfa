package fanfetch.bench;

import java.util.List;

/**
 * One run of a workload: the end-to-end time of each of its jobs, in seconds, and what went wrong
 * ({@code failure} is null for a run whose every report was complete and ok).
 */
record RunResult(List<Double> jobSeconds, String failure) {

  boolean ok() {
    return failure == null;
  }

  double seconds() {
    return jobSeconds.stream().mapToDouble(Double::doubleValue).sum();
  }
}
