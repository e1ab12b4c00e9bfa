package fanfetch.app;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import fanfetch.model.Addresses;
import fanfetch.model.NodeState;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Tells this node's coordinator, over the local event bus, when a cluster member joins or leaves.
 * Hazelcast notices a killed member within seconds (its heartbeat settings in cluster.xml), far
 * sooner than a task's reply timeout would.
 */
final class ClusterWatch {

  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private ClusterWatch() {
  }

  static void install(Vertx vertx) {
    if (!vertx.isClustered()
        || !(NodeState.clusterManager(vertx) instanceof HazelcastClusterManager hazelcast)) {
      return;
    }
    DeliveryOptions localOnly = new DeliveryOptions().setLocalOnly(true);
    hazelcast.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        publish(Addresses.NODE_JOINED, event);
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        publish(Addresses.NODE_LEFT, event);
      }

      /** Vert.x names a node by its own id, kept as a Hazelcast member attribute. */
      private void publish(String address, MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(VERTX_NODE_ID);
        if (nodeId != null) {
          vertx.eventBus().publish(address, nodeId, localOnly);
        }
      }
    });
  }
}
