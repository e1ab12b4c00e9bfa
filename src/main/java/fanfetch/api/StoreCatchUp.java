package fanfetch.api;

import fanfetch.store.JobStore;
import fanfetch.store.StoredResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.BitSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A progress stream's reader of the job store: sends the stored results of the chunks it is asked
 * for that the stream has not sent yet, as {@code result} Server-Sent Events ({@link ProgressFeeds#sse}),
 * marking each in its run's {@link SentSet} so that no result goes out twice. However slow the
 * client, it holds one part ({@link #PART} results) at most: each part is read in a turn of the
 * verticle's store reads ({@link ReadTurns}), encoded, and written (waiting while the client is
 * behind) before the next is read. Used on the API's event loop only.
 */
final class StoreCatchUp {

  /**
   * Stored results read at a time by a stream catching up: about 20 KiB of events (a result's event
   * is ~700 bytes), what a stalled stream holds beside its byte budget.
   */
  static final int PART = 32;

  private final JobStore store;
  private final ReadTurns turns;
  private final String id;
  private final int urls;
  /** Writes events to the stream: completes once they are handed to the connection. */
  private final Function<Buffer, Future<Void>> write;
  /** Whether the stream is over: then nothing more is read. */
  private final BooleanSupplier over;

  /** @param urls the job's URLs (each run has as many) */
  StoreCatchUp(JobStore store, ReadTurns turns, String id, int urls, Function<Buffer, Future<Void>> write,
               BooleanSupplier over) {
    this.store = store;
    this.turns = turns;
    this.id = id;
    this.urls = urls;
    this.write = write;
    this.over = over;
  }

  /** The chunks to read: every one not wholly sent, or those marked missed (the marks are taken). */
  static BitSet chunks(SentSet seen, BitSet marked, boolean all) {
    BitSet chunks = new BitSet();
    if (all) {
      chunks.set(0, seen.chunks());
    } else {
      chunks.or(marked);
    }
    marked.clear();
    for (int c = chunks.nextSetBit(0); c >= 0; c = chunks.nextSetBit(c + 1)) {
      if (seen.chunkComplete(c)) {
        chunks.clear(c);
      }
    }
    return chunks;
  }

  /** The stored results of {@code run} in {@code chunks} not sent yet, a chunk at a time, each written before the next is read. */
  Future<Void> send(int run, SentSet seen, BitSet chunks) {
    return send(run, seen, chunks, 0);
  }

  private Future<Void> send(int run, SentSet seen, BitSet chunks, int from) {
    int chunk = chunks.nextSetBit(from);
    if (chunk < 0 || over.getAsBoolean()) {
      return Future.succeededFuture();
    }
    return sendPart(run, seen, chunk * JobStore.CHUNK, Math.min(urls, (chunk + 1) * JobStore.CHUNK))
        .compose(v -> send(run, seen, chunks, chunk + 1));
  }

  /** The stored results of {@code [from, to)} not sent yet, {@link #PART} at a time. */
  private Future<Void> sendPart(int run, SentSet seen, int from, int to) {
    int start = from;
    while (start < to && seen.contains(start)) {
      start++;
    }
    if (start >= to || over.getAsBoolean()) {
      return Future.succeededFuture();
    }
    int end = Math.min(to, start + PART);
    Promise<Buffer> encoded = Promise.promise();
    int partFrom = start;
    turns.take(() -> {
      if (over.getAsBoolean()) {
        turns.giveBack();
        encoded.complete(null);
        return;
      }
      store.results(id, run, partFrom, end).onComplete(read -> {
        turns.giveBack();
        if (read.failed()) {
          encoded.fail(read.cause());
          return;
        }
        Buffer events = Buffer.buffer();
        for (StoredResult r : read.result()) {
          if (seen.add(r.index())) {
            events.appendBuffer(ProgressFeeds.sse(r.index(), r.json()));
          }
        }
        encoded.complete(events);
      });
    });
    return encoded.future()
        .compose(events -> events == null || events.length() == 0 ? Future.succeededFuture() : write.apply(events))
        .compose(v -> sendPart(run, seen, end, to));
  }
}
