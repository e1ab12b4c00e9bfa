package fanfetch.fetcher;

import fanfetch.guard.TargetUrl;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import fanfetch.protocol.ResultBatch;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;

/**
 * What one fetch has learned for its result, gathered as it goes: the hop it is on (and whether a
 * redirect has left the URL's origin), the redirects followed, the answer's head, the body's meter;
 * and, once the fetch is over, the result entry they make (the fetch part of the Result document;
 * the coordinator adds the rest). Plain class: {@link FetchRun} feeds it from its callbacks on the
 * fetcher's event loop, a test from plain values.
 */
final class FetchResult {

  private final String node;
  private TargetUrl url;
  private int redirects;
  /** Whether a redirect has left the URL's origin (scheme, host, port). */
  private boolean crossedOrigin;
  private HttpVersion responseVersion;
  private Integer status;
  private String contentType;
  /** A 429/503's Retry-After in ms, for the coordinator's retry backoff. */
  private Long retryAfterMs;
  private BodyMeter meter;
  /** The socket could not be opened for want of a file descriptor. */
  private boolean outOfFiles;

  FetchResult(String node) {
    this.node = node;
  }

  /** Whether an answer's Retry-After counts: the coordinator backs off on a 429 or a 503 only. */
  static boolean backsOff(int status) {
    return status == 429 || status == 503;
  }

  /** What a result says of a fault inside fanfetch: its type, never its message (that may hold a credential). */
  static String faultMessage(String doing, RuntimeException fault) {
    return "fanfetch could not " + doing + " this fetch: " + fault.getClass().getSimpleName();
  }

  /** The entry of a task that fanfetch could not start, or could not report: a {@code protocol} failure. */
  static ResultBatch.Entry fault(long sendId, String doing, RuntimeException fault, String node) {
    return new ResultBatch.Entry(sendId, Results.failure(ErrorKind.PROTOCOL, faultMessage(doing, fault), null, node),
        null, false);
  }

  /** The fetch goes to {@code target} now: the task's URL, or where a redirect points. */
  void hop(TargetUrl target) {
    boolean sameOrigin = url == null || (url.ssl() == target.ssl() && url.host().equals(target.host())
        && url.port() == target.port());
    crossedOrigin |= !sameOrigin;
    url = target;
    responseVersion = null;
  }

  /** The current hop's request headers: credentials meant for the URL's origin are not handed to another. */
  Map<String, String> headersForHop(Map<String, String> taskHeaders) {
    return RequestHeaders.forHop(taskHeaders, crossedOrigin);
  }

  /** A response head arrived on the current hop (a redirect's, or the answer's). */
  void headArrived(HttpVersion version) {
    responseVersion = version;
  }

  /**
   * A redirect response of the current hop: where it leads, counted as followed, or why it is not
   * followed (then its status is the result's).
   */
  Redirect redirect(int redirectStatus, String location, int maxRedirects) {
    Redirect redirect = Redirect.of(url, location, redirects, maxRedirects);
    if (redirect.next() == null) {
      status = redirectStatus;
    } else {
      redirects++;
    }
    return redirect;
  }

  /**
   * The answer that ends the fetch (any response but a redirect followed).
   *
   * @param retryAfter its Retry-After header, read for the statuses that {@link #backsOff} (else ignored)
   * @param body       the meter its body streams through: the bytes and digest of the result
   */
  void answered(int answerStatus, String answerContentType, String retryAfter, BodyMeter body) {
    status = answerStatus;
    contentType = answerContentType;
    if (backsOff(answerStatus)) {
      retryAfterMs = RetryAfter.millis(retryAfter, Instant.now());
    }
    meter = body;
  }

  /** The fetch failed for want of a file descriptor, or for another reason ({@code false}). */
  void outOfFiles(boolean noFileDescriptor) {
    outOfFiles = noFileDescriptor;
  }

  /**
   * The fetch's result entry.
   *
   * @param timings    the timings object, measured to the fetch's end
   * @param error      the error object, null when the fetch succeeded
   * @param connection what the result tells of the connection (address, id, TLS, re-sends)
   */
  ResultBatch.Entry entry(long sendId, JsonObject timings, JsonObject error, HopConnector connection) {
    return new ResultBatch.Entry(sendId, toJson(timings, error, connection), retryAfterMs, outOfFiles);
  }

  private JsonObject toJson(JsonObject timings, JsonObject error, HopConnector connection) {
    HttpVersion version = responseVersion != null ? responseVersion : connection.protocolVersion();
    JsonObject result = new JsonObject()
        .put(Results.FINAL_URL, url == null ? null : url.toString())
        .put(Results.OK, error == null && status != null && status >= 200 && status < 300)
        .put(Results.STATUS, status)
        .put(Results.BYTES, meter == null ? 0L : meter.bytes())
        .put(Results.CONTENT_TYPE, contentType)
        .put(Results.SHA256, error == null && meter != null ? meter.sha256Hex() : null)
        .put(Results.REDIRECTS, redirects)
        .put(Results.NODE, node)
        .put(Results.TIMINGS, timings)
        .put(Results.ERROR, error)
        .put(Results.HTTP_VERSION, HttpVersions.wireName(version))
        .put(Results.REMOTE_ADDRESS, connection.remoteAddress())
        .put(Results.CONNECTION_ID, connection.connectionId())
        .put(Results.TLS, url != null && url.ssl() ? connection.tls() : null);
    if (!connection.history().isEmpty()) {
      result.put(Results.HISTORY, connection.history().copy());
    }
    return result;
  }
}
