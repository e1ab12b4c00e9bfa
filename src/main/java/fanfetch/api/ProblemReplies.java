package fanfetch.api;

import fanfetch.model.FieldError;
import fanfetch.model.Problems;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Every refused or failed request is answered here, as an RFC 9457 problem. */
final class ProblemReplies {

  private ProblemReplies() {
  }

  static void problem(RoutingContext ctx, int status, String title, String detail, FieldError... errors) {
    JsonObject problem = Problems.problem(status, title, detail);
    if (errors.length > 0) {
      JsonArray list = new JsonArray();
      for (FieldError error : errors) {
        list.add(error.toJson());
      }
      problem.put("errors", list);
    }
    send(ctx, status, problem);
  }

  /** A job refused before it reached a coordinator (the same problem a coordinator would answer). */
  static void invalid(RoutingContext ctx, fanfetch.model.InvalidJobException refused) {
    send(ctx, refused.status(), refused.toProblem());
  }

  static void notFound(RoutingContext ctx, String id) {
    problem(ctx, 404, "Job not found", "no job with id '" + id + "'");
  }

  /** Turns an event-bus failure into a problem answer; coordinator refusals carry their problem JSON. */
  static void failure(RoutingContext ctx, Throwable e) {
    ReplyFailure type = e instanceof ReplyException re ? re.failureType() : null;
    if (type == ReplyFailure.RECIPIENT_FAILURE && ((ReplyException) e).failureCode() >= 400
        && ((ReplyException) e).failureCode() < 600) {
      int code = ((ReplyException) e).failureCode();
      JsonObject problem;
      try {
        problem = new JsonObject(e.getMessage());
      } catch (DecodeException notJson) {
        problem = Problems.problem(code, "Refused", e.getMessage());
      }
      if (code == 429) {
        ctx.response().putHeader("Retry-After", String.valueOf(problem.getInteger("retryAfter", 1)));
      }
      send(ctx, code, problem);
    } else if (type == ReplyFailure.NO_HANDLERS) {
      problem(ctx, 503, "Unavailable", "no coordinator is running");
    } else if (type == ReplyFailure.TIMEOUT) {
      problem(ctx, 504, "Timeout", "the coordinator did not answer in time");
    } else if (e instanceof JobLookup.Moving) {
      ctx.response().putHeader("Retry-After", "1");
      problem(ctx, 503, "Unavailable", e.getMessage());
    } else {
      problem(ctx, 500, "Internal error", e.getMessage());
    }
  }

  /**
   * An overload or time-out answered outside the router (by the body gate): the problem,
   * {@code Retry-After} when {@code retryAfterSeconds} is positive, and {@code Connection: close}; the
   * connection gate then closes the connection (after a short linger, so the answer is not lost to a
   * reset while the client is still sending), and nothing more of the body is handed on.
   */
  static void closing(HttpServerRequest request, int status, int retryAfterSeconds, String title, String detail) {
    request.response().putHeader("Connection", "close");
    overloaded(request.response(), status, retryAfterSeconds, title, detail);
  }

  /** Answers the problem, with {@code Retry-After} when {@code retryAfterSeconds} is positive. */
  static Future<Void> overloaded(HttpServerResponse response, int status, int retryAfterSeconds, String title,
                                 String detail) {
    if (response.ended() || response.closed()) {
      return Future.succeededFuture();
    }
    if (retryAfterSeconds > 0) {
      response.putHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }
    return response.setStatusCode(status).putHeader("Content-Type", Problems.CONTENT_TYPE)
        .end(Problems.problem(status, title, detail).toBuffer());
  }

  private static void send(RoutingContext ctx, int status, JsonObject problem) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", Problems.CONTENT_TYPE).end(problem.toBuffer());
  }
}
