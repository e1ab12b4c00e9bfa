package fanfetch.coordinator;

import fanfetch.model.Results;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
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
    }
  }

  /** The coordinator's current counts. */
  void levels(long fetchesInFlight, long urlsWaiting, long jobs) {
    inFlight.set(fetchesInFlight);
    waiting.set(urlsWaiting);
    liveJobs.set(jobs);
  }

  void jobEnded(String state) {
    count("fanfetch_jobs_total", "outcome", state);
  }

  void jobRefused(String reason) {
    count("fanfetch_jobs_refused_total", "reason", reason);
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
            .publishPercentileHistogram()
            .register(registry)).record(Duration.ofNanos((long) (ms.doubleValue() * 1_000_000)));
      }
    }
  }

  private void count(String name, String tag, String value) {
    if (registry != null) {
      counters.computeIfAbsent(name + "|" + value, k -> Counter.builder(name).tag(tag, value).register(registry))
          .increment();
    }
  }
}
