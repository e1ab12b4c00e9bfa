package fanfetch.api;

import fanfetch.model.Addresses;
import fanfetch.model.JobIds;
import fanfetch.model.ReportHead;
import fanfetch.store.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * Finds a job's report wherever it is: the head from the job's coordinator (on any node) while it
 * runs, or from its record in the job store once it is finished; the results are always read from
 * the store. Used by the job routes and progress streams.
 */
final class JobLookup {

  /** Control requests are answered at once by a live job's coordinator; silence means it is gone. */
  private static final DeliveryOptions CONTROL = new DeliveryOptions().setSendTimeout(5_000)
      .addHeader(Addresses.SHARE_HEADER, "true");

  /** A running job whose coordinator does not answer: it is being taken over (or its node just died). */
  static final class Moving extends RuntimeException {
    Moving(String id) {
      super("job " + id + " is being taken over by another node; ask again in a moment", null, false, false);
    }
  }

  private final Vertx vertx;
  private final JobStore store;

  JobLookup(Vertx vertx, JobStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  JobStore store() {
    return store;
  }

  /**
   * Sends {@code op} to the job's coordinator; a job none holds is read from the store.
   *
   * @return the report's head, or null when no job has that id (malformed, unknown or expired); fails
   *     with {@link Moving} when the job runs but no coordinator answers for it now
   */
  Future<ReportHead> head(String id, String op) {
    if (!JobIds.isWellFormed(id)) {
      return Future.succeededFuture(null);
    }
    return vertx.eventBus().<ReportHead>request(Addresses.control(id), new JsonObject().put("op", op), CONTROL)
        .map(Message::body)
        .recover(e -> isGone(e) ? stored(id) : Future.failedFuture(e));
  }

  /**
   * The job's final head, once it ends (the {@code wait} control operation), waiting at most
   * {@code timeoutMs}: fails with a {@link ReplyFailure#TIMEOUT} {@link ReplyException} when it
   * has not ended by then, and as {@link #head} does when no coordinator holds it.
   */
  Future<ReportHead> whenEnded(String id, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions(CONTROL).setSendTimeout(Math.max(1, timeoutMs));
    return vertx.eventBus().<ReportHead>request(Addresses.control(id), new JsonObject().put("op", Addresses.OP_WAIT),
            options)
        .map(Message::body)
        .recover(e -> e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
            ? stored(id) : Future.failedFuture(e));
  }

  private Future<ReportHead> stored(String id) {
    return store.get(id).compose(record -> {
      if (record == null) {
        return Future.succeededFuture(null);
      }
      JsonObject head = record.json("head");
      return head != null ? Future.succeededFuture(new ReportHead(head)) : Future.failedFuture(new Moving(id));
    });
  }

  /**
   * The job's coordinator does not hold it (any more): no handler, or no answer (a request that
   * raced the control address going away is discarded). A finished job is then in the store.
   */
  private static boolean isGone(Throwable e) {
    return e instanceof ReplyException re
        && (re.failureType() == ReplyFailure.NO_HANDLERS || re.failureType() == ReplyFailure.TIMEOUT);
  }
}
