package fanfetch.fetcher;

import fanfetch.guard.TargetUrl;
import fanfetch.guard.VettedAddresses;
import fanfetch.model.ErrorKind;
import fanfetch.model.Results;
import fanfetch.protocol.FetchTask;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Gets each hop of one fetch its connection: the HTTP version to ask for ({@link HttpVersions},
 * waiting in {@link AlpnMemory} while an origin's ALPN answer is learned), the vetted address to go
 * to ({@link Dialer}), pooled or a connection of its own, and the re-send on a new connection when
 * a reused one turns out dead (it was closed by the server before any answer: the request never
 * reached it, and GET and HEAD are idempotent; curl does the same). Keeps what the result tells of
 * the connection, and the history of those re-sends.
 */
final class HopConnector {

  /** Wraps a callback so that an exception in it ends the fetch, not the event loop's turn. */
  interface Guard {
    <T> Handler<T> wrap(Handler<T> handler);
  }

  private final FetcherParts parts;
  private final FetchTask task;
  private final PhaseClock clock;
  private final Guard guard;
  private final JsonArray history = new JsonArray();

  private TargetUrl target;
  private VettedAddresses addresses;
  private Map<String, String> headers;
  private HttpVersions plan;
  private HttpVersion version;
  private boolean probing;
  private Dialer dialer;
  private HttpClientRequest request;
  private HttpConnection connection;
  private ConnectionRegistry.Info info;
  /** A connection opened for this fetch alone, outside the pool: closed when its exchange is done. */
  private HttpConnection own;
  private boolean fresh;
  private int resends;
  private long tryStartNanos;
  private long connectTimerId = -1;
  private Handler<Long> onConnectTimeout;
  private boolean closed;

  HopConnector(FetcherParts parts, FetchTask task, PhaseClock clock, Guard guard) {
    this.parts = parts;
    this.task = task;
    this.clock = clock;
    this.guard = guard;
  }

  /** connectTimeoutMs covers the whole acquisition: DNS, TCP, TLS and any wait for a pooled connection. */
  void startConnectTimer(TargetUrl hop, Handler<Long> onTimeout) {
    cancelConnectTimer();
    onConnectTimeout = onTimeout;
    connectTimerId = parts.vertx().setTimer(Math.max(1, task.connectTimeoutMs()), id -> {
      connectTimerId = -1;
      onTimeout.handle(id);
    });
  }

  void connect(TargetUrl hop, VettedAddresses vetted, Map<String, String> requestHeaders,
               Handler<AsyncResult<Void>> then) {
    target = hop;
    addresses = vetted;
    headers = requestHeaders;
    request = null;
    plan = HttpVersions.plan(task.httpVersions(), hop.ssl());
    if (!plan.negotiated()) {
      dial(plan.version(), false, then);
      return;
    }
    Handler<HttpVersion> admitted = guard.wrap(learned -> {
      if (closed) {
        if (learned == null) {
          parts.alpn().probeFailed(hop.hostKey());
        }
        return;
      }
      probing = learned == null;
      dial(plan.versionFor(learned), false, then);
    });
    parts.alpn().admit(hop.hostKey(), admitted::handle);
  }

  HttpClientRequest request() {
    return request;
  }

  /** A GET/HEAD that got no answer on a reused connection goes once more, on a new connection. */
  boolean resendable(Throwable failure, FetchPhase phase) {
    return !fresh && resends == 0 && phase == FetchPhase.WAITING
        && (task.method().equals("GET") || task.method().equals("HEAD"))
        && ErrorClassifier.classify(failure, phase).kind() == ErrorKind.RESET;
  }

  void resendOnNewConnection(Throwable failure, Handler<AsyncResult<Void>> then) {
    long now = System.nanoTime();
    resends++;
    ErrorClassifier.Classified c = ErrorClassifier.classify(failure, FetchPhase.WAITING, remoteAddress());
    history.add(new JsonObject()
        .put(Results.HISTORY_ATTEMPT, task.attempt())
        .put(Results.HISTORY_ERROR, c.kind().wireName())
        .put(Results.HISTORY_DURATION_MS, Results.round(Results.millis(now - tryStartNanos)))
        .put(Results.HISTORY_RESENT, true)
        .put(Results.CONNECTION_ID, connectionId())
        .put(Results.REMOTE_ADDRESS, remoteAddress())
        .put(Results.HISTORY_MESSAGE, c.message() + "; sent again on a new connection"));
    parts.reuse().closesIdleConnections(task.jobId(), target.hostKey());
    request = null;
    closeOwn();
    if (onConnectTimeout != null) {
      startConnectTimer(target, onConnectTimeout);
    }
    dial(version, true, then);
  }

  /** The response has ended: a connection of the fetch's own is closed. */
  void exchangeDone() {
    request = null;
    closeOwn();
  }

  /** The fetch is over: nothing of it stays open (a failed one's request is reset). */
  void close(boolean failed) {
    closed = true;
    cancelConnectTimer();
    if (dialer != null) {
      dialer.cancel();
    }
    if (probing) {
      probing = false;
      parts.alpn().probeFailed(target.hostKey());
    }
    if (failed && request != null) {
      // The request may still be open (a refused redirect, a body still arriving).
      request.reset();
    }
    closeOwn();
  }

  String remoteAddress() {
    return info == null ? null : info.remoteAddress();
  }

  String connectionId() {
    return info == null ? null : info.id();
  }

  HttpVersion protocolVersion() {
    return connection == null ? null : connection.protocolVersion();
  }

  JsonObject tls() {
    return connection == null || info == null ? null : parts.connections().tlsOf(connection, info);
  }

  JsonArray history() {
    return history;
  }

  private void dial(HttpVersion asked, boolean newConnection, Handler<AsyncResult<Void>> then) {
    version = asked;
    boolean unpooled = newConnection || parts.reuse().avoidReuse(task.jobId(), target.hostKey());
    tryStartNanos = System.nanoTime();
    clock.acquiring(tryStartNanos);
    dialer = new Dialer(parts.vertx(), parts.addresses(),
        parts.addresses().order(addresses.allowed(), System.currentTimeMillis()), target.port(),
        address -> HopRequests.open(parts, task, target, headers, version, address, unpooled), unpooled);
    dialer.dial().onComplete(guard.wrap(dialed -> {
      if (closed) {
        return;
      }
      cancelConnectTimer();
      if (dialed.failed()) {
        if (probing) {
          probing = false;
          parts.alpn().probeFailed(target.hostKey());
        }
        then.handle(Future.failedFuture(dialed.cause()));
        return;
      }
      acquired(dialed.result().request(), unpooled);
      then.handle(Future.succeededFuture());
    }));
  }

  private void acquired(HttpClientRequest acquired, boolean unpooled) {
    // Failures reach the fetch through send() and end(); without a handler Vert.x would also log a
    // reset made on purpose (timeout, cancel, too large) as unhandled.
    acquired.exceptionHandler(failure -> { });
    request = acquired;
    connection = acquired.connection();
    own = unpooled ? connection : null;
    info = parts.connections().infoOf(connection);
    PhaseClock.ConnectionMoments moments = info.claim();
    fresh = moments != null;
    clock.acquired(System.nanoTime(), target.ssl(), moments);
    if (probing) {
      probing = false;
      parts.alpn().learned(target.hostKey(), connection.protocolVersion());
    }
  }

  private void closeOwn() {
    if (own != null) {
      own.close();
      own = null;
    }
  }

  private void cancelConnectTimer() {
    if (connectTimerId >= 0) {
      parts.vertx().cancelTimer(connectTimerId);
      connectTimerId = -1;
    }
  }
}
