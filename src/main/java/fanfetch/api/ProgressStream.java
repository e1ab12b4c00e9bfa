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
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One {@code GET /jobs/{id}/events} stream: a {@code result} Server-Sent Event per finished URL,
 * then one {@code done} event with the report. A client that connects late first gets the
 * results already finished (from a snapshot), then live ones; each URL is sent once.
 */
final class ProgressStream {

  private final Vertx vertx;
  private final RoutingContext ctx;
  private final AsyncMap<String, JsonObject> reports;
  private final BitSet sent = new BitSet();
  /** Compare mode sends every URL twice: once per run. */
  private final BitSet sentSequential = new BitSet();
  private final List<Message<JsonObject>> early = new ArrayList<>();
  private MessageConsumer<JsonObject> consumer;
  private boolean live;
  private boolean closed;

  ProgressStream(Vertx vertx, RoutingContext ctx, AsyncMap<String, JsonObject> reports) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.reports = reports;
  }

  void start(String id) {
    if (!JobIds.isWellFormed(id)) {
      HttpApiVerticle.problem(ctx, 404, "Job not found", "no job with id '" + id + "'");
      return;
    }
    // Subscribe first, then take the snapshot: nothing can fall between the two.
    consumer = vertx.eventBus().consumer(Addresses.progress(id), this::onMessage);
    ctx.response().closeHandler(v -> close());
    consumer.completion()
        .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.control(id),
            new JsonObject().put("op", Addresses.OP_GET)))
        .map(Message::body)
        .recover(e -> HttpApiVerticle.isNoHandlers(e) ? reports.get(id) : Future.failedFuture(e))
        .onSuccess(snapshot -> {
          if (snapshot == null) {
            consumer.unregister();
            HttpApiVerticle.problem(ctx, 404, "Job not found", "no job with id '" + id + "'");
            return;
          }
          HttpServerResponse response = ctx.response();
          response.setStatusCode(200)
              .setChunked(true)
              .putHeader("Content-Type", "text/event-stream")
              .putHeader("Cache-Control", "no-cache")
              .putHeader("X-Accel-Buffering", "no");
          writeResults(snapshot);
          if (isFinal(snapshot)) {
            writeDone(snapshot);
            return;
          }
          live = true;
          early.forEach(this::onMessage);
          early.clear();
        })
        .onFailure(e -> {
          consumer.unregister();
          HttpApiVerticle.problem(ctx, 503, "Unavailable", "progress for job '" + id + "' cannot be read: "
              + e.getMessage());
        });
  }

  private static boolean isFinal(JsonObject report) {
    String state = report.getString("state");
    return "done".equals(state) || "cancelled".equals(state);
  }

  private void onMessage(Message<JsonObject> message) {
    if (closed) {
      return;
    }
    if (!live) {
      early.add(message);
      return;
    }
    if (Addresses.EVENT_DONE.equals(message.headers().get(Addresses.EVENT_HEADER))) {
      writeDone(message.body());
    } else {
      writeResult(message.body());
    }
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
    if (index < 0 || seen.get(index)) {
      return;
    }
    seen.set(index);
    ctx.response().write("event: result\nid: " + index + "\ndata: " + result.encode() + "\n\n");
  }

  private void writeDone(JsonObject report) {
    // A late subscriber that missed live events still gets every result before the report.
    writeResults(report);
    ctx.response().end("event: done\ndata: " + report.encode() + "\n\n");
    close();
  }

  private void close() {
    if (!closed) {
      closed = true;
      consumer.unregister();
    }
  }
}
