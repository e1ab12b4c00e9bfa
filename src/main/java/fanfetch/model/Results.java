package fanfetch.model;

import io.vertx.core.json.JsonObject;

/**
 * The Result document (one per URL) and its field names. Fetchers fill the fetch part; the
 * coordinator adds {@code index}, {@code url}, {@code attempts} and {@code timings.startMs}.
 */
public final class Results {

  public static final String INDEX = "index";
  public static final String URL = "url";
  public static final String FINAL_URL = "finalUrl";
  public static final String OK = "ok";
  public static final String STATUS = "status";
  public static final String BYTES = "bytes";
  public static final String CONTENT_TYPE = "contentType";
  public static final String SHA256 = "sha256";
  public static final String REDIRECTS = "redirects";
  public static final String ATTEMPTS = "attempts";
  /** In compare mode: which run a result belongs to, {@code sequential} or {@code parallel}. */
  public static final String RUN = "run";
  public static final String NODE = "node";
  /** Present when a URL was retried: its earlier attempts, {attempt, status or error, durationMs}. */
  public static final String HISTORY = "history";
  /** How long the URL waited before it was sent (ms), and the limit that held it back, if any. */
  public static final String QUEUE_MS = "queueMs";
  public static final String QUEUED_BY = "queuedBy";
  public static final String TIMINGS = "timings";
  public static final String ERROR = "error";
  /** The HTTP version of the (last) response: {@code HTTP/1.1}, {@code HTTP/2}, {@code HTTP/1.0}. */
  public static final String HTTP_VERSION = "httpVersion";
  /** The IP and port the (last) request was sent to: {@code 127.0.0.1:8080}, {@code [::1]:443}. */
  public static final String REMOTE_ADDRESS = "remoteAddress";
  /** The fetcher's id of the connection the (last) request used, {@code <fetcher>-<n>}. */
  public static final String CONNECTION_ID = "connectionId";
  /** For https: {version, cipher, certSubject, certIssuer, certNotAfter} of the (last) connection. */
  public static final String TLS = "tls";

  public static final String TLS_VERSION = "version";
  public static final String TLS_CIPHER = "cipher";
  public static final String TLS_CERT_SUBJECT = "certSubject";
  public static final String TLS_CERT_ISSUER = "certIssuer";
  public static final String TLS_CERT_NOT_AFTER = "certNotAfter";

  /** History entries: the attempt, its status or error kind, how long it took. */
  public static final String HISTORY_ATTEMPT = "attempt";
  public static final String HISTORY_STATUS = "status";
  public static final String HISTORY_ERROR = "error";
  public static final String HISTORY_DURATION_MS = "durationMs";
  /** On a fetcher's re-send within one attempt: true (the request went again on a new connection). */
  public static final String HISTORY_RESENT = "resent";
  public static final String HISTORY_MESSAGE = "message";

  public static final String START_MS = "startMs";
  public static final String DNS_MS = "dnsMs";
  public static final String CONNECT_MS = "connectMs";
  public static final String TLS_MS = "tlsMs";
  public static final String TTFB_MS = "ttfbMs";
  public static final String DOWNLOAD_MS = "downloadMs";
  public static final String TOTAL_MS = "totalMs";
  public static final String REUSED = "reusedConnection";

  public static final String ERROR_KIND = "kind";
  public static final String ERROR_MESSAGE = "message";
  public static final String ERROR_PHASE = "phase";

  private Results() {
  }

  /** A result for a URL that failed before or without any network work (all phase times zero). */
  public static JsonObject failure(ErrorKind kind, String message, String finalUrl, String node) {
    return new JsonObject()
        .put(FINAL_URL, finalUrl)
        .put(OK, false)
        .put(STATUS, null)
        .put(BYTES, 0L)
        .put(CONTENT_TYPE, null)
        .put(SHA256, null)
        .put(REDIRECTS, 0)
        .put(NODE, node)
        .put(TIMINGS, timings(0, 0, null, 0, 0, 0, false))
        .put(ERROR, error(kind, message, null))
        .put(HTTP_VERSION, null)
        .put(REMOTE_ADDRESS, null)
        .put(CONNECTION_ID, null)
        .put(TLS, null);
  }

  public static JsonObject timings(double dnsMs, double connectMs, Double tlsMs, double ttfbMs, double downloadMs,
                                   double totalMs, boolean reused) {
    return new JsonObject()
        .put(START_MS, 0.0)
        .put(DNS_MS, round(dnsMs))
        .put(CONNECT_MS, round(connectMs))
        .put(TLS_MS, tlsMs == null ? null : round(tlsMs))
        .put(TTFB_MS, round(ttfbMs))
        .put(DOWNLOAD_MS, round(downloadMs))
        .put(TOTAL_MS, round(totalMs))
        .put(REUSED, reused);
  }

  public static JsonObject error(ErrorKind kind, String message, String phase) {
    JsonObject error = new JsonObject().put(ERROR_KIND, kind.wireName()).put(ERROR_MESSAGE, message);
    if (phase != null) {
      error.put(ERROR_PHASE, phase);
    }
    return error;
  }

  /** Milliseconds with microsecond precision, enough for a waterfall and short in JSON. */
  public static double round(double ms) {
    return Math.round(ms * 1000.0) / 1000.0;
  }

  public static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  public static double totalMs(JsonObject result) {
    JsonObject timings = result.getJsonObject(TIMINGS);
    if (timings == null) {
      return 0;
    }
    Number total = timings.getNumber(TOTAL_MS);
    return total == null ? 0 : total.doubleValue();
  }
}
