package fanfetch.api;

import fanfetch.config.ApiLimits;
import fanfetch.config.Settings;
import fanfetch.model.FieldError;
import fanfetch.model.SharedCodec;
import fanfetch.store.JobStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * The HTTP face of fanfetch: builds the router and listens. Stateless: what HTTP alone can check
 * (credentials, body size, JSON) is checked by the routes' handlers ({@link ApiKeys},
 * {@link JobRoutes}); everything else is an event-bus request to a coordinator.
 */
public final class HttpApiVerticle extends VerticleBase {

  static final String JSON = "application/json";
  /** The API description (OpenAPI 3.1), from the jar. */
  private static final String OPENAPI = "fanfetch/openapi.json";

  private HttpServer server;

  /** The port the server listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    Settings settings = Settings.from(config());
    SharedCodec.register(vertx);
    JobLookup lookup = new JobLookup(vertx, JobStores.of(vertx, settings.durability()));
    ApiLimits limits = settings.apiLimits();
    long heap = Runtime.getRuntime().maxMemory();
    ConnectionGate connections = new ConnectionGate(vertx,
        new ConnectionCount(limits.connectionCap(openFileLimit()), limits.healthConnections()),
        limits.headerTimeoutMs(), limits.idleTimeoutMs(), settings.retryAfterSeconds());
    new StreamLimits(vertx, limits.streamBuffer(heap), limits.streamStallMs(),
        new StreamGate(limits.streamCap(heap), limits.maxStreamsPerClient()), settings.retryAfterSeconds(),
        connections::abort).install(context);
    BodyGate bodies = new BodyGate(vertx, new BodyBudget(limits.bodyBudget(heap, settings.maxBodyBytes())),
        settings.maxBodyBytes(), limits.bodyTimeoutMs(), settings.retryAfterSeconds());
    ProgressFeeds feeds = new ProgressFeeds(vertx, ProgressFeeds.storeReadsFor(heap));
    return vertx.fileSystem().readFile(OPENAPI)
        .map(openApi -> router(settings, openApi, lookup, feeds))
        .compose(router -> vertx.createHttpServer(new HttpServerOptions()
                .setHost(settings.httpHost())
                .setPort(settings.httpPort())
                // HTTP/1.1 only (TLS, where used, ends at a proxy): the gates count a socket as one
                // connection, and an h2c upgrade would make it two connections to Vert.x.
                .setHttp2ClearTextEnabled(false))
            // Every connection and request passes the gates first: connections and bodies are
            // bounded before the router (or any route) sees a byte.
            .connectionHandler(connections)
            .requestHandler(request -> {
              if (connections.admit(request)) {
                HttpServerRequest metered = bodies.meter(request);
                if (metered != null) {
                  router.handle(metered);
                }
              }
            })
            .listen())
        .onSuccess(s -> server = s);
  }

  /** The process's open-file limit, or -1 where the JVM cannot tell. */
  private static long openFileLimit() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
  }

  private Router router(Settings settings, Buffer openApi, JobLookup lookup, ProgressFeeds feeds) {
    Router router = Router.router(vertx);
    ApiKeys keys = new ApiKeys(settings.apiKeys());
    router.route("/jobs*").handler(keys);
    // Health stays open (no API key): probes and load balancers call it.
    HealthRoutes.mount(router, vertx);
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      if (settings.metricsRequireApiKey()) {
        router.route("/metrics").handler(keys);
      }
      router.get("/metrics").handler(PrometheusScrapingHandler.create(prometheus));
      router.head("/metrics").handler(PrometheusScrapingHandler.create(prometheus));
    }
    JobRoutes jobs = new JobRoutes(vertx, lookup, settings);
    router.post("/jobs").handler(ctx -> {
      // A JobSpec is JSON whatever the request says: `curl -d` labels it a form, and the body
      // handler would then try to decode it as form fields (and fail on a long one).
      String type = ctx.request().getHeader("Content-Type");
      if (type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/"))) {
        ctx.request().headers().set("Content-Type", JSON);
      }
      ctx.next();
    });
    // A URL list streamed as the body is read as it comes (bounded by the URL count, not http.maxBodyBytes).
    for (UrlLines format : UrlLines.values()) {
      router.post("/jobs").consumes(format.mediaType()).handler(ctx -> jobs.submitStream(ctx, format));
    }
    router.post("/jobs").handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
    router.post("/jobs").handler(jobs::submit);
    router.get("/jobs").handler(jobs::list);
    router.get("/jobs/:id").produces(JSON).produces(ReportStream.CSV).produces(ReportStream.NDJSON)
        .handler(jobs::get);
    router.get("/jobs/:id").handler(ctx -> ProblemReplies.problem(ctx, 406, "Not acceptable",
        "reports are available as " + JSON + ", " + ReportStream.CSV + " and " + ReportStream.NDJSON));
    router.delete("/jobs/:id").handler(jobs::cancel);
    router.get("/jobs/:id/events").handler(ctx -> new ProgressStream(ctx, lookup, feeds).start(ctx.pathParam("id")));
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", JSON).end(openApi));
    // HEAD answers as GET does, without the body (the server leaves it out).
    router.head("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", JSON).end(openApi));
    // The web page (waterfall UI): static files from the jar, nothing loaded from the network.
    // Not cached for long: a new jar's page must not wait a day behind an old one in browsers.
    StaticHandler page = StaticHandler.create("webroot").setIndexPage("index.html").setMaxAgeSeconds(60);
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(page);
    router.errorHandler(404, ctx -> ProblemReplies.problem(ctx, 404, "Not found",
        "no resource at " + ctx.request().path()));
    router.errorHandler(405, ctx -> {
      String allowed = AllowedMethods.of(ctx.request().path());
      ctx.response().putHeader("Allow", allowed);
      ProblemReplies.problem(ctx, 405, "Method not allowed",
          ctx.request().method() + " is not supported on " + ctx.request().path() + "; allowed: " + allowed);
    });
    router.errorHandler(413, ctx -> ProblemReplies.problem(ctx, 413, "Request too large",
        "the request body exceeds " + settings.maxBodyBytes() + " bytes (http.maxBodyBytes)",
        new FieldError("body", "larger than " + settings.maxBodyBytes() + " bytes")));
    router.errorHandler(500, ctx -> ProblemReplies.problem(ctx, 500, "Internal error",
        "the request could not be handled"));
    return router;
  }
}
