package fanfetch.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a submitted JSON job into a {@link JobSpec}, or fails with every problem found, each naming
 * its field. Individual URLs are only checked to be strings here: a malformed URL does not reject
 * the job, it becomes that URL's {@code invalid_url} result.
 */
public final class JobSpecParser {

  private static final Set<String> KNOWN_FIELDS = Set.of("urls", "mode", "concurrency", "perHost", "method",
      "headers", "timeoutMs", "connectTimeoutMs", "followRedirects", "maxRedirects", "maxBytes", "digest", "retries", "deadlineMs",
      "httpVersions", "perHostRate", "maxHostErrors");
  /** The highest {@code perHostRate}: a million requests a second to one host is no limit at all. */
  static final double MAX_RATE = 1_000_000;
  private static final Set<String> METHODS = Set.of("GET", "HEAD");
  /** ALPN names fanfetch speaks: HTTP/2 over TLS, HTTP/1.1, and HTTP/2 over cleartext with prior knowledge. */
  static final List<String> HTTP_VERSIONS = List.of("h2", "http/1.1", "h2c");
  /** A job deadline may be up to a week away. */
  static final long MAX_DEADLINE_MS = 7L * 24 * 3600 * 1000;

  private final JobDefaults defaults;
  private final JobLimits limits;

  public JobSpecParser(JobDefaults defaults, JobLimits limits) {
    this.defaults = defaults;
    this.limits = limits;
  }

  /** A submission as it arrives on the event bus: anything but a JSON object is refused, naming {@code body}. */
  public JobSpec parseBody(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw new InvalidJobException(400, List.of(new FieldError("body", "must be a JSON object")));
    }
    return parse(json);
  }

  public JobSpec parse(JsonObject json) {
    return parse(json, -1);
  }

  /**
   * A job whose URLs were given apart from the spec (a URL list streamed into the job store, or a
   * job taken over from the store): every field but {@code urls} is checked; the spec has no URLs.
   *
   * @param urlCount how many URLs the job has
   */
  public JobSpec parseWithoutUrls(JsonObject json, int urlCount) {
    if (urlCount < 1) {
      throw new InvalidJobException(400, List.of(new FieldError("urls", "must not be empty")));
    }
    return parse(json, urlCount);
  }

  /** @param urlsElsewhere -1 when the URLs are in {@code json}, else how many were given apart from it */
  private JobSpec parse(JsonObject json, int urlsElsewhere) {
    List<FieldError> errors = new ArrayList<>();
    for (String field : json.fieldNames()) {
      if (!KNOWN_FIELDS.contains(field) || (urlsElsewhere >= 0 && "urls".equals(field))) {
        errors.add(new FieldError(field, "unknown field"));
      }
    }

    List<String> urls = urlsElsewhere >= 0 ? List.of() : urls(json, errors);
    int count = urlsElsewhere >= 0 ? urlsElsewhere : urls == null ? 0 : urls.size();
    if (count > limits.maxUrlsPerJob()) {
      throw new InvalidJobException(413, List.of(new FieldError("urls",
          "has " + count + " URLs; this server accepts at most " + limits.maxUrlsPerJob() + " per job")));
    }

    JobSpec.Mode mode = enumValue(json, "mode", JobSpec.Mode.class, defaults.mode(), errors);
    int concurrency = (int) integer(json, "concurrency", defaults.concurrency(), 1, limits.maxConcurrency(), errors);
    int perHost = (int) integer(json, "perHost", defaults.perHost(), 1, limits.maxPerHost(), errors);
    String method = method(json, errors);
    Map<String, String> headers = HeaderRules.headers(json, errors);
    long timeoutMs = integer(json, "timeoutMs", defaults.timeoutMs(), 1, limits.maxTimeoutMs(), errors);
    long connectTimeoutMs = integer(json, "connectTimeoutMs", defaults.connectTimeoutMs(), 1,
        limits.maxTimeoutMs(), errors);
    boolean followRedirects = bool(json, "followRedirects", defaults.followRedirects(), errors);
    int maxRedirects = (int) integer(json, "maxRedirects", defaults.maxRedirects(), 0, limits.maxRedirects(), errors);
    long maxBytes = integer(json, "maxBytes", defaults.maxBytes(), 0, limits.maxBytes(), errors);
    JobSpec.Digest digest = enumValue(json, "digest", JobSpec.Digest.class, defaults.digest(), errors);
    int retries = (int) integer(json, "retries", defaults.retries(), 0, limits.maxRetries(), errors);
    long deadlineMs = integer(json, "deadlineMs", 0, 1, MAX_DEADLINE_MS, errors);
    List<String> httpVersions = httpVersions(json, defaults.httpVersions(), errors);
    double perHostRate = rate(json, errors);
    int maxHostErrors = (int) integer(json, "maxHostErrors", 0, 1, Integer.MAX_VALUE, errors);

    if (!errors.isEmpty()) {
      throw new InvalidJobException(400, errors);
    }
    return new JobSpec(urls, mode, concurrency, perHost, method, headers, timeoutMs, connectTimeoutMs,
        followRedirects, maxRedirects, maxBytes, digest, retries, deadlineMs, httpVersions,
        new JobSpec.Politeness(perHostRate, maxHostErrors));
  }

  /** {@code perHostRate}: requests a second to one host, above 0 (fractions allowed: 0.5 is one every 2 s). */
  private static double rate(JsonObject json, List<FieldError> errors) {
    Object value = json.getValue("perHostRate");
    if (value == null) {
      return 0;
    }
    if (!(value instanceof Number n) || !(n.doubleValue() > 0) || n.doubleValue() > MAX_RATE) {
      errors.add(new FieldError("perHostRate", "must be a number of requests a second above 0 and at most "
          + (long) MAX_RATE + ", got " + describe(value)));
      return 0;
    }
    return n.doubleValue();
  }

  private static List<String> httpVersions(JsonObject json, List<String> fallback, List<FieldError> errors) {
    Object value = json.getValue("httpVersions");
    if (value == null) {
      return fallback;
    }
    String rule = "must be a non-empty list of distinct names among " + String.join(", ", HTTP_VERSIONS);
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      errors.add(new FieldError("httpVersions", rule));
      return fallback;
    }
    List<String> versions = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      String name = item instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
      if (name == null || !HTTP_VERSIONS.contains(name) || versions.contains(name)) {
        errors.add(new FieldError("httpVersions[" + i + "]", rule + ", got " + describe(item)));
        return fallback;
      }
      versions.add(name);
    }
    return List.copyOf(versions);
  }

  private static List<String> urls(JsonObject json, List<FieldError> errors) {
    Object value = json.getValue("urls");
    if (value == null) {
      errors.add(new FieldError("urls", "is required: a non-empty list of http(s) URLs"));
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      errors.add(new FieldError("urls", "must be a list of strings"));
      return null;
    }
    if (array.isEmpty()) {
      errors.add(new FieldError("urls", "must not be empty"));
      return null;
    }
    List<String> urls = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (item instanceof String s) {
        urls.add(s);
      } else {
        errors.add(new FieldError("urls[" + i + "]", "must be a string"));
        if (errors.size() > 20) {
          break;
        }
      }
    }
    return urls;
  }

  private static long integer(JsonObject json, String field, long fallback, long min, long max,
                              List<FieldError> errors) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || Double.isInfinite(n.doubleValue())) {
      errors.add(new FieldError(field, "must be a whole number"));
      return fallback;
    }
    if (Math.abs(n.doubleValue()) >= 0x1p63) {
      // Beyond a long: longValue() would wrap a BigInteger around to a small number.
      errors.add(new FieldError(field, "must be between " + min + " and " + max + ", got " + value));
      return fallback;
    }
    long v = n.longValue();
    if (v < min || v > max) {
      errors.add(new FieldError(field, "must be between " + min + " and " + max + ", got " + v));
      return fallback;
    }
    return v;
  }

  private static boolean bool(JsonObject json, String field, boolean fallback, List<FieldError> errors) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      errors.add(new FieldError(field, "must be true or false"));
      return fallback;
    }
    return b;
  }

  private static <E extends Enum<E>> E enumValue(JsonObject json, String field, Class<E> type, E fallback,
                                                 List<FieldError> errors) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      String name = constant.name().toLowerCase(Locale.ROOT);
      allowed.add(name);
      if (value instanceof String s && name.equalsIgnoreCase(s.trim())) {
        return constant;
      }
    }
    errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed) + ", got " + describe(value)));
    return fallback;
  }

  private String method(JsonObject json, List<FieldError> errors) {
    Object value = json.getValue("method");
    if (value == null) {
      return defaults.method();
    }
    if (value instanceof String s && METHODS.contains(s.toUpperCase(Locale.ROOT))) {
      return s.toUpperCase(Locale.ROOT);
    }
    errors.add(new FieldError("method", "must be GET or HEAD, got " + describe(value)));
    return defaults.method();
  }

  private static String describe(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
