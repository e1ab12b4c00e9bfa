package fanfetch.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps the API's connections bounded in number and in time. A connection beyond
 * {@code http.maxConnections} (and its small reserve for {@code /health/*}, {@link ConnectionCount})
 * is closed as it is accepted. A connection must complete its first request head within
 * {@code http.headerTimeoutMs}, and one with no request in progress (kept alive, or trickling a later
 * head a byte at a time) is closed after {@code http.idleTimeoutMs}.
 *
 * <p>Why not {@code HttpServerOptions.setIdleTimeout}: Netty's idle timer counts bytes, so it never
 * closes a head sent a byte every few seconds, and it would close a waiting {@code POST /jobs} or a
 * progress stream of a quiet job, which send nothing for minutes by design. This gate counts
 * requests instead: a connection is idle when it has none in progress. One sweep every
 * {@link #SWEEP_MS} checks every connection's deadline (no timer per request).
 */
final class ConnectionGate implements Handler<HttpConnection> {

  private static final Logger LOG = Logger.getLogger(ConnectionGate.class.getName());
  static final long SWEEP_MS = 250;
  /** How long a connection whose answer went out before its body was read is kept before closing. */
  static final long LINGER_MS = 2_000;
  /** The head timeout of a connection in the reserve beyond the cap. */
  private static final long RESERVE_HEAD_MS = 1_000;
  /** How long a closing connection may take to flush what it has queued before it is closed anyway. */
  private static final long FORCE_AFTER_MS = 100;

  /** One open connection: its admission, its requests in progress, when it is due to close if idle. */
  private static final class Open {
    final HttpConnection connection;
    final ConnectionCount.Admission admission;
    int requests;
    boolean served;
    long idleSinceMs;
    /** When to close it whatever it does (an answer said {@code Connection: close}); 0: not set. */
    long closeAtMs;
    /** The responses of its requests in progress (usually one), so a stream can have it closed. */
    final List<HttpServerResponse> responses = new ArrayList<>(1);

    Open(HttpConnection connection, ConnectionCount.Admission admission, long nowMs) {
      this.connection = connection;
      this.admission = admission;
      this.idleSinceMs = nowMs;
    }
  }

  private final ConnectionCount count;
  private final long headerTimeoutMs;
  private final long idleTimeoutMs;
  private final int retryAfterSeconds;
  private final Map<HttpConnection, Open> open = new HashMap<>();
  private final Map<HttpServerResponse, Open> byResponse = new IdentityHashMap<>();
  private long refused;
  private long timedOut;

  ConnectionGate(Vertx vertx, ConnectionCount count, long headerTimeoutMs, long idleTimeoutMs, int retryAfterSeconds) {
    this.count = count;
    this.headerTimeoutMs = headerTimeoutMs;
    this.idleTimeoutMs = idleTimeoutMs;
    this.retryAfterSeconds = retryAfterSeconds;
    vertx.setPeriodic(SWEEP_MS, t -> sweep(System.currentTimeMillis()));
  }

  @Override
  public void handle(HttpConnection connection) {
    ConnectionCount.Admission admission = count.admit();
    if (admission == ConnectionCount.Admission.REFUSED) {
      // Closed at once: its descriptor is given back before it can hold anything.
      if (refused++ % 1000 == 0) {
        LOG.fine(() -> "API connection refused: " + count.open() + " open, the cap (http.maxConnections "
            + count.cap() + ") and its reserve are full (" + refused + " refused so far)");
      }
      hardClose(connection);
      return;
    }
    Open entry = new Open(connection, admission, System.currentTimeMillis());
    open.put(connection, entry);
    connection.closeHandler(v -> forget(entry));
  }

  /**
   * A request head arrived: the connection is busy until its response ends.
   *
   * @return false when the request was answered here (a reserve connection asking for more than health)
   */
  boolean admit(HttpServerRequest request) {
    Open entry = open.get(request.connection());
    if (entry == null) {
      return true;
    }
    entry.requests++;
    entry.served = true;
    // A close planned for a body left unread is off: the client sent all of it, and this next
    // request on the connection after it (closing now would cut this request's answer).
    entry.closeAtMs = 0;
    entry.responses.add(request.response());
    byResponse.put(request.response(), entry);
    request.response().endHandler(v -> ended(entry, request));
    if (entry.admission == ConnectionCount.Admission.HEALTH_ONLY) {
      // A reserve place is for probes: given back as soon as the answer is out.
      request.response().putHeader("Connection", "close");
      if (!ConnectionCount.servedFromReserve(request.path())) {
        ProblemReplies.overloaded(request.response(), 503, retryAfterSeconds, "Too many connections",
            "this node has " + count.cap() + " API connections open, its cap (http.maxConnections); "
                + "only /health/* and /metrics are answered beyond it");
        return false;
      }
    }
    return true;
  }

  /**
   * A response ended. One that said {@code Connection: close}, or that left its request's body unread
   * (401 before the body, 413, 503), closes the connection: at once if the request is complete, else
   * after {@link #LINGER_MS} (closing on unread bytes resets the connection, and the client, still
   * sending, could lose the answer). Nothing more of the body is read into memory meanwhile.
   */
  private void ended(Open entry, HttpServerRequest request) {
    entry.requests--;
    entry.responses.remove(request.response());
    byResponse.remove(request.response());
    long now = System.currentTimeMillis();
    entry.idleSinceMs = now;
    boolean closing = "close".equalsIgnoreCase(request.response().headers().get("Connection"));
    if (closing || !request.isEnded()) {
      entry.closeAtMs = request.isEnded() ? now : now + LINGER_MS;
    }
  }

  /** Closes connections that have had no request in progress for longer than they may. */
  void sweep(long nowMs) {
    List<Open> due = new ArrayList<>();
    for (Open entry : open.values()) {
      long limit = entry.served ? idleTimeoutMs : headTimeout(entry);
      if (entry.closeAtMs > 0 && nowMs >= entry.closeAtMs) {
        due.add(entry);
      } else if (entry.requests == 0 && nowMs - entry.idleSinceMs >= limit) {
        timedOut++;
        due.add(entry);
      }
    }
    due.forEach(ConnectionGate.this::closeNow);
    if (!due.isEmpty()) {
      LOG.fine(() -> "closed " + due.size() + " API connections (idle past http.headerTimeoutMs " + headerTimeoutMs
          + " or http.idleTimeoutMs " + idleTimeoutMs + " ms, or answered with Connection: close; "
          + timedOut + " timed out so far)");
    }
  }

  /**
   * Closes the connection of a response at once, whatever it still has to send: a stream whose
   * client stopped reading. ({@code HttpConnection.close()} would first flush what is queued, which
   * a client that does not read never lets happen.)
   */
  void abort(HttpServerResponse response) {
    Open entry = byResponse.get(response);
    if (entry != null) {
      closeNow(entry);
    } else {
      response.reset();
    }
  }

  /** A reserve place is for probes, which send their head at once: one held silent is soon given back. */
  private long headTimeout(Open entry) {
    return entry.admission == ConnectionCount.Admission.HEALTH_ONLY
        ? Math.min(headerTimeoutMs, RESERVE_HEAD_MS) : headerTimeoutMs;
  }

  /** Out of the table now (a connection whose close takes a moment is not closed twice), then closed. */
  private void closeNow(Open entry) {
    forget(entry);
    hardClose(entry.connection);
  }

  /**
   * Closes the socket whatever is queued on it. Every public close of Vert.x ({@code close()},
   * {@code shutdown(timeout)}) ends in a close that first flushes what is queued, which a client that
   * reads nothing never lets happen: the connection, its descriptor and its queued bytes would stay.
   * So this closes from Vert.x's own handler context (an internal accessor), as Vert.x does itself on
   * an idle timeout: the close goes past Vert.x's graceful close to the socket, and Netty drops what
   * was queued.
   */
  static void hardClose(HttpConnection connection) {
    if (connection instanceof io.vertx.core.http.impl.HttpServerConnection server) {
      server.channelHandlerContext().close();
    } else {
      connection.shutdown(FORCE_AFTER_MS, TimeUnit.MILLISECONDS);
    }
  }

  private void forget(Open entry) {
    if (open.remove(entry.connection) != null) {
      count.closed(entry.admission);
      entry.responses.forEach(byResponse::remove);
      entry.responses.clear();
    }
  }
}
