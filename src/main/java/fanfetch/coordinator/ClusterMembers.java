package fanfetch.coordinator;

import fanfetch.model.Addresses;
import fanfetch.model.NodeState;
import io.vertx.core.Vertx;

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
      members.reset(NodeState.clusterManager(vertx).getNodes());
      vertx.eventBus().<String>localConsumer(Addresses.NODE_JOINED, m -> members.add(m.body()));
      vertx.eventBus().<String>localConsumer(Addresses.NODE_LEFT, m -> onLeft.accept(m.body()));
    }
    return members;
  }
}
