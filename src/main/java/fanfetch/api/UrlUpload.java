package fanfetch.api;

import fanfetch.model.FieldError;
import fanfetch.model.InvalidJobException;
import fanfetch.store.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a URL list from a request body as it streams and writes it into the job store in chunks
 * of {@link JobStore#CHUNK} under the job's id. The request is paused while a chunk is written,
 * so the list is never in memory: only the piece being read and the chunk being filled are.
 * Completes with the number of URLs; fails with the problem of a refused list (a bad line: 400,
 * more than {@code maxUrls}: 413, as soon as the count is passed) once what was stored of it is
 * deleted again, and deletes it too when the client goes away mid-list.
 */
final class UrlUpload {

  /** A URL line may be this long (RFC 9110 recommends supporting at least 8000 octets in a URI). */
  static final int MAX_LINE_BYTES = 8192;

  private final HttpServerRequest request;
  private final JobStore store;
  private final String id;
  private final UrlLines format;
  private final int maxUrls;
  private final LineSplitter lines = new LineSplitter(MAX_LINE_BYTES);
  private final Promise<Integer> done = Promise.promise();
  private List<String> pending = new ArrayList<>();
  private int count;
  private int chunksStarted;
  /** The chunk writes so far, one after another. */
  private Future<Void> written = Future.succeededFuture();
  /** Refused or abandoned: nothing more is read. */
  private boolean stopped;

  UrlUpload(HttpServerRequest request, JobStore store, String id, UrlLines format, int maxUrls) {
    this.request = request;
    this.store = store;
    this.id = id;
    this.format = format;
    this.maxUrls = maxUrls;
  }

  /** Starts reading the (paused) request. */
  Future<Integer> read() {
    request.handler(this::onPiece);
    request.endHandler(v -> onEnd());
    request.exceptionHandler(e -> giveUp(new ClientGone(e)));
    request.resume();
    return done.future();
  }

  private void onPiece(Buffer piece) {
    if (stopped) {
      return;
    }
    try {
      lines.feed(piece.getBytes()).forEach(this::accept);
    } catch (InvalidJobException | LineSplitter.LineTooLong refused) {
      giveUp(refused);
      return;
    }
    if (pending.size() >= JobStore.CHUNK) {
      request.pause();
      writeFullChunks();
      written.onComplete(stored -> {
        if (stored.failed()) {
          giveUp(stored.cause());
        } else if (!stopped) {
          request.resume();
        }
      });
    }
  }

  private void onEnd() {
    if (stopped) {
      return;
    }
    try {
      String last = lines.finish();
      if (last != null) {
        accept(last);
      }
    } catch (InvalidJobException | LineSplitter.LineTooLong refused) {
      giveUp(refused);
      return;
    }
    writeFullChunks();
    if (!pending.isEmpty()) {
      write(pending);
      pending = new ArrayList<>();
    }
    written.onComplete(all -> {
      if (all.succeeded() && !stopped) {
        // From here the URLs are the job's: a client going away no longer deletes them.
        stopped = true;
        done.tryComplete(count);
      } else {
        giveUp(all.cause());
      }
    });
  }

  /** One line: a URL, or nothing (blank, a comment); a bad line or one URL too many refuses the list. */
  private void accept(String line) {
    String url;
    try {
      url = format.url(line);
    } catch (UrlLines.BadLine bad) {
      throw new InvalidJobException(400, List.of(new FieldError("urls[" + count + "]", bad.getMessage())));
    }
    if (url == null) {
      return;
    }
    if (++count > maxUrls) {
      throw new InvalidJobException(413, List.of(new FieldError("urls",
          "has more than " + maxUrls + " URLs; this server accepts at most " + maxUrls + " per job")));
    }
    pending.add(url);
  }

  private InvalidJobException tooLong(LineSplitter.LineTooLong e) {
    return new InvalidJobException(400, List.of(new FieldError("urls[" + count + "]",
        "line " + e.line + " is longer than " + MAX_LINE_BYTES + " bytes")));
  }

  private void writeFullChunks() {
    while (pending.size() >= JobStore.CHUNK) {
      write(new ArrayList<>(pending.subList(0, JobStore.CHUNK)));
      pending = new ArrayList<>(pending.subList(JobStore.CHUNK, pending.size()));
    }
  }

  private void write(List<String> chunk) {
    int number = chunksStarted++;
    written = written.compose(v -> store.putUrls(id, number, chunk));
  }

  /** Stops reading, deletes what was stored, then fails with {@code why}. */
  private void giveUp(Throwable why) {
    if (stopped) {
      return;
    }
    stopped = true;
    request.pause();
    request.handler(null);
    Throwable cause = why instanceof LineSplitter.LineTooLong tooLong ? tooLong(tooLong) : why;
    written.eventually(() -> store.deleteUrls(id, chunksStarted)).onComplete(v -> done.tryFail(cause));
  }

  /** The client went away before the list ended. */
  static final class ClientGone extends RuntimeException {
    ClientGone(Throwable cause) {
      super("the client went away before the URL list ended", cause, false, false);
    }
  }
}
