package fanfetch.app;

import fanfetch.api.HttpApiVerticle;
import fanfetch.config.Settings;
import fanfetch.coordinator.CoordinatorVerticle;
import fanfetch.fetcher.FetcherVerticle;
import fanfetch.model.NodeState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;

/** Deploys one fanfetch node: the coordinator, the fetchers, then the HTTP API; or only the first two. */
public final class Service {

  private final HttpApiVerticle api;
  private final Settings settings;
  private final String node;

  private Service(HttpApiVerticle api, Settings settings, String node) {
    this.api = api;
    this.settings = settings;
    this.node = node;
  }

  /** The name results give for this node: the cluster node id when clustered. */
  public String node() {
    return node;
  }

  /** The whole node: the coordinator and the fetchers ({@link #deployWorkers}), then the HTTP API. */
  public static Future<Service> deploy(Vertx vertx, JsonObject config) {
    Settings settings;
    try {
      settings = Settings.from(config);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    JsonObject withNode = withNode(vertx, config);
    HttpApiVerticle api = new HttpApiVerticle();
    ClusterWatch.install(vertx);
    return deployWorkers(vertx, withNode, settings)
        .compose(v -> vertx.deployVerticle(api, new DeploymentOptions().setConfig(withNode)))
        .andThen(deployed -> NodeState.markReady(vertx, deployed.succeeded()))
        .map(id -> new Service(api, settings, withNode.getString("node")));
  }

  /**
   * What fetches, without the HTTP API: the coordinator, then {@code fetchers.instances} fetchers.
   * The node ({@link #deploy}) and the command line's in-process {@code fetch} both start with it.
   * A config without a {@code node} name gets this process's.
   */
  public static Future<Void> deployWorkers(Vertx vertx, JsonObject config) {
    try {
      return deployWorkers(vertx, withNode(vertx, config), Settings.from(config));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<Void> deployWorkers(Vertx vertx, JsonObject config, Settings settings) {
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    loadTimeZoneRules();
    return vertx.deployVerticle(new CoordinatorVerticle(), options)
        .compose(id -> vertx.deployVerticle(FetcherVerticle::new,
            new DeploymentOptions(options).setInstances(settings.fetcherInstances())))
        .mapEmpty();
  }

  /** A copy of the config, so what the verticles are given never changes under them. */
  private static JsonObject withNode(Vertx vertx, JsonObject config) {
    JsonObject copy = config.copy();
    if (!copy.containsKey("node")) {
      copy.put("node", nodeName(vertx));
    }
    return copy;
  }

  /**
   * The JDK reads its time-zone rules from a file the first time a log line is formatted. Read
   * now, while descriptors are free: read first when the process has run out of them (and logs
   * that it has), the failure kills the event loop thread that logged.
   */
  private static void loadTimeZoneRules() {
    java.time.zone.ZoneRulesProvider.getAvailableZoneIds();
    java.time.ZonedDateTime.now();
  }

  /**
   * Stops the node the way a rolling restart needs: readiness goes DOWN at once (load balancers stop
   * sending), the coordinator takes no more jobs, lets the fetches in flight finish for up to
   * {@code shutdown.graceMs}, stores their results and lets its jobs go for another member to take
   * over (alone, they stay in the data directory for the next start). Close Vert.x once this
   * completes, as a step of its own: a future chained after {@code vertx.close()} here would
   * complete on an event loop that close has shut down, that is never.
   */
  public static Future<Void> drain(Vertx vertx, long graceMs) {
    NodeState.markReady(vertx, false);
    long until = System.currentTimeMillis() + graceMs;
    // The coordinator stops sending, then tells the fetchers to take no more tasks (see its drain).
    return vertx.eventBus().request(fanfetch.model.Addresses.DRAIN, null,
            new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(Math.max(1, graceMs + 2_000)))
        .<Void>mapEmpty()
        .recover(timedOut -> Future.succeededFuture())
        .compose(v -> fetchersIdle(vertx, until));
  }

  /** Completes once every fetcher of this node has stopped taking tasks and has no fetch under way, or at {@code untilMs}. */
  private static Future<Void> fetchersIdle(Vertx vertx, long untilMs) {
    boolean allStopped = !NodeState.fetchersStopped(vertx).values().contains(false);
    if (allStopped && NodeState.busyFetchers(vertx).isEmpty() || System.currentTimeMillis() >= untilMs) {
      return Future.succeededFuture();
    }
    io.vertx.core.Promise<Void> idle = io.vertx.core.Promise.promise();
    vertx.setTimer(50, t -> fetchersIdle(vertx, untilMs).onComplete(idle));
    return idle.future();
  }

  public long graceMs() {
    return settings.durability().graceMs();
  }

  /** The HTTP port actually bound (differs from the configured one when that is 0). */
  public int port() {
    return api.actualPort();
  }

  public String host() {
    return settings.httpHost();
  }

  /** The node's name in results: its cluster node id, or the JVM's {@code pid@host} when alone. */
  static String nodeName(Vertx vertx) {
    if (vertx.isClustered()) {
      return NodeState.clusterManager(vertx).getNodeId();
    }
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
