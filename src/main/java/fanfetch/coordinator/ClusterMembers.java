package fanfetch.coordinator;

import fanfetch.model.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.util.function.Consumer;

/** Keeps a coordinator's {@link Members} in step with the cluster (empty on a node that is not clustered). */
final class ClusterMembers {

  private ClusterMembers() {
  }

  /**
   * The members now, kept current as nodes join; {@code onLeft} runs when one leaves (after it is
   * removed). The joins and departures come from {@code ClusterWatch} as local events.
   */
  static Members watch(Vertx vertx, Consumer<String> onLeft) {
    Members members = new Members();
    if (vertx.isClustered()) {
      // Vert.x has no public API for the member list: the cluster manager is reached through VertxInternal.
      members.reset(((VertxInternal) vertx).clusterManager().getNodes());
      vertx.eventBus().<String>localConsumer(Addresses.NODE_JOINED, m -> members.add(m.body()));
      vertx.eventBus().<String>localConsumer(Addresses.NODE_LEFT, m -> onLeft.accept(m.body()));
    }
    return members;
  }
}
