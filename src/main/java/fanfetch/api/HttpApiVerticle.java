package fanfetch.api;

import fanfetch.config.Settings;
import fanfetch.model.JobIds;
import fanfetch.model.Addresses;
import fanfetch.model.FinishedReport;
import fanfetch.model.SharedCodec;
import fanfetch.model.Problems;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import fanfetch.model.NodeState;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The HTTP face of fanfetch. Stateless: it checks what HTTP alone can check (body size, JSON,
 * credentials), turns each request into an event-bus message for the coordinator, and turns the
 * reply back into HTTP. Finished reports are read from the shared job store.
 */
public final class HttpApiVerticle extends VerticleBase {

  static final String JSON = "application/json";
  /** Control requests are answered at once by a live job's coordinator; silence means it is gone. */
  static final DeliveryOptions CONTROL_OPTIONS = new DeliveryOptions().setSendTimeout(5_000)
      .addHeader(Addresses.SHARE_HEADER, "true");
  /** Routing-context key: the caller's API key fingerprint. */
  private static final String CLIENT = "fanfetch.client";

  private Settings settings;
  private AsyncMap<String, FinishedReport> reports;
  private List<byte[]> apiKeys;
  private HttpServer server;
  /** The API description (OpenAPI 3.1), from the jar. */
  private Buffer openApi;
  private static final String OPENAPI = "fanfetch/openapi.json";

  /** The port the server listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    settings = Settings.from(config());
    SharedCodec.register(vertx);
    apiKeys = settings.apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    Router router = Router.router(vertx);
    router.route("/jobs*").handler(this::authenticate);
    // Health stays open (no API key): probes and load balancers call it.
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      if (settings.metricsRequireApiKey()) {
        router.route("/metrics").handler(this::authenticate);
      }
      router.get("/metrics").handler(PrometheusScrapingHandler.create(prometheus));
    }
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()))));
    HealthChecks readiness = HealthChecks.create(vertx)
        .register("verticles", promise -> promise.complete(NodeState.ready(vertx)
            ? Status.OK() : Status.KO(new JsonObject().put("reason", "still deploying"))));
    if (vertx.isClustered()) {
      // Still a member of the cluster. (Not "cluster safe": that flips to DOWN on every node for the
      // seconds a dead node's data takes to re-balance, exactly when the others must serve.)
      readiness.register("cluster", promise -> promise.complete(
          ((io.vertx.core.internal.VertxInternal) vertx).clusterManager().isActive()
              ? Status.OK() : Status.KO(new JsonObject().put("reason", "not a cluster member"))));
    }
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router.post("/jobs").handler(ctx -> {
      // A JobSpec is JSON whatever the request says: `curl -d` labels it a form, and the body
      // handler would then try to decode it as form fields (and fail on a long one).
      String type = ctx.request().getHeader("Content-Type");
      if (type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/"))) {
        ctx.request().headers().set("Content-Type", JSON);
      }
      ctx.next();
    });
    router.post("/jobs").handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
    router.post("/jobs").handler(this::submit);
    router.get("/jobs/:id").produces(JSON).produces(ReportStream.CSV).produces(ReportStream.NDJSON)
        .handler(this::get);
    router.get("/jobs/:id").handler(ctx -> problem(ctx, 406, "Not acceptable",
        "reports are available as " + JSON + ", " + ReportStream.CSV + " and " + ReportStream.NDJSON));
    router.delete("/jobs/:id").handler(this::cancel);
    router.get("/jobs/:id/events").handler(ctx -> new ProgressStream(vertx, ctx, reports).start(ctx.pathParam("id")));
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", JSON).end(openApi));
    // The web page (waterfall UI): static files from the jar, nothing loaded from the network.
    // Not cached for long: a new jar's page must not wait a day behind an old one in browsers.
    StaticHandler page = StaticHandler.create("webroot").setIndexPage("index.html").setMaxAgeSeconds(60);
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(page);
    router.errorHandler(404, ctx -> problem(ctx, 404, "Not found", "no resource at " + ctx.request().path()));
    router.errorHandler(405, ctx -> problem(ctx, 405, "Method not allowed",
        ctx.request().method() + " is not supported on " + ctx.request().path()));
    router.errorHandler(413, ctx -> problem(ctx, 413, "Request too large",
        "the request body exceeds " + settings.maxBodyBytes() + " bytes (http.maxBodyBytes)",
        new JsonObject().put("field", "body").put("message", "larger than " + settings.maxBodyBytes() + " bytes")));
    router.errorHandler(500, ctx -> problem(ctx, 500, "Internal error", "the request could not be handled"));

    return vertx.fileSystem().readFile(OPENAPI)
        .compose(document -> {
          openApi = document;
          return vertx.sharedData().<String, FinishedReport>getAsyncMap(Addresses.REPORTS_MAP);
        })
        .compose(map -> {
          reports = map;
          return vertx.createHttpServer(new HttpServerOptions()
                  .setHost(settings.httpHost())
                  .setPort(settings.httpPort()))
              .requestHandler(router)
              .listen();
        })
        .onSuccess(s -> server = s);
  }

  private void authenticate(RoutingContext ctx) {
    if (apiKeys.isEmpty()) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
      boolean known = false;
      for (byte[] key : apiKeys) {
        // Constant-time comparison, and every key is compared, so timing tells nothing.
        known |= MessageDigest.isEqual(key, presented);
      }
      if (known) {
        ctx.put(CLIENT, fingerprint(presented));
        ctx.next();
        return;
      }
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    problem(ctx, 401, "Unauthorized", "send Authorization: Bearer <api key>");
  }

  /** A short, one-way name for an API key: it identifies the client without revealing the key. */
  private static String fingerprint(byte[] key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key);
      return "key-" + java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void submit(RoutingContext ctx) {
    JsonObject spec;
    try {
      Buffer body = ctx.body().buffer();
      Object parsed = body == null || body.length() == 0 ? null : io.vertx.core.json.Json.decodeValue(body);
      if (!(parsed instanceof JsonObject object)) {
        problem(ctx, 400, "Invalid job", "the body must be a JSON object (a JobSpec)",
            new JsonObject().put("field", "body").put("message", "must be a JSON object"));
        return;
      }
      spec = object;
    } catch (DecodeException e) {
      problem(ctx, 400, "Invalid job", "the body is not valid JSON",
          new JsonObject().put("field", "body").put("message", "not valid JSON: " + firstLine(e.getMessage())));
      return;
    }
    boolean wait = !"false".equalsIgnoreCase(ctx.queryParams().get("wait"));
    // The node that received the job coordinates it (its tasks still go to fetchers on every node).
    // The coordinator only reads the spec: it is handed over, not copied (a 100,000-URL job's
    // spec is megabytes of objects).
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true).setCodecName(SharedCodec.SHARED_JSON);
    String client = ctx.get(CLIENT);
    if (client != null) {
      options.addHeader(Addresses.CLIENT_HEADER, client);
    }
    if (wait) {
      submitAndWait(ctx, spec, options);
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.JOBS, spec, options.addHeader(Addresses.REPLY_HEADER,
            Addresses.REPLY_ACCEPTED))
        .onSuccess(ack -> ctx.response().setStatusCode(202)
            .putHeader("Location", "/jobs/" + ack.body().getString("id"))
            .putHeader("Content-Type", JSON)
            .end(ack.body().toBuffer()))
        .onFailure(e -> replyFailure(ctx, e));
  }

  /**
   * Submits the job and waits for its final report in one request: the coordinator answers it when
   * the job ends. The id is chosen here, so that if the wait outlives its limit the answer can still
   * point at the job.
   */
  private void submitAndWait(RoutingContext ctx, JsonObject spec, DeliveryOptions options) {
    String id = JobIds.next();
    options.setSendTimeout(settings.waitTimeoutMs())
        .addHeader(Addresses.JOB_ID_HEADER, id)
        .addHeader(Addresses.SHARE_HEADER, "true");
    vertx.eventBus().<Object>request(Addresses.JOBS, spec, options)
        .onSuccess(reply -> json(ctx, 200, reply.body()))
        .onFailure(e -> {
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
            ctx.response().setStatusCode(202)
                .putHeader("Location", "/jobs/" + id)
                .putHeader("Content-Type", JSON)
                .end(new JsonObject().put("id", id).put("state", "running").toBuffer());
          } else {
            replyFailure(ctx, e);
          }
        });
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private void get(RoutingContext ctx) {
    String format = ctx.getAcceptableContentType();
    if (format == null || JSON.equals(format)) {
      ask(ctx, Addresses.OP_GET);
    } else {
      lookup(ctx, Addresses.OP_GET, report -> ReportStream.write(ctx.response(), asJson(report), format));
    }
  }

  private void cancel(RoutingContext ctx) {
    ask(ctx, Addresses.OP_CANCEL);
  }

  /** Asks the job's coordinator; a job it no longer holds is finished and read from the store. */
  private void ask(RoutingContext ctx, String op) {
    lookup(ctx, op, report -> json(ctx, 200, report));
  }

  private void lookup(RoutingContext ctx, String op, java.util.function.Consumer<Object> answer) {
    String id = ctx.pathParam("id");
    if (!JobIds.isWellFormed(id)) {
      problem(ctx, 404, "Job not found", "no job with id '" + id + "'");
      return;
    }
    vertx.eventBus().<Object>request(Addresses.control(id), new JsonObject().put("op", op), CONTROL_OPTIONS)
        .map(Message::body)
        .recover(e -> isGone(e) ? storedAfter(reports, id, e) : Future.failedFuture(e))
        .onSuccess(report -> {
          if (report == null) {
            problem(ctx, 404, "Job not found", "no job with id '" + id + "' (finished reports are kept "
                + settings.jobTtlMs() + " ms)");
          } else {
            answer.accept(report);
          }
        })
        .onFailure(e -> replyFailure(ctx, e));
  }

  /**
   * A report as the coordinator or the store gives it: a live one as {@link JsonObject}, a
   * finished one as {@link FinishedReport} (its encoded JSON).
   */
  static JsonObject asJson(Object report) {
    return report instanceof FinishedReport finished ? finished.toJson() : (JsonObject) report;
  }

  static boolean isNoHandlers(Throwable e) {
    return e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /**
   * The stored report of a job whose coordinator did not answer; null when unknown. A silent
   * coordinator whose job is not in the store is still a failure (not a 404).
   */
  static Future<Object> storedAfter(AsyncMap<String, FinishedReport> reports, String id, Throwable failure) {
    return reports.get(id).compose(report -> report != null || isNoHandlers(failure)
        ? Future.succeededFuture(report) : Future.failedFuture(failure));
  }

  /**
   * The job's coordinator no longer holds it: no handler, or (a request that raced the control
   * address going away is discarded) no answer. A finished job is then in the store.
   */
  static boolean isGone(Throwable e) {
    return e instanceof ReplyException re
        && (re.failureType() == ReplyFailure.NO_HANDLERS || re.failureType() == ReplyFailure.TIMEOUT);
  }

  /** A finished report goes out as the bytes it was stored as; a live one is encoded as it is sent. */
  private static void json(RoutingContext ctx, int status, Object report) {
    if (report instanceof FinishedReport finished) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(finished.json());
    } else {
      ReportStream.writeJson(ctx.response(), status, (JsonObject) report);
    }
  }

  /** Turns an event-bus failure into a problem answer; coordinator refusals carry their problem JSON. */
  private static void replyFailure(RoutingContext ctx, Throwable e) {
    if (e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && re.failureCode() >= 400 && re.failureCode() < 600) {
      JsonObject problem;
      try {
        problem = new JsonObject(re.getMessage());
      } catch (DecodeException notJson) {
        problem = Problems.problem(re.failureCode(), "Refused", re.getMessage());
      }
      if (re.failureCode() == 429) {
        ctx.response().putHeader("Retry-After", String.valueOf(problem.getInteger("retryAfter", 1)));
      }
      send(ctx, re.failureCode(), problem);
    } else if (isNoHandlers(e)) {
      problem(ctx, 503, "Unavailable", "no coordinator is running");
    } else if (e instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
      problem(ctx, 504, "Timeout", "the coordinator did not answer in time");
    } else {
      problem(ctx, 500, "Internal error", e.getMessage());
    }
  }

  static void problem(RoutingContext ctx, int status, String title, String detail, JsonObject... errors) {
    JsonObject problem = Problems.problem(status, title, detail);
    if (errors.length > 0) {
      problem.put("errors", new io.vertx.core.json.JsonArray(List.of((Object[]) errors)));
    }
    send(ctx, status, problem);
  }

  private static void send(RoutingContext ctx, int status, JsonObject problem) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", Problems.CONTENT_TYPE).end(problem.toBuffer());
  }
}
