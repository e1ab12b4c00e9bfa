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
    OptionalLong originLimit = OpenFiles.limit(origin.pid());
    String tooFewFiles = originLimit.isPresent()
        ? OpenFiles.shortfall("origin", originLimit.getAsLong(), workload.connections()) : null;
    if (tooFewFiles != null) {
      progress.printf("%s: skipped: %s%n", workload.name(), tooFewFiles);
      return WorkloadResult.skipped(workload, plan.runs(), tooFewFiles);
    }
    List<String> notes = new ArrayList<>();
    List<RunResult> runs = new ArrayList<>();
    RunResult first = null;
    try {
      Path urls = FetchProcess.urlFile(workload.jobSpecs(origin).get(0), directory);
      for (int i = 1; i <= plan.warmups() + plan.runs(); i++) {
        boolean counted = i > plan.warmups();
        String label = counted ? "run " + (i - plan.warmups()) + "/" + plan.runs() : "warm-up " + i + "/" + plan.warmups();
        if (deadline.passed()) {
          notes.add("runs from " + label + " not made: the time limit (--time-limit) was reached");
          break;
        }
        RunResult run = FetchProcess.run(workload, urls, directory, deadline.cap(plan.callTimeout()));
        progress.printf(Locale.ROOT, "%s: %s %.3f s%s%n", workload.name(), label, run.seconds(),
            run.ok() ? "" : "  FAILED: " + run.failure());
        first = first == null ? run : first;
        if (counted) {
          runs.add(run);
        }
        if (!run.ok()) {
          notes.add(label + " failed: " + run.failure());
        }
      }
    } catch (IOException e) {
      notes.add("the URL list could not be written: " + e.getMessage());
    }
    return new WorkloadResult(workload, plan.runs(), runs, OptionalLong.empty(), notes, null, first);
  }

  WorkloadResult run(Workload workload, ServiceUnderTest service) {
    String tooFewFiles = tooFewFiles(workload, service);
    if (tooFewFiles != null) {
      progress.printf("%s: skipped: %s%n", workload.name(), tooFewFiles);
      return WorkloadResult.skipped(workload, plan.runs(), tooFewFiles);
    }
    List<Buffer> jobSpecs = workload.jobSpecs(origin);
    List<String> notes = new ArrayList<>();
    List<RunResult> runs = new ArrayList<>();
    RunResult first = null;
    OptionalLong pid = service.pid();
    try (RssSampler rss = service.pid().isPresent() ? new RssSampler(vertx, service.pid().getAsLong()) : null) {
      for (int i = 1; i <= plan.warmups() && !deadline.passed(); i++) {
        RunResult warmup = runOnce(workload, jobSpecs, service.client(), pid, "warm-up " + i + "/" + plan.warmups());
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
        RunResult run = runOnce(workload, jobSpecs, service.client(), pid, "run " + i + "/" + plan.runs());
        first = first == null ? run : first;
        runs.add(run);
        if (!run.ok()) {
          notes.add("run " + i + " failed: " + run.failure());
        }
      }
      return new WorkloadResult(workload, plan.runs(), runs, rss == null ? OptionalLong.empty() : rss.peakKib(), notes,
          null, first);
    }
  }

  /** Sends the run's jobs one after another; the first job that fails ends the run. */
  private RunResult runOnce(Workload workload, List<Buffer> jobSpecs, JobClient client, OptionalLong pid,
                            String label) {
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
    RunResult run = new RunResult(seconds, failure, cpuSeconds);
    progress.printf(Locale.ROOT, "%s: %s %.3f s%s%n", workload.name(), label, run.seconds(),
        run.ok() ? "" : "  FAILED: " + failure);
    return run;
  }

  /** Why the origin or the service could not hold the workload's connections, or null. */
  private String tooFewFiles(Workload workload, ServiceUnderTest service) {
    OptionalLong originLimit = OpenFiles.limit(origin.pid());
    String why = originLimit.isPresent() ? OpenFiles.shortfall("origin", originLimit.getAsLong(), workload.connections()) : null;
    if (why == null && service.pid().isPresent()) {
      OptionalLong serviceLimit = OpenFiles.limit(service.pid().getAsLong());
      why = serviceLimit.isPresent()
          ? OpenFiles.shortfall("service", serviceLimit.getAsLong(), workload.connections()) : null;
    }
    return why;
  }
}
