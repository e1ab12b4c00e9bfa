package fanfetch.bench;

import java.util.List;
import java.util.OptionalLong;

/**
 * What the bench measured for one workload.
 *
 * @param runs       the counted runs that were made (fewer than planned when the time limit came)
 * @param peakRssKib the service's peak VmRSS over the whole workload, warm-ups included
 * @param notes      what went wrong: failed runs and warm-ups, runs not made
 * @param skipped    why the workload did not run at all, or null
 * @param first      the workload's first run on this service, warm-up or counted (cold on a fresh
 *                   service: the JIT has compiled nothing of it yet), or null
 */
record WorkloadResult(Workload workload, int plannedRuns, List<RunResult> runs, OptionalLong peakRssKib,
                      List<String> notes, String skipped, RunResult first) {

  WorkloadResult(Workload workload, int plannedRuns, List<RunResult> runs, OptionalLong peakRssKib,
                 List<String> notes, String skipped) {
    this(workload, plannedRuns, runs, peakRssKib, notes, skipped, null);
  }

  static WorkloadResult skipped(Workload workload, int plannedRuns, String why) {
    return new WorkloadResult(workload, plannedRuns, List.of(), OptionalLong.empty(), List.of(), why);
  }

  List<RunResult> okRuns() {
    return runs.stream().filter(RunResult::ok).toList();
  }

  /** Whether every planned run was made and ok. */
  boolean allOk() {
    return skipped == null && runs.size() == plannedRuns && okRuns().size() == plannedRuns;
  }
}
