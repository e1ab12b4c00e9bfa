package fanfetch.cluster;

import fanfetch.testing.OriginAndNode;
import fanfetch.testing.ServiceFixture;
import fanfetch.testing.TestOrigin;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test origin, on a Vert.x outside the cluster, and a {@link LoopbackCluster} of in-JVM nodes
 * whose guard lets them reach it: the first nodes start before the class's first test, and all
 * are closed after its last, the nodes before the origin. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OriginAndCluster fixture = OriginAndCluster.ofNodes(2);
 * }</pre>
 */
final class OriginAndCluster implements BeforeAllCallback, AfterAllCallback {

  private final int firstNodes;
  private final OriginAndNode origin = OriginAndNode.originOnly();
  private final LoopbackCluster cluster = new LoopbackCluster();
  private final List<LoopbackCluster.Node> nodes = new ArrayList<>();

  private OriginAndCluster(int firstNodes) {
    this.firstNodes = firstNodes;
  }

  /** An origin and a cluster of {@code n} nodes. */
  static OriginAndCluster ofNodes(int n) {
    return new OriginAndCluster(n);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    origin.start();
    for (int i = 0; i < firstNodes; i++) {
      startNode();
    }
  }

  /**
   * Another node joins the cluster. Call it from one thread: two Hazelcast members starting at the
   * same instant may each form a cluster of their own.
   */
  LoopbackCluster.Node startNode() throws Exception {
    LoopbackCluster.Node node = cluster.start(ServiceFixture.configFor(origin.origin()));
    nodes.add(node);
    return node;
  }

  /** The i-th node started (from 0). */
  LoopbackCluster.Node node(int i) {
    return nodes.get(i);
  }

  /** The FANFETCH_CLUSTER_* variables of a node or client that is to join this cluster. */
  Map<String, String> env() {
    return cluster.env();
  }

  TestOrigin origin() {
    return origin.origin();
  }

  /** The origin's {@code http://127.0.0.1:port} + path. */
  String url(String path) {
    return origin.url(path);
  }

  /** The Vert.x of the origin: outside the cluster, for the test's own clients. */
  Vertx vertx() {
    return origin.vertx();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      cluster.close();
    } finally {
      origin.close();
    }
  }
}
