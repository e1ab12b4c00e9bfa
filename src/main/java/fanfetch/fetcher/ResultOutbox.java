package fanfetch.fetcher;

import fanfetch.protocol.ResultBatch;
import io.vertx.core.Context;
import io.vertx.core.eventbus.EventBus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fetcher's results wait for the end of this turn of the event loop, then go out as one message
 * per coordinator: fetches that finish together (a burst of responses read in one go) cost one
 * event-bus message, not one each.
 */
final class ResultOutbox {

  private final Context context;
  private final EventBus eventBus;
  /** The fetcher instance's own address, named in every batch. */
  private final String from;
  /** Results finished in this turn of the event loop, by the coordinator address they go to. */
  private final Map<String, List<ResultBatch.Entry>> byCoordinator = new HashMap<>();
  private boolean flushScheduled;
  private boolean closed;

  ResultOutbox(Context context, EventBus eventBus, String from) {
    this.context = context;
    this.eventBus = eventBus;
    this.from = from;
  }

  void add(String replyTo, ResultBatch.Entry entry) {
    if (closed) {
      return;
    }
    byCoordinator.computeIfAbsent(replyTo, to -> new ArrayList<>()).add(entry);
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  /** Nothing more is sent: results that come from now on say nothing of their URLs (the client is closing). */
  void close() {
    closed = true;
  }

  private void flush() {
    flushScheduled = false;
    byCoordinator.forEach((replyTo, entries) -> eventBus.send(replyTo, new ResultBatch(from, entries)));
    byCoordinator.clear();
  }
}
