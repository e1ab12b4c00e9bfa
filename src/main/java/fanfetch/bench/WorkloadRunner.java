package fanfetch.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Runs one workload against a service: warm-up runs (not counted: the JIT compiles the hot paths),
 * then the counted runs, each checked, while the service's memory is sampled. Every call has a
 * timeout and nothing starts after the bench's deadline.
 */
final class WorkloadRunner {

  /** How many runs, and how long one {@code POST /jobs} may take. */
  record Plan(int warmups, int runs, Duration callTimeout) {
  }

  private final Vertx vertx;
  private final OriginProcess origin;
  private final Plan plan;
  private final Deadline deadline;
  private final PrintWriter progress;

  WorkloadRunner(Vertx vertx, OriginProcess origin, Plan plan, Deadline deadline, PrintWriter progress) {
    this.vertx = vertx;
    this.origin = origin;
    this.plan = plan;
    this.deadline = deadline;
    this.progress = progress;
  }

  /**
   * Runs a command-line workload: each run is a {@code fanfetch fetch} process of its own, timed
   * from its start to its exit (so every run is a cold one), its JSON report checked.
   */
  WorkloadResult runCommandLine(Workload workload, Path directory) {
    String tooFewFiles = tooFewFiles(workload, OptionalLong.empty());
    if (tooFewFiles != null) {
      return skipped(workload, tooFewFiles);
    }
    Path urls;
    try {
      urls = FetchProcess.urlFile(workload.jobSpecs(origin).get(0), directory);
    } catch (IOException e) {
      return skipped(workload, "the URL list could not be written: " + e.getMessage());
    }
    Measured measured = measure(workload, label -> FetchProcess.run(workload, urls, directory,
        deadline.cap(plan.callTimeout())));
    return new WorkloadResult(workload, plan.runs(), measured.runs(), OptionalLong.empty(), measured.notes(), null,
        measured.first());
  }

  WorkloadResult run(Workload workload, ServiceUnderTest service) {
    OptionalLong pid = service.pid();
    String tooFewFiles = tooFewFiles(workload, pid);
    if (tooFewFiles != null) {
      return skipped(workload, tooFewFiles);
    }
    List<Buffer> jobSpecs = workload.jobSpecs(origin);
    try (RssSampler rss = pid.isPresent() ? new RssSampler(vertx, pid.getAsLong()) : null) {
      Measured measured = measure(workload, label -> runOnce(workload, jobSpecs, service.client(), pid));
      return new WorkloadResult(workload, plan.runs(), measured.runs(),
          rss == null ? OptionalLong.empty() : rss.peakKib(), measured.notes(), null, measured.first());
    }
  }

  /** The counted runs, the first run made (warm-up or counted), and what went wrong. */
  private record Measured(List<RunResult> runs, RunResult first, List<String> notes) {
  }

  /**
   * The plan's warm-ups, then its counted runs, each made by {@code once} (given the run's label)
   * and reported as it ends; nothing starts after the bench's deadline.
   */
  private Measured measure(Workload workload, Function<String, RunResult> once) {
    List<String> notes = new ArrayList<>();
    List<RunResult> runs = new ArrayList<>();
    RunResult first = null;
    for (int i = 1; i <= plan.warmups() && !deadline.passed(); i++) {
      RunResult warmup = reported(workload, "warm-up " + i + "/" + plan.warmups(), once);
      first = first == null ? warmup : first;
      if (!warmup.ok()) {
        notes.add("warm-up " + i + " failed: " + warmup.failure());
      }
    }
    for (int i = 1; i <= plan.runs(); i++) {
      if (deadline.passed()) {
        notes.add((plan.runs() - i + 1) + " of " + plan.runs() + " runs not made: the time limit (--time-limit) was reached");
        break;
      }
      RunResult run = reported(workload, "run " + i + "/" + plan.runs(), once);
      first = first == null ? run : first;
      runs.add(run);
      if (!run.ok()) {
        notes.add("run " + i + " failed: " + run.failure());
      }
    }
    return new Measured(runs, first, notes);
  }

  private RunResult reported(Workload workload, String label, Function<String, RunResult> once) {
    RunResult run = once.apply(label);
    progress.printf(Locale.ROOT, "%s: %s %.3f s%s%n", workload.name(), label, run.seconds(),
        run.ok() ? "" : "  FAILED: " + run.failure());
    return run;
  }

  private WorkloadResult skipped(Workload workload, String why) {
    progress.printf("%s: skipped: %s%n", workload.name(), why);
    return WorkloadResult.skipped(workload, plan.runs(), why);
  }

  /** Sends the run's jobs one after another; the first job that fails ends the run. */
  private RunResult runOnce(Workload workload, List<Buffer> jobSpecs, JobClient client, OptionalLong pid) {
    List<Double> seconds = new ArrayList<>();
    OptionalLong cpuBefore = pid.isPresent() ? ProcessCpu.nanos(pid.getAsLong()) : OptionalLong.empty();
    String failure = null;
    for (int job = 0; job < jobSpecs.size() && failure == null; job++) {
      Duration timeout = deadline.cap(plan.callTimeout());
      if (timeout.isZero()) {
        failure = "the time limit (--time-limit) was reached during the run";
        break;
      }
      try {
        JobClient.Answer answer = client.submit(jobSpecs.get(job), timeout).await();
        seconds.add(answer.seconds());
        failure = ReportCheck.problem(answer.status(), answer.body() == null ? null : answer.body().toString(),
            workload.urlsPerJob(), workload.bytesPerUrl());
      } catch (Exception e) {
        failure = "no report: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
      }
      if (failure != null && jobSpecs.size() > 1) {
        failure = "job " + (job + 1) + " of " + jobSpecs.size() + ": " + failure;
      }
    }
    OptionalLong cpuAfter = pid.isPresent() ? ProcessCpu.nanos(pid.getAsLong()) : OptionalLong.empty();
    double cpuSeconds = cpuBefore.isPresent() && cpuAfter.isPresent()
        ? (cpuAfter.getAsLong() - cpuBefore.getAsLong()) / 1e9 : Double.NaN;
    return new RunResult(seconds, failure, cpuSeconds);
  }

  /** Why the origin or the service (when its pid is known) could not hold the workload's connections, or null. */
  private String tooFewFiles(Workload workload, OptionalLong servicePid) {
    OptionalLong originLimit = OpenFiles.limit(origin.pid());
    String why = originLimit.isPresent() ? OpenFiles.shortfall("origin", originLimit.getAsLong(), workload.connections()) : null;
    if (why == null && servicePid.isPresent()) {
      OptionalLong serviceLimit = OpenFiles.limit(servicePid.getAsLong());
      why = serviceLimit.isPresent()
          ? OpenFiles.shortfall("service", serviceLimit.getAsLong(), workload.connections()) : null;
    }
    return why;
  }
}
