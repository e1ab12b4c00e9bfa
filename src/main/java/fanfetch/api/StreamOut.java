package fanfetch.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Where a report or a progress stream goes: the response, written in chunks once it is large, or
 * gathered and sent in one piece when it is small. A stream holds at most its byte budget
 * ({@code http.streamBufferBytes}, the connection's write queue) plus the one piece being written:
 * each write waits while the client is behind. A client that takes nothing for
 * {@code http.streamStallMs} while the stream waits is closed, and the stream lets go of everything.
 */
final class StreamOut {

  private static final Logger LOG = Logger.getLogger(StreamOut.class.getName());
  /** The largest piece handed to the connection at once: a chunk of results goes in several. */
  private static final int PIECE = 16 * 1024;

  private final HttpServerResponse response;
  private final Buffer gathered;
  private final StreamLimits limits;
  private final String what;
  private final List<Runnable> closeListeners = new ArrayList<>();
  private boolean closed;
  private Promise<Void> waiting;
  private long stallTimer = -1;

  private StreamOut(HttpServerResponse response, boolean stream, String what) {
    this.response = response;
    this.what = what;
    this.limits = StreamLimits.current();
    this.gathered = stream ? null : Buffer.buffer();
    if (stream) {
      if (!response.isChunked()) {
        // (A waiting POST /jobs sent a chunked head when the job was accepted.)
        response.setChunked(true);
      }
      response.setWriteQueueMaxSize(limits.bufferBytes());
    }
    response.closeHandler(v -> over());
  }

  /** @param what names the stream in log lines: {@code "job <id>"} */
  static StreamOut of(HttpServerResponse response, boolean stream, String what) {
    return new StreamOut(response, stream, what);
  }

  boolean closed() {
    return closed;
  }

  /** Whether the client is behind (the byte budget is used up). */
  boolean behind() {
    return gathered == null && !closed && response.writeQueueFull();
  }

  /** Runs once when the stream is over: ended, its client gone, or closed for stalling. */
  void onClose(Runnable listener) {
    closeListeners.add(listener);
  }

  Future<Void> write(String text) {
    return write(Buffer.buffer(text));
  }

  /** Completes once all of {@code data} is handed to the connection (waiting while the client is behind). */
  Future<Void> write(Buffer data) {
    if (closed) {
      return Future.succeededFuture();
    }
    if (gathered != null) {
      gathered.appendBuffer(data);
      return Future.succeededFuture();
    }
    return write(data, 0);
  }

  private Future<Void> write(Buffer data, int from) {
    int at = from;
    while (at < data.length() && !closed && !response.writeQueueFull()) {
      int end = Math.min(data.length(), at + PIECE);
      response.write(at == 0 && end == data.length() ? data : data.slice(at, end));
      at = end;
    }
    if (closed || (at >= data.length() && !response.writeQueueFull())) {
      return Future.succeededFuture();
    }
    int rest = at;
    return drained().compose(v -> rest >= data.length() ? Future.succeededFuture() : write(data, rest));
  }

  /** Completes when the client has taken enough, or the stream is closed. */
  private Future<Void> drained() {
    Promise<Void> drained = Promise.promise();
    waiting = drained;
    stallTimer = limits.vertx().setTimer(limits.stallMs(), t -> stalled());
    response.drainHandler(v -> {
      response.drainHandler(null);
      cancelStallTimer();
      waiting = null;
      drained.tryComplete();
    });
    return drained.future();
  }

  private void stalled() {
    stallTimer = -1;
    if (closed) {
      return;
    }
    LOG.fine(() -> "stream of " + what + " closed: its client took nothing for " + limits.stallMs()
        + " ms (http.streamStallMs)");
    // Closed at once: what the connection still queues for this client is dropped.
    limits.abort().accept(response);
    over();
  }

  private void cancelStallTimer() {
    if (stallTimer >= 0) {
      limits.vertx().cancelTimer(stallTimer);
      stallTimer = -1;
    }
  }

  private void over() {
    if (closed) {
      return;
    }
    closed = true;
    cancelStallTimer();
    if (waiting != null) {
      waiting.tryComplete();
      waiting = null;
    }
    closeListeners.forEach(Runnable::run);
    closeListeners.clear();
  }

  /** Ends the response; a read that failed midway resets it (the client sees a broken report, not a short one). */
  void end(boolean complete) {
    if (closed) {
      return;
    }
    if (!complete) {
      response.reset();
    } else if (gathered != null) {
      response.end(gathered);
    } else {
      response.end();
    }
    over();
  }
}
