package fanfetch.cluster;

import fanfetch.app.ClusterOverrides;
import fanfetch.app.ClusterSetup;
import fanfetch.app.Service;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One test cluster on loopback: a cluster name of its own and a Hazelcast port base of its own
 * (other builds on this machine may run clusters at the same time), so it never merges with
 * another. Starts in-JVM nodes and gives the environment child JVMs need to join it.
 */
final class LoopbackCluster implements AutoCloseable {

  /** What Hazelcast needs on Java 17 (the pom's hazelcast.argLine; deploy/ uses the same). */
  static final List<String> JVM_FLAGS = List.of(
      "--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  static final long START_SECONDS = 90;

  final String name = "fanfetch-test-" + UUID.randomUUID();
  /**
   * Hazelcast port base, above the 5701..5720 of a default local cluster; the 20 ports from it
   * are this cluster's (cluster.xml: port-count 20).
   */
  final int portBase = 5740 + 20 * ThreadLocalRandom.current().nextInt(60);
  private final List<Node> nodes = new ArrayList<>();

  /** An in-JVM node: its clustered Vert.x and the fanfetch service deployed on it. */
  record Node(Vertx vertx, Service service) {
    String id() {
      return service.node();
    }

    int port() {
      return service.port();
    }
  }

  /** The FANFETCH_CLUSTER_* variables of a node or client of this cluster. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put(ClusterOverrides.NAME, name);
    env.put(ClusterOverrides.PORT, String.valueOf(portBase));
    env.put(ClusterOverrides.HOST, "127.0.0.1");
    env.put(ClusterOverrides.MEMBERS, "127.0.0.1");
    return env;
  }

  /** Joins the cluster with a fresh Hazelcast config and deploys a node (coordinator, fetchers, API). */
  Node start(JsonObject config) throws Exception {
    Vertx vertx = ClusterSetup.start(null, env()).await(START_SECONDS, TimeUnit.SECONDS);
    try {
      Node node = new Node(vertx, Service.deploy(vertx, config).await(START_SECONDS, TimeUnit.SECONDS));
      synchronized (nodes) {
        nodes.add(node);
      }
      return node;
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /** Closes every node, each bounded in time; the first failure is thrown after all were tried. */
  @Override
  public void close() {
    List<Node> all;
    synchronized (nodes) {
      all = List.copyOf(nodes);
      nodes.clear();
    }
    RuntimeException first = null;
    for (Node node : all) {
      try {
        node.vertx().close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("a cluster node did not close: " + e, e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
