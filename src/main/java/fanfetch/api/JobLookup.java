package fanfetch.api;

import fanfetch.model.Addresses;
import fanfetch.model.FinishedReport;
import fanfetch.model.JobIds;
import fanfetch.model.Report;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

/**
 * Finds a job's report wherever it is: a live job through its coordinator's control address (on
 * any node), a finished one in the shared job store. Used by the job routes and progress streams.
 */
final class JobLookup {

  /** Control requests are answered at once by a live job's coordinator; silence means it is gone. */
  private static final DeliveryOptions CONTROL = new DeliveryOptions().setSendTimeout(5_000)
      .addHeader(Addresses.SHARE_HEADER, "true");

  private final Vertx vertx;
  private final AsyncMap<String, FinishedReport> reports;

  JobLookup(Vertx vertx, AsyncMap<String, FinishedReport> reports) {
    this.vertx = vertx;
    this.reports = reports;
  }

  /**
   * Sends {@code op} to the job's coordinator; a job it no longer holds is read from the store.
   *
   * @return the report, or null when no job has that id (malformed, unknown or expired)
   */
  Future<Report> report(String id, String op) {
    if (!JobIds.isWellFormed(id)) {
      return Future.succeededFuture(null);
    }
    return vertx.eventBus().<Report>request(Addresses.control(id), new JsonObject().put("op", op), CONTROL)
        .map(Message::body)
        .recover(e -> isGone(e) ? storedAfter(id, e) : Future.failedFuture(e));
  }

  /**
   * The stored report of a job whose coordinator did not answer; null when unknown. A silent
   * coordinator whose job is not in the store is still a failure (not a 404).
   */
  private Future<Report> storedAfter(String id, Throwable failure) {
    return reports.get(id).compose(report -> report != null || isNoHandlers(failure)
        ? Future.succeededFuture(report) : Future.failedFuture(failure));
  }

  /**
   * The job's coordinator no longer holds it: no handler, or (a request that raced the control
   * address going away is discarded) no answer. A finished job is then in the store.
   */
  private static boolean isGone(Throwable e) {
    return isNoHandlers(e) || e instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT;
  }

  private static boolean isNoHandlers(Throwable e) {
    return e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
