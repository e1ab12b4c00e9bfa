package fanfetch.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
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

  /** One open connection: its admission, its requests in progress, when it is due to close if idle. */
  private static final class Open {
    final HttpConnection connection;
    final ConnectionCount.Admission admission;
    int requests;
    boolean served;
    long idleSinceMs;
    /** When to close it whatever it does (an answer said {@code Connection: close}); 0: not set. */
    long closeAtMs;

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
      connection.close();
      return;
    }
    Open entry = new Open(connection, admission, System.currentTimeMillis());
    open.put(connection, entry);
    connection.closeHandler(v -> {
      if (open.remove(connection) != null) {
        count.closed(admission);
      }
    });
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
      long limit = entry.served ? idleTimeoutMs : headerTimeoutMs;
      if (entry.closeAtMs > 0 && nowMs >= entry.closeAtMs) {
        due.add(entry);
      } else if (entry.requests == 0 && nowMs - entry.idleSinceMs >= limit) {
        timedOut++;
        due.add(entry);
      }
    }
    for (Open entry : due) {
      // Out of the table now: a connection whose close takes a moment is not closed twice.
      if (open.remove(entry.connection) != null) {
        count.closed(entry.admission);
      }
      entry.connection.close();
    }
    if (!due.isEmpty()) {
      LOG.fine(() -> "closed " + due.size() + " API connections (idle past http.headerTimeoutMs " + headerTimeoutMs
          + " or http.idleTimeoutMs " + idleTimeoutMs + " ms, or answered with Connection: close; "
          + timedOut + " timed out so far)");
    }
  }

  int open() {
    return count.open();
  }
}
