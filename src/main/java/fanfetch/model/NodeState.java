package fanfetch.model;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.spi.cluster.ClusterManager;

/** This node's readiness, shared between the code that deploys it and the health endpoint. */
public final class NodeState {

  private static final String MAP = "fanfetch.node";
  private static final String READY = "ready";

  private NodeState() {
  }

  /**
   * This node's cluster manager, or null when it runs alone. Vert.x 5 has no public accessor for
   * it (the member list, the node id, the data grid behind it): this is the one place fanfetch
   * reaches it, through {@code VertxInternal}.
   */
  public static ClusterManager clusterManager(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
  }

  /** Set once every verticle of the node is deployed (and, when clustered, the node has joined). */
  public static void markReady(Vertx vertx, boolean ready) {
    state(vertx).put(READY, ready);
  }

  public static boolean ready(Vertx vertx) {
    return Boolean.TRUE.equals(state(vertx).get(READY));
  }

  /**
   * This node's fetcher instances, each with whether it has stopped taking tasks (its consumers are
   * gone): a drain is over only once every one has, else a fetcher that had not yet heard of the
   * drain could take a batch just before the node closes.
   */
  public static LocalMap<String, Boolean> fetchersStopped(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP + ".fetchers-stopped");
  }

  /** While the node drains: the fetcher instances that still have fetches under way. */
  public static LocalMap<String, Boolean> busyFetchers(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP + ".busy-fetchers");
  }

  private static LocalMap<String, Boolean> state(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
