package fanfetch.bench;

import fanfetch.bench.MarkdownTable.Column;
import fanfetch.bench.Workload.Measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The bench's Markdown report: how it was set up, one table row per workload, what went wrong. */
final class BenchReport {

  static final List<Column> COLUMNS = List.of(Column.left("workload"), Column.left("runs"),
      Column.right("median"), Column.right("min–max"), Column.right("first run"), Column.right("floor"),
      Column.right("median ÷ floor (or rate)"), Column.right("service CPU µs/URL"),
      Column.right("peak service RSS MiB"));

  private static final String LEGEND = String.join("\n",
      "Times are end to end: from sending `POST /jobs` until the whole report is in (cli: from starting the",
      "`fanfetch fetch` process until it exits, its JSON report read and checked). median and min–max are",
      "over the ok runs. floor: the origin's delay, the least a fan-out can take. Rates: URLs ÷ time (fetch/s),",
      "body bytes ÷ time (MB/s, 10^6 B). overhead: p50 of the one-URL jobs' times in each run (median, min–max",
      "over runs) and their p99 (median over runs). first run: the workload's first run on this service, warm-up",
      "or counted: on a service the bench started, a cold one (the JIT has compiled nothing of it yet). CPU: the",
      "service process's user + system time during a run ÷ its URLs (median over the ok runs; /proc, 10 ms ticks).",
      "RSS: the service's peak VmRSS, read every 100 ms during the workload's warm-ups and runs.");

  private BenchReport() {
  }

  static String render(List<String> setup, List<WorkloadResult> results) {
    MarkdownTable table = new MarkdownTable(COLUMNS);
    List<String> notes = new ArrayList<>();
    for (WorkloadResult result : results) {
      table.row(row(result));
      String name = result.workload().name().toString();
      if (result.skipped() != null) {
        notes.add("- " + name + " skipped: " + result.skipped());
      }
      result.notes().forEach(note -> notes.add("- " + name + " " + note));
    }
    StringBuilder out = new StringBuilder("## fanfetch bench\n\n");
    setup.forEach(line -> out.append("- ").append(line).append('\n'));
    out.append('\n').append(table.render()).append('\n').append(LEGEND).append("\n\n");
    if (notes.isEmpty()) {
      out.append("Every run was ok.\n");
    } else {
      out.append("Failures and runs not counted:\n\n");
      notes.forEach(note -> out.append(note).append('\n'));
    }
    return out.toString();
  }

  static List<String> row(WorkloadResult result) {
    Workload workload = result.workload();
    List<RunResult> ok = result.okRuns();
    Stats headline = Stats.of(ok.stream().map(run -> headline(workload, run)).toList());
    String floor = workload.measure() == Measure.TIME_VS_FLOOR ? value(workload, workload.floorSeconds()) : "–";
    String rss = result.peakRssKib().isPresent()
        ? String.format(Locale.ROOT, "%,d", Math.round(result.peakRssKib().getAsLong() / 1024.0)) : "–";
    RunResult first = result.first();
    String firstRun = first != null && first.ok() ? value(workload, headline(workload, first)) : "–";
    if (headline.isEmpty()) {
      return List.of(workload.title(), runs(result), "–", "–", firstRun, floor, "–", "–", rss);
    }
    return List.of(workload.title(), runs(result),
        value(workload, headline.median()),
        number(workload, headline.min()) + "–" + value(workload, headline.max()),
        firstRun, floor, rateOrRatio(workload, ok, headline), cpuPerUrl(workload, ok), rss);
  }

  /** The service's CPU per URL, in µs: the median over the runs it was read for, or – when none. */
  private static String cpuPerUrl(Workload workload, List<RunResult> ok) {
    List<RunResult> measured = ok.stream().filter(run -> !Double.isNaN(run.serviceCpuSeconds())).toList();
    if (measured.isEmpty()) {
      return "–";
    }
    double urls = (double) workload.jobs() * workload.urlsPerJob();
    return String.format(Locale.ROOT, "%,.0f", medianOf(measured, run -> run.serviceCpuSeconds() * 1e6 / urls));
  }

  /** A run's figure: its time, or for one-URL jobs the p50 of their times. */
  private static double headline(Workload workload, RunResult run) {
    return workload.measure() == Measure.JOB_LATENCY ? Stats.of(run.jobSeconds()).percentile(0.50) : run.seconds();
  }

  /** {@code 1.08 s}, or {@code 2.10 ms} for one-URL jobs. */
  private static String value(Workload workload, double seconds) {
    return number(workload, seconds) + (workload.measure() == Measure.JOB_LATENCY ? " ms" : " s");
  }

  private static String number(Workload workload, double seconds) {
    return String.format(Locale.ROOT, "%.2f", workload.measure() == Measure.JOB_LATENCY ? seconds * 1000 : seconds);
  }

  private static String rateOrRatio(Workload workload, List<RunResult> ok, Stats headline) {
    return switch (workload.measure()) {
      case TIME_VS_FLOOR -> String.format(Locale.ROOT, "%.2f×", headline.median() / workload.floorSeconds());
      case FETCH_RATE -> String.format(Locale.ROOT, "%,.0f fetch/s",
          medianOf(ok, run -> workload.urlsPerJob() / run.seconds()));
      case BYTE_RATE -> String.format(Locale.ROOT, "%,.0f MB/s",
          medianOf(ok, run -> workload.bytesPerJob() / run.seconds() / 1e6));
      case JOB_LATENCY -> String.format(Locale.ROOT, "p99 %.2f ms",
          medianOf(ok, run -> Stats.of(run.jobSeconds()).percentile(0.99)) * 1000);
    };
  }

  private static double medianOf(List<RunResult> runs, ToDoubleFunction<RunResult> figure) {
    return Stats.of(runs.stream().map(figure::applyAsDouble).toList()).median();
  }

  /** {@code 5/5 ok}, {@code 3/5 ok, 1 failed, 1 not run}, {@code skipped}. */
  private static String runs(WorkloadResult result) {
    if (result.skipped() != null) {
      return "skipped";
    }
    int ok = result.okRuns().size();
    int failed = result.runs().size() - ok;
    int notRun = result.plannedRuns() - result.runs().size();
    return ok + "/" + result.plannedRuns() + " ok" + (failed > 0 ? ", " + failed + " FAILED" : "")
        + (notRun > 0 ? ", " + notRun + " not run" : "");
  }
}
