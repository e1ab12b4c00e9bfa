package fanfetch.bench;

import fanfetch.cli.ExitCodes;
import fanfetch.bench.Workload.Name;
import io.vertx.core.Vertx;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanfetch bench}: the project's benchmark in one command. Starts a loopback origin and the
 * service as processes of their own, runs each workload through the real HTTP API, and prints a
 * Markdown table of times, rates and the service's peak memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Benchmark the service through its HTTP API against a loopback origin, and print a Markdown table.",
        "The origin (127.0.0.1 … 127.0.0.HOSTS) and, unless --target is given, the service run as child "
            + "processes of their own, a fresh service for each workload; both end with the bench.",
        "Workloads: fanout (1,000 × /delay/1000 over every host), big-fanout (10,000 × /delay/1000), "
            + "throughput (20,000 × /bytes/1024, one host, window 256), large-bodies (4 × 256 MiB, one host), "
            + "overhead (500 one-URL jobs, one after another), cli and cli-fanout (a whole `fanfetch fetch` "
            + "process, JVM start-up included, of 4 and of 10,000 × /delay/1000: every run a cold one).",
        "The big fan-out needs ~11,000 open files in the service and in the origin: run `ulimit -n 20000` first."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:every run of every workload was ok",
        "1:a run failed, or a workload was skipped or cut short (see the notes under the table)",
        "2:bad usage, or the origin or the target could not be used"},
    footerHeading = "%nExamples:%n",
    footer = {"  fanfetch bench",
        "  fanfetch bench --only fanout,throughput --runs 3 --warmup 1 --out bench.md",
        "  fanfetch bench --quick",
        "  fanfetch bench --target http://127.0.0.1:8080 --target-pid $(pgrep -n java)"})
public final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
      description = "Counted runs of each workload (default: ${DEFAULT-VALUE}; with --quick: 1).")
  int runs;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
      description = "Runs before those, not counted: they let the JIT compile the hot paths "
          + "(default: ${DEFAULT-VALUE}; with --quick: 0).")
  int warmup;

  @Option(names = "--only", paramLabel = "WORKLOADS", split = ",", hideParamSyntax = true,
      description = "Workloads to run, comma-separated, in this order: ${COMPLETION-CANDIDATES} (default: all).")
  List<Name> only;

  @Option(names = "--quick",
      description = "A smoke test, not a measurement: 20 to 40 URLs per job, delays of 50 ms, bodies of 1 MiB, "
          + "20 one-URL jobs.")
  boolean quick;

  @Option(names = "--hosts", paramLabel = "N", defaultValue = "50",
      description = "Loopback addresses the origin listens on, 127.0.0.1 … 127.0.0.N; the fan-outs spread their "
          + "URLs over all of them (default: ${DEFAULT-VALUE}).")
  int hosts;

  @Option(names = "--service-jvm-opts", paramLabel = "OPTIONS", defaultValue = "-Xmx512m -XX:+UseParallelGC -Xmn64m -XX:+ExitOnOutOfMemoryError",
      description = "JVM options of the service the bench starts (default: \"${DEFAULT-VALUE}\"). The capped heap "
          + "keeps the service's memory comparable between runs and machines: with the JVM's default sizing (a "
          + "quarter of the RAM) its peak RSS on the big fan-out and throughput runs was 0.9-1.1 GiB, capped "
          + "0.5-0.65 GiB, with no difference in speed beyond the noise. ParallelGC is the collector for throughput "
          + "rather than short pauses, which is what a batch of fetches wants; a small young generation keeps its "
          + "pauses short; a service out of memory exits rather than hang its jobs. These are the settings the "
          + "README's Performance section recommends.")
  String serviceJvmOptions;

  @Option(names = "--target", paramLabel = "URL",
      description = "Measure a service that is already running (loopback only), instead of starting one. "
          + "Its address guard must allow 127.0.0.0/8.")
  String target;

  @Option(names = "--target-pid", paramLabel = "PID",
      description = "With --target: the service's process id, to read its memory and open-file limit.")
  Long targetPid;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the report to this file.")
  Path out;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "The longest one POST /jobs may take (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "1800",
      description = "The longest the whole bench may take; runs that would start later are not made "
          + "(default: ${DEFAULT-VALUE}).")
  long timeLimitSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter progress = spec.commandLine().getErr();
    URI targetUri = validate();
    if (quick) {
      runs = matched("--runs") ? runs : 1;
      warmup = matched("--warmup") ? warmup : 0;
    }
    List<Workload> workloads = Workloads.of(only == null ? Arrays.asList(Name.values()) : only,
        quick ? Workloads.QUICK : Workloads.FULL, hosts);
    Deadline deadline = Deadline.in(Duration.ofSeconds(timeLimitSeconds));
    Vertx vertx = Vertx.vertx();
    Path scratch = Path.of(vertx.fileSystem().createTempDirectoryBlocking("fanfetch-bench-"));
    int exit = ExitCodes.USAGE;
    try (OriginProcess origin = startOrigin(scratch)) {
      ServiceUnderTest running = targetUri == null ? null : ServiceUnderTest.running(vertx, targetUri,
          targetPid == null ? OptionalLong.empty() : OptionalLong.of(targetPid));
      if (running != null && !running.client().ready().await()) {
        progress.println("fanfetch bench: nothing ready at " + targetUri + " (GET /health/ready)");
        return exit;
      }
      WorkloadRunner runner = new WorkloadRunner(vertx, origin,
          new WorkloadRunner.Plan(warmup, runs, Duration.ofSeconds(timeoutSeconds)), deadline, progress);
      List<WorkloadResult> results = new ArrayList<>();
      for (Workload workload : workloads) {
        if (deadline.passed()) {
          results.add(WorkloadResult.skipped(workload, runs, "the time limit (--time-limit) was reached before it started"));
        } else {
          results.add(workload.commandLine() ? runner.runCommandLine(workload, scratch)
              : running != null ? runner.run(workload, running) : onFreshService(vertx, runner, workload, scratch));
        }
      }
      exit = results.stream().allMatch(WorkloadResult::allOk) ? ExitCodes.OK : ExitCodes.SOME_FAILED;
      print(BenchReport.render(setup(origin), results));
      return exit;
    } catch (OriginFailed e) {
      progress.println("fanfetch bench: " + e.getMessage());
      return exit;
    } finally {
      if (exit == ExitCodes.OK) {
        vertx.fileSystem().deleteRecursiveBlocking(scratch.toString());
      } else {
        progress.println("fanfetch bench: the logs of the origin and the service are in " + scratch);
      }
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** The origin could not be started: nothing can be measured. */
  private static final class OriginFailed extends Exception {
    OriginFailed(String message) {
      super(message, null, false, false);
    }
  }

  private OriginProcess startOrigin(Path scratch) throws OriginFailed {
    try {
      OriginProcess origin = OriginProcess.start(hosts, scratch);
      spec.commandLine().getErr().printf("origin: pid %d on 127.0.0.1 … 127.0.0.%d, port %d%n",
          origin.pid(), hosts, origin.port());
      return origin;
    } catch (Exception e) {
      throw new OriginFailed("the origin did not start: " + e.getMessage());
    }
  }

  /** Runs one workload on a service of its own, so that its memory figure is its own too. */
  private WorkloadResult onFreshService(Vertx vertx, WorkloadRunner runner, Workload workload, Path scratch) {
    ServiceUnderTest service;
    try {
      service = ServiceUnderTest.start(vertx, jvmOptions(), scratch);
    } catch (Exception e) {
      spec.commandLine().getErr().println(workload.name() + ": skipped: " + e.getMessage());
      return WorkloadResult.skipped(workload, runs, e.getMessage());
    }
    try (service) {
      return runner.run(workload, service);
    }
  }

  private void print(String report) throws java.io.IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(report);
    stdout.flush();
    if (out != null) {
      Files.writeString(out, report);
    }
  }

  private URI validate() {
    requireRange("--runs", runs, 1, 1_000);
    requireRange("--warmup", warmup, 0, 100);
    requireRange("--hosts", hosts, 1, BenchOrigin.MAX_HOSTS);
    requireRange("--timeout", timeoutSeconds, 1, 86_400);
    requireRange("--time-limit", timeLimitSeconds, 1, 7 * 86_400);
    if (targetPid != null && target == null) {
      throw new ParameterException(spec.commandLine(), "--target-pid needs --target");
    }
    try {
      return target == null ? null : Loopback.target(target);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void requireRange(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ParameterException(spec.commandLine(), option + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  private boolean matched(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private List<String> jvmOptions() {
    String trimmed = serviceJvmOptions.strip();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }

  private List<String> setup(OriginProcess origin) {
    String service = target != null
        ? target + " (--target)" + (targetPid != null ? ", pid " + targetPid : ", no pid given: no memory figures")
        : "started by the bench for each workload: `java " + String.join(" ", jvmOptions())
            + " -cp fanfetch.jar fanfetch.Main serve`, the jar's built-in configuration with "
            + "FANFETCH_GUARD_ALLOW=127.0.0.0/8";
    return List.of(
        "date: " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")),
        "machine: " + Machine.describe(),
        "service: " + service,
        "origin: " + BenchOrigin.class.getSimpleName() + " in a JVM of its own, on 127.0.0.1 … 127.0.0." + origin.hosts()
            + ", port " + origin.port(),
        "runs: " + runs + " counted after " + warmup + " warm-up" + (warmup == 1 ? "" : "s") + " per workload"
            + (quick ? " (--quick: shrunk workloads, a smoke test rather than a measurement)" : ""));
  }
}
