package fanfetch.api;

import fanfetch.model.Addresses;
import fanfetch.model.Results;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One event-bus consumer per job on this node, however many streams follow it: each progress event
 * is received once (the bus copies a {@code JsonObject} for every local consumer), encoded once when a
 * stream first wants it, and the same bytes go to every stream that is keeping up. What a stream that
 * is behind gets is a note of which chunk of the store it missed (one bit, in {@link ProgressStream}),
 * nothing held. Used on
 * the API's event loop only.
 */
final class ProgressFeeds {

  /** One stream's end of a feed. */
  interface Subscriber {

    /** A result finished: {@code event} encodes it as a Server-Sent Event when asked. */
    void result(Event event);

    /** The job ended: its report's head. */
    void done(JsonObject head);
  }

  /** A finished URL as the feed received it; its SSE bytes are made once, for all who send it. */
  static final class Event {
    final int index;
    final boolean sequential;
    private final JsonObject result;
    private Buffer bytes;

    private Event(JsonObject result) {
      this.result = result;
      this.index = result.getInteger(Results.INDEX, -1);
      this.sequential = "sequential".equals(result.getString(Results.RUN));
    }

    Buffer bytes() {
      if (bytes == null) {
        bytes = sse(index, fanfetch.model.FastJson.encode(result));
      }
      return bytes;
    }
  }

  /** A Server-Sent Event of one result. */
  static Buffer sse(int index, byte[] json) {
    return Buffer.buffer(json.length + 40)
        .appendString("event: result\nid: " + index + "\ndata: ")
        .appendBytes(json)
        .appendString("\n\n");
  }

  private final class Feed {
    final String id;
    final MessageConsumer<JsonObject> consumer;
    final List<Subscriber> subscribers = new ArrayList<>();

    Feed(String id) {
      this.id = id;
      this.consumer = vertx.eventBus().consumer(Addresses.progress(id), this::onMessage);
    }

    void onMessage(Message<JsonObject> message) {
      // A copy: a subscriber may leave (and another join) while the event is handed round.
      List<Subscriber> now = new ArrayList<>(subscribers);
      if (Addresses.EVENT_DONE.equals(message.headers().get(Addresses.EVENT_HEADER))) {
        now.forEach(s -> s.done(message.body()));
      } else {
        Event event = new Event(message.body());
        now.forEach(s -> s.result(event));
      }
    }
  }

  private final Vertx vertx;
  private final Map<String, Feed> feeds = new HashMap<>();
  private final ReadTurns storeReads;

  /** @param storeReads turns at reading the store, shared by every stream catching up */
  ProgressFeeds(Vertx vertx, ReadTurns storeReads) {
    this.vertx = vertx;
    this.storeReads = storeReads;
  }

  /** One turn per 32 MiB of heap (at least 2): what streams catching up may hold of stored results at once. */
  static ReadTurns storeReadsFor(long maxHeapBytes) {
    return new ReadTurns((int) Math.max(2, Math.min(64, maxHeapBytes / (32L << 20))));
  }

  ReadTurns storeReads() {
    return storeReads;
  }

  /** Follows the job's progress; completes once events reach the subscriber (so a store read after it misses nothing). */
  Future<Void> subscribe(String id, Subscriber subscriber) {
    Feed feed = feeds.computeIfAbsent(id, Feed::new);
    feed.subscribers.add(subscriber);
    return feed.consumer.completion();
  }

  void unsubscribe(String id, Subscriber subscriber) {
    Feed feed = feeds.get(id);
    if (feed != null && feed.subscribers.remove(subscriber) && feed.subscribers.isEmpty()) {
      feeds.remove(id);
      feed.consumer.unregister();
    }
  }
}
