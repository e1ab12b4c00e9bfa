package fanfetch.bench;

import java.util.List;

/**
 * One run of a workload: the end-to-end time of each of its jobs, in seconds, and what went wrong
 * ({@code failure} is null for a run whose every report was complete and ok).
 *
 * @param serviceCpuSeconds the service process's CPU time (user + system) during the run, NaN when
 *                          not known (no pid, or no /proc)
 */
record RunResult(List<Double> jobSeconds, String failure, double serviceCpuSeconds) {

  RunResult(List<Double> jobSeconds, String failure) {
    this(jobSeconds, failure, Double.NaN);
  }

  boolean ok() {
    return failure == null;
  }

  double seconds() {
    return jobSeconds.stream().mapToDouble(Double::doubleValue).sum();
  }
}
