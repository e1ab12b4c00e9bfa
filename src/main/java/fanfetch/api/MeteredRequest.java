package fanfetch.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.internal.http.HttpServerRequestWrapper;

/**
 * A request whose body is counted as it arrives, before any handler sees a byte: whoever reads it
 * (vertx-web's body handler, a streamed intake) reads through here, so the node's budget of bodies
 * in progress ({@link BodyGate}) holds whatever the route.
 *
 * <p>Vert.x offers no public way to watch a request's body besides being its one reader, so this
 * extends Vert.x's {@code HttpServerRequestWrapper} (an internal class, which its own javadoc names
 * as the way to decorate a request) and wraps only the body's handlers.
 */
final class MeteredRequest extends HttpServerRequestWrapper {

  private final BodyGate gate;
  /** Bytes of the budget this body holds (its Content-Length up front, or what came of a chunked one). */
  long reserved;
  /** Bytes of the body received so far. */
  long received;
  final long declared;
  /** The most of the budget this body may hold: {@code http.maxBodyBytes}, or less for a streamed list. */
  final long maxShare;
  /** A streamed URL list is read as it comes: it is late only when nothing came for a while. */
  final boolean streamed;
  long deadlineMs;
  /** Answered by the gate (over budget, too slow): what arrives later is dropped, not handed on. */
  boolean refused;
  boolean settled;

  MeteredRequest(HttpServerRequest request, BodyGate gate, long declared, long maxShare, boolean streamed,
                 long reserved, long deadlineMs) {
    super((HttpServerRequestInternal) request);
    this.gate = gate;
    this.declared = declared;
    this.maxShare = maxShare;
    this.streamed = streamed;
    this.reserved = reserved;
    this.deadlineMs = deadlineMs;
  }

  HttpServerRequest unwrapped() {
    return delegate;
  }

  @Override
  public HttpServerRequest handler(Handler<Buffer> handler) {
    if (handler == null) {
      delegate.handler(null);
      return this;
    }
    delegate.handler(chunk -> {
      if (!refused && gate.received(this, chunk.length())) {
        handler.handle(chunk);
      }
    });
    return this;
  }

  @Override
  public HttpServerRequest endHandler(Handler<Void> handler) {
    delegate.endHandler(v -> {
      gate.settle(this);
      if (handler != null && !refused) {
        handler.handle(v);
      }
    });
    return this;
  }

  /** The whole body, read through the counting handlers (the wrapped request's own would bypass them). */
  @Override
  public Future<Buffer> body() {
    Promise<Buffer> whole = Promise.promise();
    Buffer body = Buffer.buffer();
    exceptionHandler(whole::tryFail);
    handler(body::appendBuffer);
    endHandler(v -> whole.tryComplete(body));
    return whole.future();
  }
}
