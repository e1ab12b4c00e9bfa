package fanfetch.fetcher;

import fanfetch.guard.GuardedAddressResolver;
import fanfetch.guard.TargetUrl;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import fanfetch.protocol.FetchTask;
import fanfetch.protocol.ResultBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * One task's fetch, start to finish, on the fetcher's event loop: request, redirects (each hop
 * through the guarded resolver), streamed body, phase timings, and exactly one result, whatever
 * happens (success, failure, timeout, cancel).
 *
 * <p>It uses the core {@link HttpClient} request API rather than the Web Client because the phase
 * timings need the moments the Web Client hides: when a connection was obtained (and whether it
 * was new), when the response head arrived, and a handle on the live request to abort it.
 */
final class FetchRun {

  private final Vertx vertx;
  private final HttpClient client;
  private final GuardedAddressResolver resolver;
  private final Set<HttpConnection> freshConnections;
  private final FetchTask task;
  /** The coordinator's parse of the task's URL, when it was handed over on this node (else null). */
  private final TargetUrl parsed;
  private final String node;
  private final Promise<ResultBatch.Entry> done = Promise.promise();

  private long startNanos;
  private long timerId = -1;
  private boolean finished;
  private FetchPhase phase = FetchPhase.CONNECT;
  private HttpClientRequest current;
  private TargetUrl url;
  private int redirects;
  private long dnsNanos;
  private long connectNanos;
  private long ttfbNanos;
  private long downloadNanos;
  private boolean reused;
  private Integer status;
  private long connectTimerId = -1;
  private int staleRetries;
  /** Whether a redirect has left the URL's origin (scheme, host, port). */
  private boolean crossedOrigin;
  /** A 429/503's Retry-After in ms, for the coordinator's retry backoff. */
  private Long retryAfterMs;
  private String contentType;
  private BodyMeter meter;
  /** The socket could not be opened for want of a file descriptor. */
  private boolean outOfFiles;

  FetchRun(Vertx vertx, HttpClient client, GuardedAddressResolver resolver, Set<HttpConnection> freshConnections,
           FetchTask task, TargetUrl parsed, String node) {
    this.vertx = vertx;
    this.client = client;
    this.resolver = resolver;
    this.freshConnections = freshConnections;
    this.task = task;
    this.parsed = parsed;
    this.node = node;
  }

  FetchTask task() {
    return task;
  }

  Future<ResultBatch.Entry> start() {
    startNanos = System.nanoTime();
    TargetUrl target = parsed;
    try {
      if (target == null) {
        target = TargetUrl.parse(task.url());
      }
    } catch (TargetUrl.InvalidUrlException e) {
      finish(ErrorKind.INVALID_URL, e.getMessage());
      return done.future();
    }
    boolean deadlineFirst = task.deadlineMs() > 0 && task.deadlineMs() < task.timeoutMs();
    long limitMs = deadlineFirst ? task.deadlineMs() : task.timeoutMs();
    timerId = vertx.setTimer(Math.max(1, limitMs), id -> {
      timerId = -1;
      abort(ErrorKind.TIMEOUT, (deadlineFirst ? "the job's deadline passed"
          : "no complete response within " + task.timeoutMs() + " ms") + " (while " + phase.description() + ")");
    });
    hop(target);
    return done.future();
  }

  /** Stops the fetch now with the given error (cancel, timeout, too large); the request is reset. */
  void abort(ErrorKind kind, String message) {
    if (finished) {
      return;
    }
    HttpClientRequest request = current;
    finish(kind, message);
    if (request != null) {
      request.reset();
    }
  }

  private void hop(TargetUrl target) {
    boolean sameOrigin = url == null || (url.ssl() == target.ssl() && url.host().equals(target.host())
        && url.port() == target.port());
    crossedOrigin |= !sameOrigin;
    url = target;
    phase = FetchPhase.CONNECT;
    current = null;
    long hopStart = System.nanoTime();
    // connectTimeoutMs covers the whole acquisition: DNS, TCP, TLS and any wait for a pooled connection.
    connectTimerId = vertx.setTimer(Math.max(1, task.connectTimeoutMs()), id -> {
      connectTimerId = -1;
      abort(ErrorKind.TIMEOUT, "no connection within connectTimeoutMs (" + task.connectTimeoutMs() + " ms)");
    });
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(task.method()))
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.ssl())
        .setURI(target.requestUri())
        // No RequestOptions connect timeout: the connect timer above covers it, and Vert.x's own
        // would keep a timer (and the request state it holds) alive for its full length.
        .setFollowRedirects(false);
    task.headers().forEach((name, value) -> {
      // Credentials meant for the URL's origin are not handed to another origin a redirect points at.
      if (!crossedOrigin || !CREDENTIAL_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        options.putHeader(name, value);
      }
    });
    client.request(options).onComplete(acquired -> {
      cancelConnectTimer();
      if (acquired.succeeded()) {
        // Failures reach this fetch through send() and end(); without a handler Vert.x would
        // also log a reset we make on purpose (timeout, cancel, too large) as unhandled.
        acquired.result().exceptionHandler(failure -> { });
      }
      if (finished) {
        if (acquired.succeeded()) {
          acquired.result().reset();
        }
        return;
      }
      if (acquired.failed()) {
        fail(acquired.cause());
        return;
      }
      HttpClientRequest request = acquired.result();
      current = request;
      long acquiredAt = System.nanoTime();
      long dns = resolver.dnsWaitNanos(target.host(), target.port(), hopStart);
      boolean fresh = freshConnections.remove(request.connection());
      dnsNanos += dns;
      if (fresh) {
        connectNanos += Math.max(0, acquiredAt - hopStart - dns);
      }
      reused = !fresh;
      phase = FetchPhase.WAITING;
      request.send().onComplete(sent -> {
        if (finished) {
          return;
        }
        if (sent.failed()) {
          if (!fresh && staleRetries < MAX_STALE_RETRIES
              && ErrorClassifier.classify(sent.cause(), phase).kind() == ErrorKind.RESET) {
            // A kept-alive connection the server had already closed: the request never reached
            // it, so (GET and HEAD being idempotent) it goes again on another connection.
            staleRetries++;
            hop(target);
            return;
          }
          fail(sent.cause());
        } else {
          onResponse(sent.result(), acquiredAt);
        }
      });
    });
  }

  private void onResponse(HttpClientResponse response, long acquiredAt) {
    long headAt = System.nanoTime();
    // Failures arrive through end(); a handler keeps Vert.x from also logging them as unhandled
    // (a reset on purpose, after a refused redirect or maxBytes, among them).
    response.exceptionHandler(failure -> { });
    ttfbNanos += headAt - acquiredAt;
    int code = response.statusCode();
    String location = response.getHeader("Location");
    if (task.followRedirects() && isRedirect(code) && location != null) {
      followRedirect(response, location, headAt);
      return;
    }
    status = code;
    contentType = response.getHeader("Content-Type");
    if (code == 429 || code == 503) {
      retryAfterMs = RetryAfter.millis(response.getHeader("Retry-After"), java.time.Instant.now());
    }
    phase = FetchPhase.DOWNLOAD;
    meter = new BodyMeter(task.maxBytes(), task.digest() && !"HEAD".equals(task.method()));
    response.handler(chunk -> {
      if (!finished && !meter.accept(nio(chunk))) {
        abort(ErrorKind.TOO_LARGE, "body larger than maxBytes (" + task.maxBytes() + " bytes)");
      }
    });
    readToEnd(response, headAt, () -> finish(null, null));
  }

  /** Waits for the body's end (its time is download time), then goes on, unless the fetch ended first. */
  private void readToEnd(HttpClientResponse response, long headAt, Runnable then) {
    response.end().onComplete(ended -> {
      if (finished) {
        return;
      }
      downloadNanos += System.nanoTime() - headAt;
      if (ended.failed()) {
        fail(ended.cause());
      } else {
        then.run();
      }
    });
  }

  private void followRedirect(HttpClientResponse response, String location, long headAt) {
    TargetUrl next;
    try {
      next = url.resolve(location);
    } catch (TargetUrl.InvalidUrlException e) {
      status = response.statusCode();
      finish(e.unsupportedScheme() ? ErrorKind.BLOCKED : ErrorKind.PROTOCOL,
          "redirect to '" + TargetUrl.redact(location) + "' refused: " + e.getMessage());
      return;
    }
    if (redirects + 1 > task.maxRedirects()) {
      status = response.statusCode();
      finish(ErrorKind.TOO_MANY_REDIRECTS, "more than " + task.maxRedirects() + " redirects (next: "
          + next + ")");
      return;
    }
    redirects++;
    // Read the redirect's body to its end first, so its connection can serve the next hop.
    phase = FetchPhase.DOWNLOAD;
    readToEnd(response, headAt, () -> hop(next));
  }

  /** Times a fetch is sent again after a reused connection turned out to be closed. */
  private static final int MAX_STALE_RETRIES = 2;
  private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

  private void cancelConnectTimer() {
    if (connectTimerId >= 0) {
      vertx.cancelTimer(connectTimerId);
      connectTimerId = -1;
    }
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }

  /** The chunk's bytes without a copy (hashing a 1 GiB body must not allocate 1 GiB). */
  private static ByteBuffer nio(Buffer chunk) {
    return ((BufferInternal) chunk).getByteBuf().nioBuffer();
  }

  private void fail(Throwable failure) {
    outOfFiles = phase == FetchPhase.CONNECT && ErrorClassifier.outOfFiles(failure);
    ErrorClassifier.Classified c = ErrorClassifier.classify(failure, phase);
    finish(c.kind(), c.message());
  }

  private void finish(ErrorKind error, String message) {
    if (finished) {
      return;
    }
    finished = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    cancelConnectTimer();
    if (error != null && current != null) {
      // The request may still be open (a redirect that was refused, a body still arriving):
      // close it so no connection outlives the fetch.
      current.reset();
    }
    double totalMs = Results.millis(System.nanoTime() - startNanos);
    boolean ssl = url != null && url.ssl();
    JsonObject result = new JsonObject()
        .put(Results.FINAL_URL, url == null ? null : url.toString())
        .put(Results.OK, error == null && status != null && status >= 200 && status < 300)
        .put(Results.STATUS, status)
        .put(Results.BYTES, meter == null ? 0L : meter.bytes())
        .put(Results.CONTENT_TYPE, contentType)
        .put(Results.SHA256, error == null && meter != null ? meter.sha256Hex() : null)
        .put(Results.REDIRECTS, redirects)
        .put(Results.NODE, node)
        // TLS cannot be timed apart from TCP connect in Vert.x 5: it is part of connectMs (null here).
        .put(Results.TIMINGS, Results.timings(Results.millis(dnsNanos), Results.millis(connectNanos),
            ssl ? null : 0.0, Results.millis(ttfbNanos), Results.millis(downloadNanos), totalMs, reused))
        .put(Results.ERROR, error == null ? null : Results.error(error, message, phase.wireName()));
    done.complete(new ResultBatch.Entry(task.sendId(), result, retryAfterMs, outOfFiles));
  }
}
