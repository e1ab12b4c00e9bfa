package fanfetch.config;

import fanfetch.guard.AllowRule;
import fanfetch.model.JobDefaults;
import fanfetch.model.JobLimits;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static fanfetch.config.ConfigReader.intIn;
import static fanfetch.config.ConfigReader.nonNegativeInt;
import static fanfetch.config.ConfigReader.nonNegativeLong;
import static fanfetch.config.ConfigReader.oneOf;
import static fanfetch.config.ConfigReader.positiveInt;
import static fanfetch.config.ConfigReader.positiveLong;
import static fanfetch.config.ConfigReader.section;
import static fanfetch.config.ConfigReader.strings;

/**
 * Typed, validated view of the merged configuration ({@code conf/config.json} plus environment).
 * Every verticle receives the same JSON as its deployment config and reads it through this class.
 */
public record Settings(
    String httpHost,
    int httpPort,
    long maxBodyBytes,
    long waitTimeoutMs,
    int fetcherInstances,
    int maxConnectionsPerHost,
    int keepAliveTimeoutSeconds,
    int maxHeaderBytes,
    int dnsThreads,
    long dnsCacheMs,
    List<String> trustPem,
    List<AllowRule> guardAllow,
    JobLimits limits,
    int maxInFlight,
    long replyMarginMs,
    int maxDispatchAttempts,
    long retryBaseMs,
    long retryMaxMs,
    long jobTtlMs,
    long maxStoredUrls,
    long maxStoredBytes,
    long maxConnectTimeoutMs,
    int maxJobs,
    long maxQueuedUrls,
    int maxJobsPerClient,
    int retryAfterSeconds,
    JobDefaults defaults,
    List<String> apiKeys,
    boolean metricsRequireApiKey,
    int http2MaxConnectionsPerHost,
    int http2MaxStreamsPerConnection,
    Durability durability,
    ApiLimits apiLimits,
    int nodePerHost) {

  /**
   * How many event loops the node runs ({@code vertx.eventLoops}; 0 or absent: one per core).
   * Vert.x's own default is two per core, for code that may block; fanfetch's event loops never
   * block, and one per core spares a thread hand-off on every message (measured here: W4's rate
   * +10%, W6's median latency -15%).
   */
  public static int eventLoops(JsonObject config) {
    int configured = nonNegativeInt(section(config, "vertx"), "vertx.eventLoops", 0);
    return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  public static Settings from(JsonObject config) {
    JsonObject http = section(config, "http");
    JsonObject fetchers = section(config, "fetchers");
    JsonObject guard = section(config, "guard");
    JsonObject limitsJson = section(config, "limits");
    JsonObject coordinator = section(config, "coordinator");
    JsonObject jobs = section(config, "jobs");

    JobLimits limits = new JobLimits(
        positiveInt(limitsJson, "limits.maxUrlsPerJob", 1_000_000),
        positiveInt(limitsJson, "limits.maxConcurrency", 20_000),
        positiveInt(limitsJson, "limits.maxPerHost", 20_000),
        positiveLong(limitsJson, "limits.maxTimeoutMs", 600_000),
        nonNegativeInt(limitsJson, "limits.maxRedirects", 20),
        positiveLong(limitsJson, "limits.maxBytes", 1L << 40),
        nonNegativeInt(limitsJson, "limits.maxRetries", 10));

    List<AllowRule> allow = new ArrayList<>();
    for (String rule : strings(guard, "guard.allow")) {
      try {
        allow.add(AllowRule.parse(rule));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("guard.allow: " + e.getMessage());
      }
    }

    int instances = nonNegativeInt(fetchers, "fetchers.instances", 0);
    if (instances == 0) {
      instances = eventLoops(config);
    }

    return new Settings(
        http.getString("host", "127.0.0.1"),
        intIn(http, "http.port", 8080, 0, 65535),
        positiveLong(http, "http.maxBodyBytes", 16L << 20),
        positiveLong(http, "http.waitTimeoutMs", 3_600_000),
        instances,
        positiveInt(fetchers, "fetchers.maxConnectionsPerHost", 512),
        positiveInt(fetchers, "fetchers.keepAliveTimeoutSeconds", 30),
        positiveInt(fetchers, "fetchers.maxHeaderBytes", 16_384),
        positiveInt(fetchers, "fetchers.dnsThreads", 8),
        nonNegativeLong(fetchers, "fetchers.dnsCacheMs", 30_000),
        strings(fetchers, "fetchers.trustPem"),
        List.copyOf(allow),
        limits,
        positiveInt(limitsJson, "limits.maxInFlight", 16_000),
        nonNegativeLong(coordinator, "coordinator.replyMarginMs", 5_000),
        positiveInt(coordinator, "coordinator.maxDispatchAttempts", 3),
        positiveLong(coordinator, "coordinator.retryBaseMs", 250),
        positiveLong(coordinator, "coordinator.retryMaxMs", 10_000),
        positiveLong(jobs, "jobs.ttlMs", 3_600_000),
        positiveLong(jobs, "jobs.maxStoredUrls", 10_000_000),
        nonNegativeLong(jobs, "jobs.maxStoredBytes", 0),
        positiveLong(limitsJson, "limits.maxConnectTimeoutMs", 30_000),
        positiveInt(limitsJson, "limits.maxJobs", 1_000),
        positiveLong(limitsJson, "limits.maxQueuedUrls", 10_000_000),
        nonNegativeInt(limitsJson, "limits.maxJobsPerClient", 0),
        positiveInt(limitsJson, "limits.retryAfterSeconds", 1),
        JobDefaults.from(section(jobs, "defaults"), limits),
        strings(section(config, "auth"), "auth.apiKeys"),
        section(config, "metrics").getBoolean("requireApiKey", false),
        positiveInt(fetchers, "fetchers.http2MaxConnectionsPerHost", 1),
        nonNegativeInt(fetchers, "fetchers.http2MaxStreamsPerConnection", 0),
        new Durability(
            oneOf(jobs, "jobs.store", "disk", List.of("disk", "memory")),
            jobs.getString("dataDir", "data"),
            positiveLong(jobs, "jobs.leaseMs", 10_000),
            intIn(section(config, "cluster"), "cluster.backups", 1, 0, 6),
            nonNegativeLong(section(config, "shutdown"), "shutdown.graceMs", 10_000)),
        new ApiLimits(
            positiveLong(http, "http.headerTimeoutMs", 10_000),
            positiveLong(http, "http.idleTimeoutMs", 60_000),
            positiveLong(http, "http.bodyTimeoutMs", 60_000),
            nonNegativeLong(http, "http.maxBodyBytesInFlight", 0),
            nonNegativeInt(http, "http.maxConnections", 0),
            nonNegativeInt(http, "http.healthConnections", 8),
            positiveLong(http, "http.streamStallMs", 30_000),
            intIn(http, "http.streamBufferBytes", 256 * 1024, 1024, 64 << 20),
            nonNegativeInt(http, "http.maxStreams", 0),
            positiveInt(http, "http.maxStreamsPerClient", 16)),
        nonNegativeInt(limitsJson, "limits.nodePerHost", 0));
  }
}
