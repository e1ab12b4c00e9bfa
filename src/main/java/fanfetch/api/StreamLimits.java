package fanfetch.api;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * What every stream of the API's verticle obeys: the per-subscriber byte budget, the stall time after
 * which a client that takes nothing is closed, and the caps on streams open at once ({@link StreamGate}).
 * Kept in the verticle's context, so that every writer of a report finds them, whichever route made it.
 *
 * @param bufferBytes bytes a stream may have written that its client has not taken yet
 * @param stallMs     how long a stream may wait for its client to take something before it is closed
 * @param abort       closes a response's connection at once, queued bytes and all
 */
record StreamLimits(Vertx vertx, int bufferBytes, long stallMs, StreamGate gate, int retryAfterSeconds,
                    java.util.function.Consumer<io.vertx.core.http.HttpServerResponse> abort) {

  private static final String KEY = StreamLimits.class.getName();
  /** For writers outside a verticle that set none (tests of the writer itself). */
  private static final int DEFAULT_BUFFER = 256 * 1024;
  private static final long DEFAULT_STALL_MS = 30_000;

  void install(Context context) {
    context.put(KEY, this);
  }

  /** The limits of the current context's verticle, or the defaults with no cap. */
  static StreamLimits current() {
    Context context = Vertx.currentContext();
    StreamLimits limits = context == null ? null : context.get(KEY);
    if (limits != null) {
      return limits;
    }
    Vertx vertx = context == null ? null : context.owner();
    return new StreamLimits(vertx, DEFAULT_BUFFER, DEFAULT_STALL_MS, new StreamGate(Integer.MAX_VALUE, Integer.MAX_VALUE), 1,
        response -> response.reset());
  }
}
