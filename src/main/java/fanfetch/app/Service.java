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

/** Deploys one fanfetch node: the coordinator, the fetchers, then the HTTP API. */
public final class Service {

  private final HttpApiVerticle api;
  private final Settings settings;

  private Service(HttpApiVerticle api, Settings settings) {
    this.api = api;
    this.settings = settings;
  }

  public static Future<Service> deploy(Vertx vertx, JsonObject config) {
    Settings settings;
    try {
      settings = Settings.from(config);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    JsonObject withNode = config.copy();
    if (!withNode.containsKey("node")) {
      withNode.put("node", defaultNodeName());
    }
    DeploymentOptions options = new DeploymentOptions().setConfig(withNode);
    HttpApiVerticle api = new HttpApiVerticle();
    return vertx.deployVerticle(new CoordinatorVerticle(), options)
        .compose(id -> vertx.deployVerticle(FetcherVerticle::new,
            new DeploymentOptions(options).setInstances(settings.fetcherInstances())))
        .compose(id -> vertx.deployVerticle(api, options))
        .andThen(deployed -> NodeState.markReady(vertx, deployed.succeeded()))
        .map(id -> new Service(api, settings));
  }

  /** The HTTP port actually bound (differs from the configured one when that is 0). */
  public int port() {
    return api.actualPort();
  }

  public String host() {
    return settings.httpHost();
  }

  /** The node's name in results: the JVM's {@code pid@host}. */
  static String defaultNodeName() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
