package fanfetch.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validated fetch job: what to fetch and how. Built only by {@link JobSpecParser}.
 *
 * @param deadlineMs the whole job's deadline from its start, 0 for none
 */
public record JobSpec(
    List<String> urls,
    Mode mode,
    int concurrency,
    int perHost,
    String method,
    Map<String, String> headers,
    long timeoutMs,
    long connectTimeoutMs,
    boolean followRedirects,
    int maxRedirects,
    long maxBytes,
    Digest digest,
    int retries,
    long deadlineMs,
    List<String> httpVersions,
    Politeness politeness) {

  /**
   * How gently a job treats each host, besides {@code perHost}.
   *
   * @param perHostRate   requests a second to one host (0: no limit), a token bucket with a small burst
   * @param maxHostErrors after this many connect or timeout failures on a host, its remaining URLs are
   *                      not tried (0: no limit)
   */
  public record Politeness(double perHostRate, int maxHostErrors) {
    public static final Politeness NONE = new Politeness(0, 0);
  }

  /** HTTP versions a job allows when it names none: HTTP/2 by ALPN for https, else HTTP/1.1. */
  public static final List<String> DEFAULT_HTTP_VERSIONS = List.of("h2", "http/1.1");

  public JobSpec {
    httpVersions = httpVersions == null ? DEFAULT_HTTP_VERSIONS : List.copyOf(httpVersions);
    politeness = politeness == null ? Politeness.NONE : politeness;
  }

  /** A spec without politeness limits beyond {@code perHost}. */
  public JobSpec(List<String> urls, Mode mode, int concurrency, int perHost, String method,
                 Map<String, String> headers, long timeoutMs, long connectTimeoutMs, boolean followRedirects,
                 int maxRedirects, long maxBytes, Digest digest, int retries, long deadlineMs,
                 List<String> httpVersions) {
    this(urls, mode, concurrency, perHost, method, headers, timeoutMs, connectTimeoutMs, followRedirects,
        maxRedirects, maxBytes, digest, retries, deadlineMs, httpVersions, Politeness.NONE);
  }

  /** A spec with the default {@code httpVersions} (the fields a spec had before it). */
  public JobSpec(List<String> urls, Mode mode, int concurrency, int perHost, String method,
                 Map<String, String> headers, long timeoutMs, long connectTimeoutMs, boolean followRedirects,
                 int maxRedirects, long maxBytes, Digest digest, int retries, long deadlineMs) {
    this(urls, mode, concurrency, perHost, method, headers, timeoutMs, connectTimeoutMs, followRedirects,
        maxRedirects, maxBytes, digest, retries, deadlineMs, DEFAULT_HTTP_VERSIONS);
  }

  public enum Mode {
    PARALLEL, SEQUENTIAL, COMPARE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Digest {
    SHA256, NONE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The same job without its URL list (they are kept elsewhere: the job store). */
  public JobSpec withoutUrls() {
    return new JobSpec(List.of(), mode, concurrency, perHost, method, headers, timeoutMs, connectTimeoutMs,
        followRedirects, maxRedirects, maxBytes, digest, retries, deadlineMs, httpVersions, politeness);
  }

  /** The spec as JSON, every field spelled out (defaults applied). */
  public JsonObject toJson() {
    JsonObject h = new JsonObject();
    headers.forEach(h::put);
    JsonObject json = new JsonObject()
        .put("urls", new JsonArray(List.copyOf(urls)))
        .put("mode", mode.wireName())
        .put("concurrency", concurrency)
        .put("perHost", perHost)
        .put("method", method)
        .put("headers", h)
        .put("timeoutMs", timeoutMs)
        .put("connectTimeoutMs", connectTimeoutMs)
        .put("followRedirects", followRedirects)
        .put("maxRedirects", maxRedirects)
        .put("maxBytes", maxBytes)
        .put("digest", digest.wireName())
        .put("retries", retries)
        .put("httpVersions", new JsonArray(List.copyOf(httpVersions)));
    if (deadlineMs > 0) {
      json.put("deadlineMs", deadlineMs);
    }
    if (politeness.perHostRate() > 0) {
      json.put("perHostRate", politeness.perHostRate());
    }
    if (politeness.maxHostErrors() > 0) {
      json.put("maxHostErrors", politeness.maxHostErrors());
    }
    return json;
  }
}
