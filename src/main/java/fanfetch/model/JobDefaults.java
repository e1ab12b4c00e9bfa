package fanfetch.model;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The values a JobSpec gets for every field it leaves out ({@code jobs.defaults} in the config).
 * They are checked against the same rules as a submitted job, so a bad default fails at start-up;
 * a default above its server-side cap is lowered to the cap (so {@code FANFETCH_MAX_CONCURRENCY=100}
 * works without also editing the defaults).
 */
public record JobDefaults(JobSpec.Mode mode, int concurrency, int perHost, String method, long timeoutMs,
                          long connectTimeoutMs, boolean followRedirects, int maxRedirects, long maxBytes,
                          JobSpec.Digest digest, int retries, List<String> httpVersions) {

  public JobDefaults {
    httpVersions = httpVersions == null ? JobSpec.DEFAULT_HTTP_VERSIONS : List.copyOf(httpVersions);
  }

  /** Defaults with the built-in {@code httpVersions}. */
  public JobDefaults(JobSpec.Mode mode, int concurrency, int perHost, String method, long timeoutMs,
                     long connectTimeoutMs, boolean followRedirects, int maxRedirects, long maxBytes,
                     JobSpec.Digest digest, int retries) {
    this(mode, concurrency, perHost, method, timeoutMs, connectTimeoutMs, followRedirects, maxRedirects, maxBytes,
        digest, retries, JobSpec.DEFAULT_HTTP_VERSIONS);
  }

  public static final JobDefaults BUILT_IN = new JobDefaults(JobSpec.Mode.PARALLEL, 256, 16, "GET", 30_000,
      10_000, true, 5, 1L << 30, JobSpec.Digest.SHA256, 0);

  public static JobDefaults from(JsonObject section, JobLimits limits) {
    JobSpecParser parser = new JobSpecParser(BUILT_IN, limits);
    JsonObject asJob = section.copy().put("urls", new io.vertx.core.json.JsonArray().add("http://defaults.invalid/"));
    clamp(asJob, "concurrency", BUILT_IN.concurrency(), limits.maxConcurrency());
    clamp(asJob, "perHost", BUILT_IN.perHost(), limits.maxPerHost());
    clamp(asJob, "timeoutMs", BUILT_IN.timeoutMs(), limits.maxTimeoutMs());
    clamp(asJob, "connectTimeoutMs", BUILT_IN.connectTimeoutMs(), limits.maxTimeoutMs());
    clamp(asJob, "maxRedirects", BUILT_IN.maxRedirects(), limits.maxRedirects());
    clamp(asJob, "maxBytes", BUILT_IN.maxBytes(), limits.maxBytes());
    clamp(asJob, "retries", BUILT_IN.retries(), limits.maxRetries());
    try {
      JobSpec spec = parser.parse(asJob);
      return new JobDefaults(spec.mode(), spec.concurrency(), spec.perHost(), spec.method(), spec.timeoutMs(),
          spec.connectTimeoutMs(), spec.followRedirects(), spec.maxRedirects(), spec.maxBytes(), spec.digest(),
          spec.retries(), spec.httpVersions());
    } catch (InvalidJobException e) {
      throw new IllegalArgumentException("jobs.defaults." + e.errors().get(0).field() + ": "
          + e.errors().get(0).message());
    }
  }

  /** Lowers a whole-number default (given or built in) to its cap; other values are left to the parser. */
  private static void clamp(JsonObject job, String field, long builtIn, long cap) {
    Object value = job.getValue(field);
    if (value == null) {
      value = builtIn;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > cap) {
      job.put(field, cap);
    } else if (job.getValue(field) == null) {
      job.put(field, builtIn);
    }
  }
}
