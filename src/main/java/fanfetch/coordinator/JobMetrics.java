package fanfetch.coordinator;

import fanfetch.model.Results;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fanfetch's own metrics, recorded by the coordinator (which sees every result): jobs by outcome,
 * URLs by outcome and error kind, phase-time histograms, fetches in flight, URLs waiting, live
 * jobs. No label carries a host, URL or job id. Without a registry (metrics off) it records nothing.
 */
final class JobMetrics {

  private static final String[] PHASES = {Results.DNS_MS, Results.CONNECT_MS, Results.TTFB_MS,
      Results.DOWNLOAD_MS, Results.TOTAL_MS};
  /** Why {@link Admission} refuses a job; each is counted from the start, at 0 until it happens. */
  static final String[] REFUSAL_REASONS = {"jobs", "queued_urls", "client"};
  /** How a job ends; counted from the start too. */
  static final String[] OUTCOMES = {"done", "cancelled", "lost"};
  /**
   * Phase-histogram bounds a person reads at a glance (1 ms to 60 s), instead of Micrometer's 69
   * percentile-histogram buckets per phase with bounds such as 0.001048576 s.
   */
  static final Duration[] PHASE_BUCKETS = {ms(1), ms(2.5), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250),
      ms(500), ms(1_000), ms(2_500), ms(5_000), ms(10_000), ms(30_000), ms(60_000)};
  private static final String JOBS_TOTAL = "fanfetch_jobs_total";
  private static final String JOBS_REFUSED = "fanfetch_jobs_refused_total";
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      JOBS_TOTAL, "Jobs finished, by outcome (done, cancelled, lost)",
      JOBS_REFUSED, "Jobs refused because a cap was hit (429), by the cap: jobs, queued_urls or client");

  private final MeterRegistry registry;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong waiting = new AtomicLong();
  private final AtomicLong liveJobs = new AtomicLong();
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> phaseTimers = new ConcurrentHashMap<>();

  JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    if (registry != null) {
      Gauge.builder("fanfetch_fetches_in_flight", inFlight, AtomicLong::get)
          .description("Fetches sent to fetchers and not answered yet").register(registry);
      Gauge.builder("fanfetch_urls_waiting", waiting, AtomicLong::get)
          .description("URLs of live jobs waiting to be fetched (the coordinator's queue depth)").register(registry);
      Gauge.builder("fanfetch_jobs_live", liveJobs, AtomicLong::get)
          .description("Jobs accepted and not finished").register(registry);
      for (String reason : REFUSAL_REASONS) {
        counter(JOBS_REFUSED, "reason", reason);
      }
      for (String outcome : OUTCOMES) {
        counter(JOBS_TOTAL, "outcome", outcome);
      }
    }
  }

  private static Duration ms(double millis) {
    return Duration.ofNanos((long) (millis * 1_000_000));
  }

  /** The coordinator's current counts. */
  void levels(long fetchesInFlight, long urlsWaiting, long jobs) {
    inFlight.set(fetchesInFlight);
    waiting.set(urlsWaiting);
    liveJobs.set(jobs);
  }

  void jobEnded(String state) {
    count(JOBS_TOTAL, "outcome", state);
  }

  void jobRefused(String reason) {
    count(JOBS_REFUSED, "reason", reason);
  }

  /** One URL's final result: outcome (ok, http_error, error), error kind and phase times. */
  void urlFinished(JsonObject result) {
    if (registry == null) {
      return;
    }
    JsonObject error = result.getJsonObject(Results.ERROR);
    String outcome = error != null ? "error" : Boolean.TRUE.equals(result.getBoolean(Results.OK)) ? "ok" : "http_error";
    String kind = error != null ? error.getString(Results.ERROR_KIND) : "none";
    counters.computeIfAbsent("urls|" + outcome + "|" + kind, k -> Counter.builder("fanfetch_urls_total")
        .description("URLs finished, by outcome and error kind")
        .tag("outcome", outcome).tag("kind", kind).register(registry)).increment();
    JsonObject timings = result.getJsonObject(Results.TIMINGS);
    if (timings == null || error != null && Results.totalMs(result) == 0) {
      return;
    }
    for (String phase : PHASES) {
      Number ms = timings.getNumber(phase);
      if (ms != null) {
        phaseTimers.computeIfAbsent(phase, p -> Timer.builder("fanfetch_fetch_phase")
            .description("Time spent in each phase of a fetch")
            .tag("phase", p.replace("Ms", ""))
            .serviceLevelObjectives(PHASE_BUCKETS)
            .register(registry)).record(Duration.ofNanos((long) (ms.doubleValue() * 1_000_000)));
      }
    }
  }

  private void count(String name, String tag, String value) {
    if (registry != null) {
      counter(name, tag, value).increment();
    }
  }

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(name + "|" + value, k -> Counter.builder(name).description(DESCRIPTIONS.get(name))
        .tag(tag, value).register(registry));
  }
}
