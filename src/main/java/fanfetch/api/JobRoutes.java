package fanfetch.api;

import fanfetch.config.Settings;
import fanfetch.model.Addresses;
import fanfetch.model.FieldError;
import fanfetch.model.InvalidJobException;
import fanfetch.model.JobIds;
import fanfetch.model.JobSpecParser;
import fanfetch.model.ReportHead;
import fanfetch.model.SharedCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code /jobs}: a submission becomes one request to this node's coordinator (it coordinates what
 * it receives; its tasks still go to fetchers on every node), with an id chosen here; a waiting
 * submission then waits for the job's end ({@link WaitingAnswer}). A URL list streamed in as
 * {@code text/uri-list} or NDJSON is written into the job store first ({@link UrlUpload}). Reads
 * and cancels go to the job's coordinator, or the store once it is finished ({@link JobLookup});
 * listings come from the store ({@link JobList}).
 */
final class JobRoutes {

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(JobRoutes.class.getName());

  private final Vertx vertx;
  private final JobLookup lookup;
  private final JobSpecParser parser;
  private final int maxUrls;
  private final long waitTimeoutMs;
  private final long jobTtlMs;

  JobRoutes(Vertx vertx, JobLookup lookup, Settings settings) {
    this.vertx = vertx;
    this.lookup = lookup;
    this.parser = new JobSpecParser(settings.defaults(), settings.limits());
    this.maxUrls = settings.limits().maxUrlsPerJob();
    this.waitTimeoutMs = settings.waitTimeoutMs();
    this.jobTtlMs = settings.jobTtlMs();
  }

  /** A JSON JobSpec. */
  void submit(RoutingContext ctx) {
    JsonObject spec = specOf(ctx);
    if (spec != null) {
      send(ctx, spec, JobIds.next(), -1);
    }
  }

  /**
   * A URL list as the body ({@code format}), the JobSpec's other fields as query parameters ({@link QuerySpec}).
   * The options are checked before a byte of the list is read, by the parser the coordinator uses.
   */
  void submitStream(RoutingContext ctx, UrlLines format) {
    ctx.request().pause();
    QuerySpec.Converted query = QuerySpec.of(parameters(ctx));
    List<FieldError> errors = new ArrayList<>(query.errors());
    try {
      parser.parseWithoutUrls(query.spec(), 1);
    } catch (InvalidJobException e) {
      errors.addAll(e.errors());
    }
    if (!errors.isEmpty()) {
      refuseUpload(ctx, new InvalidJobException(400, errors));
      return;
    }
    String id = JobIds.next();
    UrlUpload upload = new UrlUpload(ctx.request(), lookup.store(), id, format, maxUrls);
    upload.read()
        .onSuccess(count -> send(ctx, query.spec(), id, count))
        .onFailure(e -> {
          if (e instanceof InvalidJobException refused) {
            refuseUpload(ctx, refused);
          } else if (!ctx.response().ended()) {
            ctx.response().reset();
          }
        });
  }

  /** A refused upload whose body is not read to its end: the connection is not reused. */
  private static void refuseUpload(RoutingContext ctx, InvalidJobException refused) {
    ctx.response().putHeader("Connection", "close");
    ProblemReplies.invalid(ctx, refused);
  }

  private static java.util.Map<String, List<String>> parameters(RoutingContext ctx) {
    java.util.Map<String, List<String>> all = new java.util.LinkedHashMap<>();
    ctx.queryParams().names().forEach(name -> all.put(name, ctx.queryParams().getAll(name)));
    return all;
  }

  /** The request's JobSpec, or null after answering 400 (not JSON, not an object). */
  private static JsonObject specOf(RoutingContext ctx) {
    try {
      Buffer body = ctx.body().buffer();
      Object parsed = body == null || body.length() == 0 ? null : StrictJson.parse(body);
      if (parsed instanceof JsonObject object) {
        return object;
      }
      ProblemReplies.problem(ctx, 400, "Invalid job", "the body must be a JSON object (a JobSpec)",
          new FieldError("body", "must be a JSON object"));
    } catch (StrictJson.DuplicateKey e) {
      // Which of the two values would count is a parser's whim: neither does.
      ProblemReplies.problem(ctx, 400, "Invalid job", "the key " + e.path + " is given more than once",
          new FieldError(e.path, "given more than once"));
    } catch (DecodeException e) {
      ProblemReplies.problem(ctx, 400, "Invalid job", "the body is not valid JSON",
          new FieldError("body", "not valid JSON: " + firstLine(e.getMessage())));
    }
    return null;
  }

  /**
   * Submits the job under the id chosen here and answers once the coordinator accepted it: 202 at
   * once with {@code ?wait=false}, else the report when the job ends.
   *
   * @param urlsStored how many URLs were streamed into the store under {@code id} (the spec has
   *     none), or -1 when they are in the spec; a refused job's stored URLs are deleted
   */
  private void send(RoutingContext ctx, JsonObject spec, String id, int urlsStored) {
    // The coordinator only reads the spec: it is handed over, not copied (a 100,000-URL job's
    // spec is megabytes of objects).
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true).setCodecName(SharedCodec.SHARED_JSON)
        .addHeader(Addresses.JOB_ID_HEADER, id)
        .addHeader(Addresses.REPLY_HEADER, Addresses.REPLY_ACCEPTED);
    String client = ApiKeys.client(ctx);
    if (client != null) {
      options.addHeader(Addresses.CLIENT_HEADER, client);
    }
    if (urlsStored >= 0) {
      options.addHeader(Addresses.URLS_STORED_HEADER, String.valueOf(urlsStored));
    }
    vertx.eventBus().<JsonObject>request(Addresses.JOBS, spec, options)
        .onSuccess(ack -> {
          String accepted = ack.body().getString("id");
          if ("false".equalsIgnoreCase(ctx.queryParams().get("wait"))) {
            accepted(ctx, accepted, ack.body());
          } else {
            WaitingAnswer.start(vertx, lookup, ctx.response(), accepted, waitTimeoutMs,
                "true".equalsIgnoreCase(ctx.queryParams().get("detach")));
          }
        })
        .onFailure(e -> {
          if (urlsStored > 0 && !(e instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT)) {
            // Refused (or no coordinator): no job will read them.
            lookup.store().deleteUrls(id, fanfetch.store.JobStore.chunks(urlsStored))
                .onComplete(deleted -> ProblemReplies.failure(ctx, e));
          } else {
            ProblemReplies.failure(ctx, e);
          }
        });
  }

  private static void accepted(RoutingContext ctx, String id, JsonObject body) {
    ctx.response().setStatusCode(202)
        .putHeader("Location", "/jobs/" + id)
        .putHeader(WaitingAnswer.JOB_ID_HEADER, id)
        .putHeader("Content-Type", HttpApiVerticle.JSON)
        .end(body.toBuffer());
  }

  /** {@code GET /jobs}: a page of the jobs in the store (with API keys, the caller's own). */
  void list(RoutingContext ctx) {
    JobList.Query query;
    try {
      query = JobList.query(ctx.queryParams().get("limit"), ctx.queryParams().get("after"));
    } catch (JobList.BadQuery e) {
      ProblemReplies.problem(ctx, 400, "Invalid query", e.getMessage(), e.error);
      return;
    }
    lookup.store().list()
        .onSuccess(records -> ctx.response().putHeader("Content-Type", HttpApiVerticle.JSON)
            .end(JobList.page(records, ApiKeys.client(ctx), query).toBuffer()))
        .onFailure(e -> ProblemReplies.failure(ctx, e));
  }

  void get(RoutingContext ctx) {
    String format = ctx.getAcceptableContentType();
    find(ctx, Addresses.OP_GET, head -> {
      Runnable done = () -> { };
      if (ReportStream.streamed(head, format)) {
        // A report written in chunks is a stream: it counts against the stream caps while it lasts.
        StreamLimits limits = StreamLimits.current();
        StreamGate.Permit permit = limits.gate().open(ApiKeys.client(ctx));
        if (permit == null) {
          refuseStream(ctx, limits, head.id());
          return;
        }
        done = permit::close;
      }
      if (format == null || HttpApiVerticle.JSON.equals(format)) {
        ReportStream.writeJson(ctx.response(), 200, head, lookup.store(), done);
      } else {
        ReportStream.write(ctx.response(), head, lookup.store(), format, done);
      }
    });
  }

  /** A stream over the node's or the key's cap: 429 with Retry-After, nothing read for it. */
  static void refuseStream(RoutingContext ctx, StreamLimits limits, String id) {
    String reason = limits.gate().refusal(ApiKeys.client(ctx));
    LOG.fine(() -> "stream of job " + id + " refused: " + reason);
    ctx.response().putHeader("Retry-After", String.valueOf(limits.retryAfterSeconds()));
    ProblemReplies.problem(ctx, 429, "Too many streams", "no stream can be opened now: " + reason);
  }

  void cancel(RoutingContext ctx) {
    find(ctx, Addresses.OP_CANCEL, head -> ReportStream.writeJson(ctx.response(), 200, head, lookup.store()));
  }

  private void find(RoutingContext ctx, String op, Consumer<ReportHead> answer) {
    String id = ctx.pathParam("id");
    if (!JobIds.isWellFormed(id)) {
      ProblemReplies.notFound(ctx, id);
      return;
    }
    lookup.head(id, op)
        .onSuccess(report -> {
          if (report == null) {
            ProblemReplies.problem(ctx, 404, "Job not found", "no job with id '" + id
                + "' (finished reports are kept " + jobTtlMs + " ms)");
          } else {
            answer.accept(report);
          }
        })
        .onFailure(e -> ProblemReplies.failure(ctx, e));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
