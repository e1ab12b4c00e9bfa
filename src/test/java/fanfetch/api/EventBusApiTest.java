package fanfetch.api;

import fanfetch.model.Addresses;
import fanfetch.testing.OriginAndNode;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The event-bus entry point, as a user's own Vert.x code would use it. */
class EventBusApiTest {

  @RegisterExtension
  static final OriginAndNode fixture = OriginAndNode.withDefaults();

  /** The event bus of the fixture's Vert.x, where the node listens: the caller is in the node's own process. */
  private static EventBus eventBus() {
    return fixture.vertx().eventBus();
  }

  @Test
  void aJobSpecSentToFanfetchJobsIsAnsweredWithTheReport() {
    JsonObject spec = new JsonObject().put("urls", new JsonArray().add(fixture.url("/bytes/100"))
        .add(fixture.url("/status/503")));

    Message<JsonObject> reply = eventBus().<JsonObject>request(Addresses.JOBS, spec,
        new DeliveryOptions().setSendTimeout(10_000)).await();

    JsonObject report = reply.body();
    assertThat(report.getString("state")).isEqualTo("done");
    assertThat(report.getJsonArray("results")).hasSize(2);
    assertThat(report.getJsonArray("results").getJsonObject(0).getLong("bytes")).isEqualTo(100L);
    assertThat(report.getJsonArray("results").getJsonObject(1).getInteger("status")).isEqualTo(503);
  }

  @Test
  void anInvalidJobSpecFailsWithReplyCode400AndTheProblem() {
    ReplyException failure = catchThrowableOfType(ReplyException.class, () ->
        eventBus().request(Addresses.JOBS, new JsonObject().put("urls", new JsonArray())).await());

    assertThat(failure.failureCode()).isEqualTo(400);
    JsonObject problem = new JsonObject(failure.getMessage());
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("urls");
  }

  @Test
  void progressIsPublishedPerUrlThenTheReport() throws Exception {
    JsonObject spec = new JsonObject().put("urls", new JsonArray().add(fixture.url("/delay/300?p=1"))
        .add(fixture.url("/delay/400?p=2")));
    JsonObject ack = eventBus().<JsonObject>request(Addresses.JOBS, spec,
        new DeliveryOptions().addHeader(Addresses.REPLY_HEADER, Addresses.REPLY_ACCEPTED)).await().body();
    String id = ack.getString("id");
    List<String> kinds = new CopyOnWriteArrayList<>();
    CompletableFuture<JsonObject> done = new CompletableFuture<>();

    MessageConsumer<JsonObject> consumer = eventBus().consumer(Addresses.progress(id), m -> {
      kinds.add(m.headers().get(Addresses.EVENT_HEADER));
      if (Addresses.EVENT_DONE.equals(m.headers().get(Addresses.EVENT_HEADER))) {
        done.complete(m.body());
      }
    });
    consumer.completion().await();

    JsonObject report = done.get(10, TimeUnit.SECONDS);
    assertThat(kinds).containsExactly("result", "result", "done");
    assertThat(report.getString("id")).isEqualTo(id);
    consumer.unregister().await();
  }

  @Test
  void aJobCanBeWaitedForAndCancelledThroughItsControlAddress() {
    JsonObject spec = new JsonObject().put("urls", new JsonArray().add(fixture.url("/hang?c=1")))
        .put("timeoutMs", 60_000);
    String id = eventBus().<JsonObject>request(Addresses.JOBS, spec,
        new DeliveryOptions().addHeader(Addresses.REPLY_HEADER, Addresses.REPLY_ACCEPTED)).await().body()
        .getString("id");

    var waiting = eventBus().<JsonObject>request(Addresses.control(id), new JsonObject().put("op", "wait"));
    JsonObject cancelled = eventBus().<JsonObject>request(Addresses.control(id),
        new JsonObject().put("op", "cancel")).await().body();

    assertThat(cancelled.getString("state")).isEqualTo("cancelled");
    assertThat(waiting.await().body().getString("state")).isEqualTo("cancelled");
    List<String> states = new ArrayList<>();
    states.add(cancelled.getJsonArray("results").getJsonObject(0).getJsonObject("error").getString("kind"));
    assertThat(states).containsExactly("cancelled");
  }
}
