package fanfetch.api;

import fanfetch.model.Addresses;
import fanfetch.model.JobIds;
import fanfetch.model.ReportHead;
import fanfetch.model.Results;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One {@code GET /jobs/{id}/events} stream: a {@code result} Server-Sent Event per finished URL,
 * then one {@code done} event with the report's head. A client that connects late first gets the
 * results already stored, then live ones; each URL is sent once (compare mode: once per run). A
 * client that reads slower than results arrive is not buffered for: while its connection's write
 * queue is full, live events are skipped, and once it drains, the job store fills the gap.
 */
final class ProgressStream {

  private final Vertx vertx;
  private final RoutingContext ctx;
  private final JobLookup lookup;
  private final BitSet sent = new BitSet();
  /** Compare mode sends every URL twice: once per run. */
  private final BitSet sentSequential = new BitSet();
  private final List<Message<JsonObject>> early = new ArrayList<>();
  private String id;
  private MessageConsumer<JsonObject> consumer;
  private ReportStream.Out out;
  /** Live events are written as they come (else: buffered before the catch-up, or skipped while lagging). */
  private boolean live;
  private boolean catchingUp;
  private JsonObject doneHead;
  private boolean closed;

  ProgressStream(Vertx vertx, RoutingContext ctx, JobLookup lookup) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.lookup = lookup;
  }

  void start(String jobId) {
    id = jobId;
    if (!JobIds.isWellFormed(id)) {
      ProblemReplies.notFound(ctx, id);
      return;
    }
    // Subscribe first, then read the store: nothing can fall between the two.
    consumer = vertx.eventBus().consumer(Addresses.progress(id), this::onMessage);
    consumer.completion()
        .compose(v -> lookup.head(id, Addresses.OP_GET))
        .onSuccess(head -> {
          if (head == null) {
            close();
            ProblemReplies.notFound(ctx, id);
            return;
          }
          ctx.response().setStatusCode(200)
              .putHeader("Content-Type", "text/event-stream")
              .putHeader("Cache-Control", "no-cache")
              .putHeader("X-Accel-Buffering", "no");
          out = ReportStream.Out.of(ctx.response(), true);
          ctx.response().closeHandler(v -> close());
          catchUp(head);
        })
        .onFailure(e -> {
          close();
          ProblemReplies.failure(ctx, e);
        });
  }

  /** Writes what the store holds that was not sent yet; then goes live, or ends if the job is over. */
  private void catchUp(ReportHead head) {
    catchingUp = true;
    live = false;
    storedAll(head).onComplete(done -> {
      catchingUp = false;
      if (closed) {
        return;
      }
      if (done.failed()) {
        out.end(false);
        close();
      } else if (head.finished()) {
        writeDone(head.json());
      } else if (doneHead != null) {
        finishFromStore(doneHead);
      } else {
        live = true;
        List<Message<JsonObject>> buffered = new ArrayList<>(early);
        early.clear();
        buffered.forEach(this::onMessage);
      }
    });
  }

  /** Every stored result not sent yet: compare mode's sequential run first. */
  private Future<Void> storedAll(ReportHead head) {
    Future<Void> first = head.compare() ? stored(head, 1, sentSequential) : Future.succeededFuture();
    return first.compose(v -> stored(head, head.mainRun(), sent));
  }

  private Future<Void> stored(ReportHead head, int run, BitSet seen) {
    return ReportStream.each(out, lookup.store(), id, run, head.urls(), r -> {
      if (seen.get(r.index())) {
        return Buffer.buffer();
      }
      seen.set(r.index());
      return event(r.index(), r.json());
    });
  }

  private static Buffer event(int index, byte[] json) {
    return Buffer.buffer(json.length + 40)
        .appendString("event: result\nid: " + index + "\ndata: ")
        .appendBytes(json)
        .appendString("\n\n");
  }

  private void onMessage(Message<JsonObject> message) {
    if (closed) {
      return;
    }
    boolean done = Addresses.EVENT_DONE.equals(message.headers().get(Addresses.EVENT_HEADER));
    if (done) {
      doneHead = message.body();
      if (!catchingUp) {
        finishFromStore(doneHead);
      }
      return;
    }
    if (catchingUp) {
      if (early.size() < 10_000) {
        early.add(message);
      }
      return;
    }
    if (!live) {
      return;
    }
    JsonObject result = message.body();
    int index = result.getInteger(Results.INDEX, -1);
    BitSet seen = "sequential".equals(result.getString(Results.RUN)) ? sentSequential : sent;
    if (index < 0 || seen.get(index)) {
      return;
    }
    seen.set(index);
    Future<Void> written = out.write(event(index, result.encode().getBytes(StandardCharsets.UTF_8)));
    if (ctx.response().writeQueueFull()) {
      // The client fell behind: live events are skipped; once it drains, the store fills the gap.
      live = false;
      written.onComplete(v -> refill());
    }
  }

  /** After lagging: the results stored meanwhile, then live again (or the end). */
  private void refill() {
    if (closed || catchingUp) {
      return;
    }
    lookup.head(id, Addresses.OP_GET).onSuccess(head -> {
      if (!closed && head != null) {
        catchUp(head);
      }
    }).onFailure(e -> vertx.setTimer(500, t -> refill()));
  }

  /** The job is over: every stored result not sent yet, then the done event. */
  private void finishFromStore(JsonObject head) {
    live = false;
    catchingUp = true;
    storedAll(new ReportHead(head)).onComplete(done -> {
      catchingUp = false;
      if (done.succeeded()) {
        writeDone(head);
      } else if (!closed) {
        out.end(false);
        close();
      }
    });
  }

  private void writeDone(JsonObject head) {
    if (!closed) {
      out.write("event: done\ndata: " + head.encode() + "\n\n").onComplete(v -> {
        out.end(true);
        close();
      });
    }
  }

  private void close() {
    if (!closed) {
      closed = true;
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }
}
