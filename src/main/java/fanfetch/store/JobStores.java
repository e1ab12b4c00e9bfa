package fanfetch.store;

import fanfetch.config.Durability;
import fanfetch.model.NodeState;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.nio.file.Path;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The one job store of each node (each Vert.x instance), opened by the first of its verticles that
 * asks: the cluster's maps when clustered, else the local disk or memory ({@code jobs.store}).
 */
public final class JobStores {

  private static final Map<Vertx, JobStore> STORES = new WeakHashMap<>();

  private JobStores() {
  }

  public static synchronized JobStore of(Vertx vertx, Durability durability) {
    return STORES.computeIfAbsent(vertx, v -> open(v, durability));
  }

  /** The node's store, once one of its verticles has opened it. */
  public static synchronized JobStore of(Vertx vertx) {
    JobStore store = STORES.get(vertx);
    if (store == null) {
      throw new IllegalStateException("this node has no job store open");
    }
    return store;
  }

  private static JobStore open(Vertx vertx, Durability durability) {
    if (vertx.isClustered()) {
      // The data grid behind the cluster manager.
      var manager = NodeState.clusterManager(vertx);
      if (manager instanceof HazelcastClusterManager hazelcast) {
        return new GridJobStore(vertx, hazelcast.getHazelcastInstance());
      }
      throw new IllegalStateException("the job store needs the Hazelcast cluster manager, not " + manager);
    }
    return durability.onDisk() ? SqliteJobStore.open(vertx, Path.of(durability.dataDir())) : new MemoryJobStore(vertx);
  }

  /** Closes the node's store (its owner, the coordinator, stops). */
  public static synchronized io.vertx.core.Future<Void> close(Vertx vertx) {
    JobStore store = STORES.remove(vertx);
    return store == null ? io.vertx.core.Future.succeededFuture() : store.close();
  }
}
