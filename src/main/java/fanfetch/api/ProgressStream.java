package fanfetch.api;

import fanfetch.model.Addresses;
import fanfetch.model.JobIds;
import fanfetch.model.Results;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One {@code GET /jobs/{id}/events} stream: a {@code result} Server-Sent Event per finished URL,
 * then one {@code done} event with the report. A client that connects late first gets the
 * results already finished (from a snapshot), then live ones; each URL is sent once. A client
 * that reads slower than results arrive is not buffered for without limit: while its connection's
 * write queue is full, live events are skipped, and once it drains a fresh snapshot fills the gap.
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
  private MessageConsumer<String> nodeLeft;
  private boolean live;
  private boolean lagging;
  private JsonObject finalReport;
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
    // Subscribe first, then take the snapshot: nothing can fall between the two.
    consumer = vertx.eventBus().consumer(Addresses.progress(id), this::onMessage);
    // If the job's coordinator leaves the cluster, no "done" will come: look again, a few times,
    // until another node has stored the job as lost.
    nodeLeft = vertx.eventBus().localConsumer(Addresses.NODE_LEFT, m -> recheck(3, 1_000));
    ctx.response().closeHandler(v -> close());
    consumer.completion()
        .compose(v -> snapshot())
        .onSuccess(snapshot -> {
          if (snapshot == null) {
            close();
            ProblemReplies.notFound(ctx, id);
            return;
          }
          ctx.response().setStatusCode(200)
              .setChunked(true)
              .putHeader("Content-Type", "text/event-stream")
              .putHeader("Cache-Control", "no-cache")
              .putHeader("X-Accel-Buffering", "no");
          catchUp(snapshot);
          if (!closed) {
            live = true;
            early.forEach(this::onMessage);
            early.clear();
          }
        })
        .onFailure(e -> {
          close();
          ProblemReplies.problem(ctx, 503, "Unavailable", "progress for job '" + id + "' cannot be read: "
              + e.getMessage());
        });
  }

  private void recheck(int triesLeft, long delayMs) {
    if (closed || triesLeft == 0) {
      return;
    }
    vertx.setTimer(delayMs, t -> snapshot().onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.succeeded() && ar.result() != null && "lost".equals(ar.result().getString("state"))) {
        writeDone(ar.result());
      } else {
        recheck(triesLeft - 1, delayMs * 2);
      }
    }));
  }

  /** The report so far: from the coordinator while the job is live, else from the store. */
  private Future<JsonObject> snapshot() {
    return lookup.report(id, Addresses.OP_GET).map(report -> report == null ? null : report.toJson());
  }

  /** Writes what a report holds that was not sent yet, and ends the stream if the job is over. */
  private void catchUp(JsonObject report) {
    writeResults(report);
    String state = report.getString("state");
    if ("done".equals(state) || "cancelled".equals(state) || "lost".equals(state)) {
      writeDone(report);
    }
  }

  private void onMessage(Message<JsonObject> message) {
    if (closed) {
      return;
    }
    if (!live) {
      early.add(message);
      return;
    }
    boolean done = Addresses.EVENT_DONE.equals(message.headers().get(Addresses.EVENT_HEADER));
    if (lagging) {
      if (done) {
        finalReport = message.body();
      }
      return;
    }
    if (done) {
      writeDone(message.body());
    } else {
      writeResult(message.body());
    }
  }

  /** The connection's write queue filled up: skip live events until it drains, then catch up. */
  private void lag() {
    lagging = true;
    ctx.response().drainHandler(v -> {
      ctx.response().drainHandler(null);
      if (finalReport != null) {
        lagging = false;
        writeDone(finalReport);
        return;
      }
      snapshot().onComplete(ar -> {
        if (closed) {
          return;
        }
        lagging = false;
        if (finalReport != null) {
          writeDone(finalReport);
        } else if (ar.succeeded() && ar.result() != null) {
          catchUp(ar.result());
        }
      });
    });
  }

  /** Writes the results a report holds (in compare mode, the sequential run's first). */
  private void writeResults(JsonObject report) {
    JsonObject sequential = report.getJsonObject("sequential");
    if (sequential != null) {
      writeAll(sequential.getJsonArray("results", new JsonArray()));
    }
    writeAll(report.getJsonArray("results", new JsonArray()));
  }

  private void writeAll(JsonArray results) {
    for (int i = 0; i < results.size(); i++) {
      writeResult(results.getJsonObject(i));
    }
  }

  private void writeResult(JsonObject result) {
    int index = result.getInteger(Results.INDEX, -1);
    BitSet seen = "sequential".equals(result.getString(Results.RUN)) ? sentSequential : sent;
    if (index < 0 || seen.get(index) || closed) {
      return;
    }
    seen.set(index);
    HttpServerResponse response = ctx.response();
    response.write("event: result\nid: " + index + "\ndata: " + result.encode() + "\n\n");
    if (live && !lagging && response.writeQueueFull()) {
      lag();
    }
  }

  private void writeDone(JsonObject report) {
    // A subscriber that missed live events still gets every result before the report.
    boolean wasLive = live;
    live = false;
    writeResults(report);
    live = wasLive;
    if (!closed) {
      ctx.response().end("event: done\ndata: " + report.encode() + "\n\n");
      close();
    }
  }

  private void close() {
    if (!closed) {
      closed = true;
      if (consumer != null) {
        consumer.unregister();
      }
      if (nodeLeft != null) {
        nodeLeft.unregister();
      }
    }
  }
}
