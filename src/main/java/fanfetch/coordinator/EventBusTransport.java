package fanfetch.coordinator;

import fanfetch.protocol.TaskBatch;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.function.Consumer;

/**
 * Task batches on the event bus. Across nodes a batch is a request the fetcher acknowledges at
 * once, so silence means no fetcher took it; on one node the fetchers are always there, and a plain
 * send spares a message per batch (the overdue sweep still covers a batch that found none).
 */
record EventBusTransport(Vertx vertx, long replyMarginMs) implements Dispatcher.Transport {

  @Override
  public void send(String address, TaskBatch batch, Consumer<Throwable> onFailure) {
    if (vertx.isClustered()) {
      vertx.eventBus().request(address, batch, new DeliveryOptions().setSendTimeout(Math.max(1, replyMarginMs)))
          .onFailure(onFailure::accept);
    } else {
      vertx.eventBus().send(address, batch);
    }
  }
}
