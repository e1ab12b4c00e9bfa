package fanfetch.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Request bodies bounded in sum and in time. A body that would take the node's bodies in progress
 * past {@code http.maxBodyBytesInFlight} ({@link BodyBudget}) is answered {@code 503} with
 * {@code Retry-After} before it is read (its {@code Content-Length} counts up front; a chunked body
 * counts as it arrives, each up to {@code http.maxBodyBytes}); a body not complete within
 * {@code http.bodyTimeoutMs} of its head is answered {@code 408}. Either way the connection closes, so
 * the rest of the body is never read. A body's share is given back once it has all arrived, its
 * answer is sent, or its connection closed.
 *
 * <p>A URL list streamed as {@code text/uri-list} or NDJSON is never held whole (it goes into the job
 * store a chunk at a time), so it holds at most {@link #STREAMED_SHARE} of the budget, and its time
 * runs from its last byte rather than its head: a million URLs may take longer than
 * {@code http.bodyTimeoutMs} to send, a stalled list may not.
 */
final class BodyGate {

  private static final Logger LOG = Logger.getLogger(BodyGate.class.getName());

  /**
   * What a streamed URL list is counted as holding at most: the piece being read and a chunk of
   * {@code JobStore.CHUNK} URLs waiting to be written (at ~200 bytes a URL as Java strings).
   */
  static final long STREAMED_SHARE = 256 * 1024;

  private final BodyBudget budget;
  private final long maxBodyBytes;
  private final long bodyTimeoutMs;
  private final int retryAfterSeconds;
  private final Set<MeteredRequest> inProgress = new LinkedHashSet<>();

  BodyGate(Vertx vertx, BodyBudget budget, long maxBodyBytes, long bodyTimeoutMs, int retryAfterSeconds) {
    this.budget = budget;
    this.maxBodyBytes = maxBodyBytes;
    this.bodyTimeoutMs = bodyTimeoutMs;
    this.retryAfterSeconds = retryAfterSeconds;
    vertx.setPeriodic(ConnectionGate.SWEEP_MS, t -> sweep(System.currentTimeMillis()));
  }

  /**
   * The request to route: itself when it has no body, else a {@link MeteredRequest}; null when it was
   * answered here (over budget).
   */
  HttpServerRequest meter(HttpServerRequest request) {
    if (request.isEnded()) {
      return request;
    }
    long declared = contentLength(request);
    boolean chunked = declared < 0 && (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
        || request.version() == HttpVersion.HTTP_2);
    if (declared <= 0 && !chunked) {
      return request;
    }
    boolean streamed = streamedList(request);
    long maxShare = maxShare(streamed, maxBodyBytes);
    long upFront = Math.max(0, Math.min(declared, maxShare));
    if (!budget.reserve(upFront)) {
      refuse(request, upFront);
      return null;
    }
    MeteredRequest metered = new MeteredRequest(request, this, declared, maxShare, streamed, upFront,
        System.currentTimeMillis() + bodyTimeoutMs);
    inProgress.add(metered);
    return metered;
  }

  /** A chunk arrived: false when it takes the body over the budget (then it was answered 503). */
  boolean received(MeteredRequest request, int bytes) {
    request.received += bytes;
    if (request.streamed) {
      request.deadlineMs = System.currentTimeMillis() + bodyTimeoutMs;
    }
    long needed = Math.min(request.received, request.maxShare) - request.reserved;
    if (needed <= 0 || request.settled) {
      return true;
    }
    if (budget.reserve(needed)) {
      request.reserved += needed;
      return true;
    }
    request.refused = true;
    refuse(request.unwrapped(), request.received);
    settle(request);
    return false;
  }

  /** The body has all arrived, or its request is over: its share of the budget is free again. */
  void settle(MeteredRequest request) {
    if (!request.settled) {
      request.settled = true;
      budget.release(request.reserved);
      inProgress.remove(request);
    }
  }

  /** Frees the shares of answered or closed requests, and answers bodies past their time. */
  void sweep(long nowMs) {
    List<MeteredRequest> done = new ArrayList<>();
    List<MeteredRequest> late = new ArrayList<>();
    for (MeteredRequest request : inProgress) {
      HttpServerResponse response = request.unwrapped().response();
      if (response.ended() || response.closed() || request.unwrapped().isEnded()) {
        done.add(request);
      } else if (nowMs >= request.deadlineMs) {
        late.add(request);
      }
    }
    done.forEach(this::settle);
    for (MeteredRequest request : late) {
      request.refused = true;
      settle(request);
      HttpServerResponse response = request.unwrapped().response();
      LOG.fine(() -> "request body not complete within http.bodyTimeoutMs " + bodyTimeoutMs + " ms ("
          + request.received + " of " + (request.declared < 0 ? "?" : request.declared)
          + " bytes came" + (request.streamed ? ", none of late" : "") + "): answered 408, connection closed");
      if (response.headWritten()) {
        response.reset();
      } else {
        ProblemReplies.closing(request.unwrapped(), 408, 0, "Request timeout",
            request.streamed
                ? "nothing more of the URL list arrived for " + bodyTimeoutMs + " ms (http.bodyTimeoutMs)"
                : "the request body did not arrive within " + bodyTimeoutMs + " ms (http.bodyTimeoutMs)");
      }
    }
  }

  private void refuse(HttpServerRequest request, long bytes) {
    HttpServerResponse response = request.response();
    LOG.fine(() -> "request body refused: " + bytes + " bytes would take the bodies in progress past "
        + "http.maxBodyBytesInFlight " + budget.budget() + " (" + budget.inFlight() + " in progress)");
    if (response.headWritten()) {
      response.reset();
      return;
    }
    ProblemReplies.closing(request, 503, retryAfterSeconds, "Too many request bodies in progress",
        "request bodies in progress on this node would exceed " + budget.budget()
            + " bytes (http.maxBodyBytesInFlight); try again later");
  }

  /** The most of the budget one body is counted as holding. */
  static long maxShare(boolean streamedList, long maxBodyBytes) {
    // A JSON body over http.maxBodyBytes is refused (413) unread; a streamed list is never held whole.
    return streamedList ? STREAMED_SHARE : maxBodyBytes;
  }

  /** Whether the body is a URL list the intake reads as it streams ({@link UrlLines}). */
  static boolean streamedList(String contentType) {
    return UrlLines.of(contentType) != null;
  }

  private static boolean streamedList(HttpServerRequest request) {
    return streamedList(request.getHeader(HttpHeaders.CONTENT_TYPE));
  }

  /** The Content-Length, or -1 when there is none or it is not a number. */
  private static long contentLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
