package fanfetch.testing;

import fanfetch.fetcher.FetcherVerticle;
import fanfetch.guard.HostLookup;
import fanfetch.model.Addresses;
import fanfetch.protocol.FetchTask;
import fanfetch.protocol.ProtocolCodecs;
import fanfetch.protocol.ResultBatch;
import fanfetch.protocol.TaskBatch;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetchers talked to as a coordinator would: task batches sent on {@link Addresses#FETCH}, results
 * collected from the reply address. For tests of the fetcher alone (a host lookup of the test's
 * own, tasks no job parser would let through). Every call blocks the test thread until all
 * results are in (bounded by {@link Node#ANSWER_SECONDS}).
 */
public final class FetcherFixture implements AutoCloseable {

  private static final AtomicLong SEND_IDS = new AtomicLong();

  private final Vertx vertx;
  private final boolean ownsVertx;

  private FetcherFixture(Vertx vertx, boolean ownsVertx) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
  }

  /** One fetcher on a Vert.x instance of its own, resolving names with {@code lookup}. */
  public static FetcherFixture start(JsonObject config, HostLookup lookup) {
    Vertx own = Vertx.vertx();
    try {
      Node.await(own.deployVerticle(() -> FetcherVerticle.resolvingWith(lookup),
          new DeploymentOptions().setConfig(config)));
      return new FetcherFixture(own, true);
    } catch (RuntimeException | Error e) {
      own.close();
      throw e;
    }
  }

  /** The fetchers already deployed on {@code vertx} (a node's). */
  public static FetcherFixture on(Vertx vertx) {
    return new FetcherFixture(vertx, false);
  }

  /** A task as a coordinator would send it for a job with default settings. */
  public static FetchTask task(String jobId, int index, String url, Map<String, String> headers) {
    return new FetchTask(SEND_IDS.incrementAndGet(), jobId, index, url, "GET", headers, 10_000, 5_000, true, 5,
        1L << 30, true, 0, List.of("h2", "http/1.1"), 1);
  }

  public static FetchTask task(String jobId, int index, String url) {
    return task(jobId, index, url, Map.of());
  }

  /** Sends the tasks as one batch and returns their results, in the tasks' order. */
  public List<JsonObject> run(List<FetchTask> tasks) {
    ProtocolCodecs.register(vertx);
    String replyTo = "fanfetch.test.results." + UUID.randomUUID();
    Map<Long, JsonObject> results = new HashMap<>();
    Promise<Void> all = Promise.promise();
    MessageConsumer<ResultBatch> consumer = vertx.eventBus().consumer(replyTo, message -> {
      for (ResultBatch.Entry entry : message.body().results()) {
        if (results.put(entry.sendId(), entry.result()) != null) {
          all.tryFail(new AssertionError("a second result for send " + entry.sendId()));
        }
      }
      if (results.size() == tasks.size()) {
        all.tryComplete();
      }
    });
    try {
      Node.await(consumer.completion());
      vertx.eventBus().send(Addresses.FETCH, new TaskBatch(replyTo, List.copyOf(tasks), null));
      Node.await(all.future());
    } finally {
      consumer.unregister();
    }
    List<JsonObject> ordered = new ArrayList<>();
    for (FetchTask task : tasks) {
      ordered.add(results.get(task.sendId()));
    }
    return ordered;
  }

  public JsonObject fetch(FetchTask task) {
    return run(List.of(task)).get(0);
  }

  @Override
  public void close() {
    if (ownsVertx) {
      Node.await(vertx.close());
    }
  }
}
