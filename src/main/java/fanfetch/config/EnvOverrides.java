package fanfetch.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The contract's environment variables and the config keys they override. vertx-config's
 * env store hands us the raw {@code FANFETCH_*} strings; this table says where each goes
 * and what type it has, so a typo'd number fails at start-up rather than at first use.
 */
public final class EnvOverrides {

  enum Type { STRING, INT, LONG, BOOL, CSV }

  record Override(String env, String path, Type type) {
  }

  static final List<Override> TABLE = List.of(
      new Override("FANFETCH_HTTP_HOST", "http.host", Type.STRING),
      new Override("FANFETCH_HTTP_PORT", "http.port", Type.INT),
      new Override("FANFETCH_FETCHERS", "fetchers.instances", Type.INT),
      new Override("FANFETCH_EVENT_LOOPS", "vertx.eventLoops", Type.INT),
      new Override("FANFETCH_GUARD_ALLOW", "guard.allow", Type.CSV),
      new Override("FANFETCH_MAX_URLS", "limits.maxUrlsPerJob", Type.INT),
      new Override("FANFETCH_MAX_CONCURRENCY", "limits.maxConcurrency", Type.INT),
      new Override("FANFETCH_MAX_IN_FLIGHT", "limits.maxInFlight", Type.INT),
      new Override("FANFETCH_MAX_JOBS", "limits.maxJobs", Type.INT),
      new Override("FANFETCH_NODE_PER_HOST", "limits.nodePerHost", Type.INT),
      new Override("FANFETCH_MAX_QUEUED_URLS", "limits.maxQueuedUrls", Type.LONG),
      new Override("FANFETCH_JOB_TTL_MS", "jobs.ttlMs", Type.LONG),
      new Override("FANFETCH_JOB_STORE", "jobs.store", Type.STRING),
      new Override("FANFETCH_DATA_DIR", "jobs.dataDir", Type.STRING),
      new Override("FANFETCH_LEASE_MS", "jobs.leaseMs", Type.LONG),
      new Override("FANFETCH_CLUSTER_BACKUPS", "cluster.backups", Type.INT),
      new Override("FANFETCH_SHUTDOWN_GRACE_MS", "shutdown.graceMs", Type.LONG),
      new Override("FANFETCH_API_KEYS", "auth.apiKeys", Type.CSV),
      new Override("FANFETCH_CLUSTER", "cluster.enabled", Type.BOOL),
      new Override("FANFETCH_MAX_CONNECTIONS", "http.maxConnections", Type.INT),
      new Override("FANFETCH_MAX_STREAMS", "http.maxStreams", Type.INT),
      new Override("FANFETCH_STREAM_STALL_MS", "http.streamStallMs", Type.LONG),
      new Override("FANFETCH_BODY_BYTES_IN_FLIGHT", "http.maxBodyBytesInFlight", Type.LONG));

  private EnvOverrides() {
  }

  /** The env variable names the env store should read (and no others). */
  public static JsonArray names() {
    JsonArray names = new JsonArray();
    TABLE.forEach(o -> names.add(o.env()));
    return names;
  }

  /**
   * Applies every {@code FANFETCH_*} value present in {@code env} onto a copy of {@code config}.
   *
   * @throws IllegalArgumentException naming the variable when a value has the wrong type
   */
  public static JsonObject apply(JsonObject config, Map<String, ?> env) {
    JsonObject merged = config.copy();
    for (Override o : TABLE) {
      Object raw = env.get(o.env());
      if (raw == null || raw.toString().isBlank()) {
        continue;
      }
      put(merged, o.path(), convert(o, raw.toString().trim()));
    }
    return merged;
  }

  private static Object convert(Override o, String value) {
    try {
      return switch (o.type()) {
        case STRING -> value;
        case INT -> Integer.parseInt(value);
        case LONG -> Long.parseLong(value);
        case BOOL -> {
          if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(o.env() + " must be true or false, got '" + value + "'");
          }
          yield Boolean.parseBoolean(value);
        }
        case CSV -> {
          JsonArray items = new JsonArray();
          for (String item : value.split(",")) {
            if (!item.isBlank()) {
              items.add(item.trim());
            }
          }
          yield items;
        }
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(o.env() + " must be a whole number, got '" + value + "'");
    }
  }

  private static void put(JsonObject root, String dottedPath, Object value) {
    String[] parts = dottedPath.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }
}
