package fanfetch.cli;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Reads {@code GET /jobs/{id}/events} as it arrives: {@code result} events feed the tracker,
 * the {@code done} event completes with the report. A stream that ends early is opened again
 * (the server first sends the results already finished; the tracker counts each once).
 */
final class JobEventStream {

  /** How often a dropped event stream is opened again before giving up. */
  static final int MAX_RECONNECTS = 5;

  private final Vertx vertx;
  private final ServiceClient client;
  private final String path;
  private final ResultTracker tracker;
  private final Runnable onNewResult;
  private final Promise<JsonObject> done = Promise.promise();
  private int reconnects;

  JobEventStream(Vertx vertx, ServiceClient client, String id, ResultTracker tracker, Runnable onNewResult) {
    this.vertx = vertx;
    this.client = client;
    this.path = ServiceAddress.events(id);
    this.tracker = tracker;
    this.onNewResult = onNewResult;
  }

  /** @return the {@code done} event's report, or a failure with {@link ServiceClient.FollowFailure} */
  Future<JsonObject> follow() {
    open();
    return done.future();
  }

  private void open() {
    client.open(HttpMethod.GET, path, "text/event-stream", this::read)
        .onFailure(e -> retry("cannot read the progress stream: " + JobOptions.describe(e)));
  }

  private void read(HttpClientResponse response) {
    try {
      listen(response);
    } catch (IllegalStateException alreadyEnded) {
      // Should the response end before its handlers are set, its events are lost: open it again
      // (the tracker counts each result once) rather than wait for an end that has passed.
      retry("the progress stream ended before it was read");
    }
  }

  private void listen(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      response.body().onComplete(body -> done.tryFail(new ServiceClient.FollowFailure("the progress stream answered "
          + new ServiceAnswer(response.statusCode(), body.succeeded() ? body.result().toString() : null).problem())));
      return;
    }
    boolean[] ended = {false};
    SseParser parser = new SseParser(event -> {
      switch (event.type()) {
        case "result" -> {
          if (tracker.add(new JsonObject(event.data()))) {
            onNewResult.run();
          }
        }
        case "done" -> done.tryComplete(new JsonObject(event.data()));
        default -> {
          // other events are not part of the contract: ignored
        }
      }
    });
    response.handler(chunk -> {
      try {
        parser.feed(chunk.getBytes());
      } catch (DecodeException e) {
        done.tryFail(new ServiceClient.FollowFailure("the progress stream sent an event that is not JSON"));
      }
    });
    response.exceptionHandler(e -> {
      if (!ended[0]) {
        ended[0] = true;
        retry("the progress stream broke: " + JobOptions.describe(e));
      }
    });
    response.endHandler(v -> {
      if (!ended[0]) {
        ended[0] = true;
        retry("the progress stream ended before the job was done");
      }
    });
  }

  private void retry(String why) {
    if (done.future().isComplete()) {
      return;
    }
    if (reconnects++ >= MAX_RECONNECTS) {
      done.tryFail(new ServiceClient.FollowFailure(why));
      return;
    }
    vertx.setTimer(250L * reconnects, t -> open());
  }
}
