package fanfetch.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a clustered Vert.x on Hazelcast: {@code conf/cluster.xml} (or the copy in the jar, or a
 * named file), adjusted by the {@code FANFETCH_CLUSTER_*} environment variables so one jar runs on
 * a laptop, on VMs and in pods.
 */
public final class ClusterSetup {

  public static final String DEFAULT_FILE = "conf/cluster.xml";
  private static final String BUILT_IN = "/fanfetch/cluster.xml";

  private ClusterSetup() {
  }

  /** The Hazelcast configuration: the named file, else conf/cluster.xml, else the jar's copy. */
  public static Config hazelcastConfig(String file, Map<String, String> env) throws IOException {
    Config config;
    Path path = Path.of(file == null ? DEFAULT_FILE : file);
    if (Files.exists(path)) {
      try (InputStream in = Files.newInputStream(path)) {
        config = new XmlConfigBuilder(in).build();
      }
    } else if (file != null) {
      throw new IOException("cluster configuration " + file + " not found");
    } else {
      try (InputStream in = ClusterSetup.class.getResourceAsStream(BUILT_IN)) {
        config = new XmlConfigBuilder(in).build();
      }
    }
    return ClusterOverrides.apply(config, env);
  }

  /**
   * The job store's maps ({@code fanfetch.store.*}): {@code backups} synchronous copies of each
   * entry on other members, so a job survives that many members leaving at once; results kept as
   * objects, since they are merged in place by entry processors.
   */
  static Config withJobStore(Config config, int backups) {
    config.getMapConfig("fanfetch.store.*").setBackupCount(backups);
    config.getMapConfig(fanfetch.store.GridJobStore.RESULTS).setBackupCount(backups)
        .setInMemoryFormat(com.hazelcast.config.InMemoryFormat.OBJECT);
    return config;
  }

  /** Joins the cluster; the returned Vert.x runs with metrics like a single node's. */
  public static Future<Vertx> start(String file, Map<String, String> env) {
    return start(file, env, true);
  }

  public static Future<Vertx> start(String file, Map<String, String> env, boolean metrics) {
    return start(file, env, metrics, false);
  }

  public static Future<Vertx> start(String file, Map<String, String> env, boolean metrics, boolean perMessage) {
    return start(file, env, metrics, perMessage, 0);
  }

  /** @param eventLoops the event-loop pool size (0: Vert.x's default) */
  public static Future<Vertx> start(String file, Map<String, String> env, boolean metrics, boolean perMessage,
                                    int eventLoops) {
    return start(file, env, metrics, perMessage, eventLoops, 1);
  }

  /** @param backups copies of each job's data kept on other members ({@code cluster.backups}) */
  public static Future<Vertx> start(String file, Map<String, String> env, boolean metrics, boolean perMessage,
                                    int eventLoops, int backups) {
    Config hazelcast;
    try {
      hazelcast = withJobStore(hazelcastConfig(file, env), backups);
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(e);
    }
    VertxOptions options = VertxFactory.options(metrics, perMessage, eventLoops).setEventBusOptions(ClusterOverrides.eventBus(env));
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered();
  }
}
