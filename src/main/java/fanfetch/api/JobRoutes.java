package fanfetch.api;

import fanfetch.model.Addresses;
import fanfetch.model.FieldError;
import fanfetch.model.JobIds;
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

import java.util.function.Consumer;

/**
 * {@code /jobs}: a submission becomes one request to this node's coordinator (it coordinates what
 * it receives; its tasks still go to fetchers on every node); reads and cancels go to the job's
 * coordinator, or the store once it is finished ({@link JobLookup}).
 */
final class JobRoutes {

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(JobRoutes.class.getName());

  private final Vertx vertx;
  private final JobLookup lookup;
  private final long waitTimeoutMs;
  private final long jobTtlMs;

  JobRoutes(Vertx vertx, JobLookup lookup, long waitTimeoutMs, long jobTtlMs) {
    this.vertx = vertx;
    this.lookup = lookup;
    this.waitTimeoutMs = waitTimeoutMs;
    this.jobTtlMs = jobTtlMs;
  }

  void submit(RoutingContext ctx) {
    JsonObject spec = specOf(ctx);
    if (spec == null) {
      return;
    }
    // The coordinator only reads the spec: it is handed over, not copied (a 100,000-URL job's
    // spec is megabytes of objects).
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true).setCodecName(SharedCodec.SHARED_JSON);
    String client = ApiKeys.client(ctx);
    if (client != null) {
      options.addHeader(Addresses.CLIENT_HEADER, client);
    }
    if ("false".equalsIgnoreCase(ctx.queryParams().get("wait"))) {
      vertx.eventBus().<JsonObject>request(Addresses.JOBS, spec,
              options.addHeader(Addresses.REPLY_HEADER, Addresses.REPLY_ACCEPTED))
          .onSuccess(ack -> accepted(ctx, ack.body().getString("id"), ack.body()))
          .onFailure(e -> ProblemReplies.failure(ctx, e));
    } else {
      submitAndWait(ctx, spec, options);
    }
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
   * Submits the job and waits for its final report in one request: the coordinator answers it when
   * the job ends. The id is chosen here, so that if the wait outlives its limit the answer can still
   * point at the job.
   */
  private void submitAndWait(RoutingContext ctx, JsonObject spec, DeliveryOptions options) {
    String id = JobIds.next();
    options.setSendTimeout(waitTimeoutMs)
        .addHeader(Addresses.JOB_ID_HEADER, id)
        .addHeader(Addresses.SHARE_HEADER, "true");
    vertx.eventBus().<ReportHead>request(Addresses.JOBS, spec, options)
        .onSuccess(reply -> ReportStream.writeJson(ctx.response(), 200, reply.body(), lookup.store()))
        .onFailure(e -> {
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
            accepted(ctx, id, new JsonObject().put("id", id).put("state", "running"));
          } else if (movedOn(e)) {
            // Its coordinator let it go (taken over, or shutting down): wait where it went.
            waitFor(ctx, id, System.currentTimeMillis() + waitTimeoutMs);
          } else {
            ProblemReplies.failure(ctx, e);
          }
        });
  }

  /** The job went to another coordinator while the submitter waited. */
  private static boolean movedOn(Throwable e) {
    return e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && re.failureCode() == 503 && re.getMessage() != null && re.getMessage().contains("moved");
  }

  /** Waits for the job's end through its control address, wherever its coordinator is now. */
  private void waitFor(RoutingContext ctx, String id, long untilMs) {
    long left = untilMs - System.currentTimeMillis();
    if (left <= 0) {
      accepted(ctx, id, new JsonObject().put("id", id).put("state", "running"));
      return;
    }
    lookup.head(id, Addresses.OP_WAIT)
        .onSuccess(head -> ReportStream.writeJson(ctx.response(), 200, head, lookup.store()))
        .onFailure(e -> vertx.setTimer(500, t -> waitFor(ctx, id, untilMs)));
  }

  private static void accepted(RoutingContext ctx, String id, JsonObject body) {
    ctx.response().setStatusCode(202)
        .putHeader("Location", "/jobs/" + id)
        .putHeader("Content-Type", HttpApiVerticle.JSON)
        .end(body.toBuffer());
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
