package fanfetch.model;

import fanfetch.config.Settings;
import io.vertx.core.json.JsonObject;

/**
 * The values a JobSpec gets for every field it leaves out ({@code jobs.defaults} in the config).
 * They are checked against the same rules as a submitted job, so a bad default fails at start-up.
 */
public record JobDefaults(JobSpec.Mode mode, int concurrency, int perHost, String method, long timeoutMs,
                          long connectTimeoutMs, boolean followRedirects, int maxRedirects, long maxBytes,
                          JobSpec.Digest digest, int retries) {

  public static final JobDefaults BUILT_IN = new JobDefaults(JobSpec.Mode.PARALLEL, 256, 16, "GET", 30_000,
      10_000, true, 5, 1L << 30, JobSpec.Digest.SHA256, 0);

  public static JobDefaults from(JsonObject section, Settings.Limits limits) {
    JobSpecParser parser = new JobSpecParser(BUILT_IN, limits);
    JsonObject asJob = section.copy().put("urls", new io.vertx.core.json.JsonArray().add("http://defaults.invalid/"));
    try {
      JobSpec spec = parser.parse(asJob);
      return new JobDefaults(spec.mode(), spec.concurrency(), spec.perHost(), spec.method(), spec.timeoutMs(),
          spec.connectTimeoutMs(), spec.followRedirects(), spec.maxRedirects(), spec.maxBytes(), spec.digest(),
          spec.retries());
    } catch (InvalidJobException e) {
      throw new IllegalArgumentException("jobs.defaults." + e.errors().get(0).field() + ": "
          + e.errors().get(0).message());
    }
  }
}
