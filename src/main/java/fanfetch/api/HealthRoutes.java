package fanfetch.api;

import fanfetch.model.NodeState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/** {@code /health/live} and {@code /health/ready}: open even when API keys are set (probes call them). */
final class HealthRoutes {

  private HealthRoutes() {
  }

  static void mount(Router router, Vertx vertx) {
    HealthCheckHandler live = HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK())));
    // HEAD answers as GET does, without the body (the server leaves it out).
    router.get("/health/live").handler(live);
    router.head("/health/live").handler(live);
    HealthChecks readiness = HealthChecks.create(vertx)
        .register("verticles", promise -> promise.complete(NodeState.ready(vertx)
            ? Status.OK() : Status.KO(new JsonObject().put("reason", "still deploying"))));
    if (vertx.isClustered()) {
      // Still a member of the cluster. (Not "cluster safe": that flips to DOWN on every node for the
      // seconds a dead node's data takes to re-balance, exactly when the others must serve.)
      readiness.register("cluster", promise -> promise.complete(
          NodeState.clusterManager(vertx).isActive()
              ? Status.OK() : Status.KO(new JsonObject().put("reason", "not a cluster member"))));
    }
    HealthCheckHandler ready = HealthCheckHandler.createWithHealthChecks(readiness);
    router.get("/health/ready").handler(ready);
    router.head("/health/ready").handler(ready);
  }
}
