package fanfetch.bench;

import fanfetch.bench.Workload.Name;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTest {

  private static final int HOSTS = 50;

  private static RunResult ok(double... jobSeconds) {
    return new RunResult(java.util.Arrays.stream(jobSeconds).boxed().toList(), null);
  }

  private static WorkloadResult result(Name name, List<RunResult> runs, long rssKib, String... notes) {
    return new WorkloadResult(Workloads.of(name, Workloads.FULL, HOSTS), runs.size(), runs,
        OptionalLong.of(rssKib), List.of(notes), null);
  }

  @Test
  void aFanOutRowComparesItsMedianWithTheFloor() {
    List<String> row = BenchReport.row(result(Name.FANOUT, List.of(ok(1.10), ok(1.00), ok(1.20)), 512 * 1024));

    assertThat(row).containsExactly("fanout: 1,000 × /delay/1000 over 50 hosts", "3/3 ok", "1.10 s", "1.00–1.20 s",
        "–", "1.00 s", "1.10×", "–", "512");
  }

  @Test
  void rateWorkloadsShowFetchesOrMegabytesPerSecond() {
    List<String> throughput = BenchReport.row(result(Name.THROUGHPUT, List.of(ok(1.0), ok(2.0), ok(4.0)), 1024));
    List<String> large = BenchReport.row(result(Name.LARGE_BODIES, List.of(ok(4 * 268435456 / 1e9)), 1024));

    assertThat(throughput).containsExactly("throughput: 20,000 × /bytes/1024, 1 host", "3/3 ok", "2.00 s",
        "1.00–4.00 s", "–", "–", "10,000 fetch/s", "–", "1");
    assertThat(large.get(6)).isEqualTo("1,000 MB/s");
  }

  @Test
  void theOverheadRowGivesTheJobsP50AndP99InMilliseconds() {
    double[] jobs = new double[100];
    for (int i = 0; i < jobs.length; i++) {
      jobs[i] = (i + 1) / 1000.0;
    }
    List<String> row = BenchReport.row(result(Name.OVERHEAD, List.of(ok(jobs)), 300 * 1024));

    assertThat(row).containsExactly("overhead: 500 jobs of 1 × /bytes/1024, 1 host", "1/1 ok", "50.00 ms",
        "50.00–50.00 ms", "–", "–", "p99 99.00 ms", "–", "300");
  }

  @Test
  void theFirstRunAndTheServicesCpuPerUrlAreShownBesideTheMedian() {
    Workload throughput = Workloads.of(Name.THROUGHPUT, Workloads.FULL, HOSTS);
    RunResult cold = new RunResult(List.of(4.0), null, 3.0);
    // 20,000 URLs: 1.2, 1.4 and 1.0 s of service CPU are 60, 70 and 50 µs a URL (median 60).
    List<RunResult> runs = List.of(new RunResult(List.of(1.0), null, 1.2), new RunResult(List.of(1.1), null, 1.4),
        new RunResult(List.of(0.9), null, 1.0));
    WorkloadResult result = new WorkloadResult(throughput, 3, runs, OptionalLong.of(1024), List.of(), null, cold);

    List<String> row = BenchReport.row(result);

    assertThat(row.get(4)).isEqualTo("4.00 s");
    assertThat(row.get(7)).isEqualTo("60");
  }

  @Test
  void aRunWhoseCpuWasNotReadCountsForNothingInTheCpuFigure() {
    Workload fanout = Workloads.of(Name.FANOUT, Workloads.FULL, HOSTS);
    List<RunResult> runs = List.of(ok(1.0), new RunResult(List.of(1.0), null, 0.1));
    WorkloadResult result = new WorkloadResult(fanout, 2, runs, OptionalLong.empty(), List.of(), null, runs.get(0));

    // 0.1 s for 1,000 URLs: 100 µs a URL; the run without a figure is left out, not counted as 0.
    assertThat(BenchReport.row(result).get(7)).isEqualTo("100");
    assertThat(BenchReport.row(result).get(4)).isEqualTo("1.00 s");
  }

  @Test
  void failedRunsAreShownAndLeftOutOfTheFigures() {
    WorkloadResult result = result(Name.FANOUT,
        List.of(ok(1.2), new RunResult(List.of(0.3), "12 of 1,000 URLs failed: connect ×12"), ok(1.4)), 1024,
        "run 2 failed: 12 of 1,000 URLs failed: connect ×12");

    String report = BenchReport.render(List.of("machine: test"), List.of(result));

    assertThat(BenchReport.row(result)).startsWith("fanout: 1,000 × /delay/1000 over 50 hosts", "2/3 ok, 1 FAILED",
        "1.30 s", "1.20–1.40 s");
    assertThat(report).contains("- machine: test", "- fanout run 2 failed: 12 of 1,000 URLs failed: connect ×12")
        .doesNotContain("Every run was ok");
  }

  @Test
  void aWorkloadWithNoOkRunHasNoFigures() {
    WorkloadResult result = result(Name.BIG_FANOUT, List.of(new RunResult(List.of(2.0), "HTTP 429: busy")), 1024);

    assertThat(BenchReport.row(result)).containsExactly("big-fanout: 10,000 × /delay/1000 over 50 hosts",
        "0/1 ok, 1 FAILED", "–", "–", "–", "1.00 s", "–", "–", "1");
  }

  @Test
  void skippedAndUnfinishedWorkloadsSayWhy() {
    Workload bigFanout = Workloads.of(Name.BIG_FANOUT, Workloads.FULL, HOSTS);
    WorkloadResult skipped = WorkloadResult.skipped(bigFanout, 5, "the service may open only 1,024 files");
    WorkloadResult cutShort = new WorkloadResult(Workloads.of(Name.FANOUT, Workloads.FULL, HOSTS), 5,
        List.of(ok(1.1), ok(1.2)), OptionalLong.empty(), List.of("3 of 5 runs not made: the time limit"), null);

    String report = BenchReport.render(List.of(), List.of(skipped, cutShort));

    assertThat(BenchReport.row(skipped)).containsExactly("big-fanout: 10,000 × /delay/1000 over 50 hosts",
        "skipped", "–", "–", "–", "1.00 s", "–", "–", "–");
    assertThat(BenchReport.row(cutShort).get(1)).isEqualTo("2/5 ok, 3 not run");
    assertThat(report).contains("- big-fanout skipped: the service may open only 1,024 files",
        "- fanout 3 of 5 runs not made: the time limit");
  }

  @Test
  void aReportWithEveryRunOkSaysSo() {
    String report = BenchReport.render(List.of("runs: 1"), List.of(result(Name.FANOUT, List.of(ok(1.0)), 1024)));

    assertThat(report).startsWith("## fanfetch bench\n\n- runs: 1\n\n| workload").endsWith("Every run was ok.\n");
  }
}
