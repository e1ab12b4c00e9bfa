package fanfetch.config;

import fanfetch.guard.AllowRule;
import fanfetch.model.JobDefaults;
import fanfetch.model.JobLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

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
   * What one client may cost the HTTP API, so that none can take a node down or slow another's job
   * (all under {@code http.*}). A 0 where "auto" is said is worked out at start-up from the heap or
   * the open-file limit ({@link #connectionCap}, {@link #bodyBudget}, {@link #streamCap}).
   *
   * @param headerTimeoutMs      a new connection's first request head must be complete within this
   * @param idleTimeoutMs        a connection with no request in progress (kept alive, or trickling a
   *                             later head) is closed after this
   * @param bodyTimeoutMs        a request body must be complete within this from its head
   * @param maxBodyBytesInFlight bytes of request bodies in progress on the node, all together (0: auto,
   *                             an eighth of the heap, at least {@code http.maxBodyBytes})
   * @param maxConnections       open API connections (0: auto, a twentieth of the open-file limit,
   *                             at least 64)
   * @param healthConnections    connections let in beyond {@code maxConnections} that may only ask
   *                             {@code /health/*} and {@code /metrics}
   * @param streamStallMs        a stream whose client has taken nothing for this long (its buffer
   *                             full) is closed
   * @param streamBufferBytes    bytes a stream may have written and not yet sent to its client
   * @param maxStreams           streams (progress events, reports streamed in chunks) open on the node
   *                             at once (0: auto, a heap's worth at 2 MiB each, at least 16)
   * @param maxStreamsPerClient  streams open at once per API key (when keys are set)
   */
  public record ApiLimits(long headerTimeoutMs, long idleTimeoutMs, long bodyTimeoutMs, long maxBodyBytesInFlight,
                          int maxConnections, int healthConnections, long streamStallMs, int streamBufferBytes,
                          int maxStreams, int maxStreamsPerClient) {

    /** The connection cap in force: the configured one, or a twentieth of the open-file limit (at least 64). */
    public int connectionCap(long openFileLimit) {
      if (maxConnections > 0) {
        return maxConnections;
      }
      return openFileLimit <= 0 ? 1_000 : (int) Math.max(64, openFileLimit / 20);
    }

    /** The body budget in force: the configured one, or an eighth of the heap, never below one largest body. */
    public long bodyBudget(long maxHeapBytes, long maxBodyBytes) {
      long budget = maxBodyBytesInFlight > 0 ? maxBodyBytesInFlight : maxHeapBytes / 8;
      return Math.max(budget, maxBodyBytes);
    }

    /** The stream cap in force: the configured one, or one per 2 MiB of heap (at least 16). */
    public int streamCap(long maxHeapBytes) {
      return maxStreams > 0 ? maxStreams : (int) Math.max(16, maxHeapBytes / (2L << 20));
    }

    /**
     * Each stream's byte budget in force: {@code streamBufferBytes}, cut so that every stream the cap
     * lets open, all with full budgets, hold at most an eighth of the heap (never below 8 KiB). The
     * queued bytes are on the heap: 300 streams at 256 KiB would fill a 128 MiB one.
     */
    public int streamBuffer(long maxHeapBytes) {
      long share = maxHeapBytes / 8 / streamCap(maxHeapBytes);
      return (int) Math.max(8 * 1024, Math.min(streamBufferBytes, share));
    }
  }

  /**
   * Where jobs live and how they outlive a node.
   *
   * @param store     {@code jobs.store}: {@code disk} (a single node's jobs under {@code dataDir},
   *                  found again after a restart) or {@code memory}; a clustered node always uses
   *                  the cluster's maps
   * @param dataDir   {@code jobs.dataDir}
   * @param leaseMs   {@code jobs.leaseMs}: how long a coordinator's hold on a job lasts unrenewed
   *                  (it renews every third of it); another node takes the job over after that, or
   *                  at once when the holder leaves the cluster
   * @param backups   {@code cluster.backups}: copies of each job's data on other members
   * @param graceMs   {@code shutdown.graceMs}: how long a node being stopped lets fetches in flight finish
   */
  public record Durability(String store, String dataDir, long leaseMs, int backups, long graceMs) {

    public boolean onDisk() {
      return "disk".equals(store);
    }
  }

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

  private static String oneOf(JsonObject section, String path, String fallback, List<String> allowed) {
    Object value = section.getValue(leaf(path));
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s) || !allowed.contains(s)) {
      throw new IllegalArgumentException(path + " must be one of " + String.join(", ", allowed) + ", got " + value);
    }
    return s;
  }

  private static JsonObject section(JsonObject parent, String name) {
    Object value = parent.getValue(name);
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject object)) {
      throw new IllegalArgumentException(name + " must be an object");
    }
    return object;
  }

  private static List<String> strings(JsonObject section, String path) {
    Object value = section.getValue(leaf(path));
    if (value == null) {
      return List.of();
    }
    if (value instanceof String s) {
      // like the FANFETCH_* lists: items trimmed, empty ones dropped (an empty API key would match "Bearer ")
      List<String> items = new ArrayList<>();
      for (String item : s.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return List.copyOf(items);
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException(path + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw new IllegalArgumentException(path + " must be a list of strings");
      }
      if (s.isBlank()) {
        throw new IllegalArgumentException(path + " must not contain empty entries");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  static long number(JsonObject section, String path, long fallback, long min, long max) {
    Object value = section.getValue(leaf(path));
    if (value == null) {
      return fallback;
    }
    long n;
    if (value instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else if (value instanceof String s) {
      try {
        n = Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(path + " must be a whole number, got '" + s + "'");
      }
    } else {
      throw new IllegalArgumentException(path + " must be a whole number, got " + value);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(path + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  private static String leaf(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static int intIn(JsonObject s, String path, int fallback, int min, int max) {
    return (int) number(s, path, fallback, min, max);
  }

  private static int positiveInt(JsonObject s, String path, int fallback) {
    return intIn(s, path, fallback, 1, Integer.MAX_VALUE);
  }

  private static int nonNegativeInt(JsonObject s, String path, int fallback) {
    return intIn(s, path, fallback, 0, Integer.MAX_VALUE);
  }

  private static long positiveLong(JsonObject s, String path, long fallback) {
    return number(s, path, fallback, 1, Long.MAX_VALUE);
  }

  private static long nonNegativeLong(JsonObject s, String path, long fallback) {
    return number(s, path, fallback, 0, Long.MAX_VALUE);
  }
}
